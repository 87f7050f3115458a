using System.Globalization;
using System.Net;
using System.Text;
using Prioritise.Domain.Scoring;

namespace Prioritise.Silo.Web;

/// <summary>
/// Charts drawn on the server as SVG, for what people would rather see than read. Each has a
/// title and a text description so a screen reader gets the same story.
/// </summary>
public static class Charts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string F(double v) => v.ToString("0.##", Inv);

    /// <summary>
    /// One line per bid: each scorer's total as a dot on the scale, the mean as a bar and the
    /// mean plus and minus one SD as a band, so disagreement shows at a glance.
    /// </summary>
    public static string ScorerSpread(IReadOnlyList<BidResult> bids, IReadOnlyDictionary<string, IReadOnlyList<double>> totals, int min, int max)
    {
        const int left = 260, right = 20, rowHeight = 26, top = 30;
        const int width = 900;
        var plot = width - left - right;
        var height = top + rowHeight * bids.Count + 10;
        double X(double score) => left + (score - min) / (max - min) * plot;
        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg role=\"img\" aria-labelledby=\"spread-title spread-desc\" viewBox=\"0 0 {width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title id=\"spread-title\">Scorers' totals for each bid</title>");
        svg.Append("<desc id=\"spread-desc\">Each dot is one scorer's weighted total; the black bar is the mean and the shaded band is one standard deviation either side.</desc>");
        for (var s = min; s <= max; s++)
            svg.Append(Inv, $"<line x1=\"{F(X(s))}\" x2=\"{F(X(s))}\" y1=\"{top - 8}\" y2=\"{height - 10}\" stroke=\"#dddddd\"/><text x=\"{F(X(s))}\" y=\"{top - 12}\" text-anchor=\"middle\">{s}</text>");
        for (var i = 0; i < bids.Count; i++)
        {
            var b = bids[i];
            var y = top + i * rowHeight + rowHeight / 2;
            svg.Append(Inv, $"<text x=\"{left - 8}\" y=\"{y + 4}\" text-anchor=\"end\">{WebUtility.HtmlEncode(Clip(b.Title, 38))}</text>");
            if (b.WeightedMean is { } mean)
            {
                if (b.StandardDeviation is { } sd)
                {
                    var lo = Math.Max(min, mean - sd);
                    var hi = Math.Min(max, mean + sd);
                    svg.Append(Inv, $"<rect x=\"{F(X(lo))}\" y=\"{y - 8}\" width=\"{F(X(hi) - X(lo))}\" height=\"16\" fill=\"#d2e2f1\"/>");
                }
                foreach (var t in totals.GetValueOrDefault(b.BidId) ?? [])
                    svg.Append(Inv, $"<circle cx=\"{F(X(t))}\" cy=\"{y}\" r=\"4\" fill=\"#1d70b8\" fill-opacity=\"0.7\"/>");
                svg.Append(Inv, $"<rect x=\"{F(X(mean) - 1.5)}\" y=\"{y - 10}\" width=\"3\" height=\"20\" fill=\"#0b0c0c\"/>");
            }
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// The value-for-money curve: cumulative cost against cumulative value (sum of weighted means)
    /// walking the ranked list, with the cap marked; where it flattens, money buys little value.
    /// </summary>
    public static string ValueForMoney(IReadOnlyList<BidResult> ranked, decimal cap)
    {
        const int width = 900, height = 360, left = 70, bottom = 50, top = 20, right = 20;
        var scored = ranked.Where(r => r.IsScored).ToList();
        var totalCost = (double)Math.Max(cap, scored.Sum(r => r.AmountRequested));
        var totalValue = Math.Max(1, scored.Sum(r => r.WeightedMean!.Value));
        double X(double pounds) => left + pounds / totalCost * (width - left - right);
        double Y(double value) => height - bottom - value / totalValue * (height - top - bottom);
        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg role=\"img\" aria-labelledby=\"vfm-title vfm-desc\" viewBox=\"0 0 {width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title id=\"vfm-title\">Value for money curve</title>");
        svg.Append(Inv, $"<desc id=\"vfm-desc\">Cumulative cost of the bids in ranked order against their cumulative weighted mean score; the red line marks the cap of £{cap:N0}.</desc>");
        svg.Append(Inv, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"#0b0c0c\"/>");
        svg.Append(Inv, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"#0b0c0c\"/>");
        svg.Append(Inv, $"<text x=\"{(width + left) / 2}\" y=\"{height - 10}\" text-anchor=\"middle\">Cumulative cost (£000s)</text>");
        svg.Append(Inv, $"<text x=\"14\" y=\"{(height - bottom + top) / 2}\" transform=\"rotate(-90 14 {(height - bottom + top) / 2})\" text-anchor=\"middle\">Cumulative value</text>");
        var step = TickStep(totalCost / 1000) * 1000;
        for (var pounds = 0.0; pounds <= totalCost + 1; pounds += step)
            svg.Append(Inv, $"<text x=\"{F(X(pounds))}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\">{pounds / 1000:N0}</text>");
        var points = new StringBuilder($"{left},{height - bottom}");
        double cost = 0, value = 0;
        foreach (var r in scored)
        {
            cost += (double)r.AmountRequested;
            value += r.WeightedMean!.Value;
            points.Append(Inv, $" {F(X(cost))},{F(Y(value))}");
        }
        svg.Append(Inv, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"3\"/>");
        cost = 0; value = 0;
        foreach (var r in scored)
        {
            cost += (double)r.AmountRequested;
            value += r.WeightedMean!.Value;
            svg.Append(Inv, $"<circle cx=\"{F(X(cost))}\" cy=\"{F(Y(value))}\" r=\"4\" fill=\"#1d70b8\"><title>{WebUtility.HtmlEncode(r.Title)}: £{cost / 1000:N0}k, value {value:0.0}</title></circle>");
        }
        var capX = X((double)cap);
        svg.Append(Inv, $"<line x1=\"{F(capX)}\" y1=\"{top}\" x2=\"{F(capX)}\" y2=\"{height - bottom}\" stroke=\"#d4351c\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
        svg.Append(Inv, $"<text x=\"{F(capX + 6)}\" y=\"{top + 12}\" fill=\"#d4351c\">Cap £{cap / 1000:N0}k</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A round step (1, 2 or 5 times a power of ten) giving at most about six ticks.</summary>
    private static double TickStep(double range)
    {
        var raw = Math.Max(range, 1) / 6;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * power).First(s => s >= raw);
    }

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
