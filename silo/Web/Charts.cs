using System.Globalization;
using System.Net;
using System.Text;
using Prioritise.Domain;
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
    /// Both axes have a scale, each point is numbered with the bid's rank (the results table above
    /// names them, and the description lists them for a screen reader), and the cap's label stays
    /// inside the chart even when the cap is its right-hand edge (issue 14: "Ca").
    /// </summary>
    public static string ValueForMoney(IReadOnlyList<BidResult> ranked, decimal cap)
    {
        const int width = 900, height = 360, left = 70, bottom = 50, top = 20, right = 20;
        var scored = ranked.Select((r, i) => (Result: r, Rank: i + 1)).Where(r => r.Result.IsScored).ToList();
        var totalCost = (double)Math.Max(cap, scored.Sum(r => r.Result.AmountRequested));
        var cumulative = scored.Sum(r => r.Result.WeightedMean!.Value);
        var yStep = TickStep(Math.Max(cumulative, 1));
        var totalValue = Math.Ceiling(Math.Max(cumulative, 1) / yStep) * yStep;
        double X(double pounds) => left + pounds / totalCost * (width - left - right);
        double Y(double value) => height - bottom - value / totalValue * (height - top - bottom);
        var capText = "Cap " + Display.Pounds(cap);
        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg role=\"img\" aria-labelledby=\"vfm-title vfm-desc\" viewBox=\"0 0 {width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title id=\"vfm-title\">Value for money curve</title>");
        var desc = new StringBuilder($"Cumulative cost of the bids in ranked order against their cumulative weighted mean score; the red line marks the cap of {Display.Pounds(cap)}.");
        if (scored.Count == 0) desc.Append(" No bid has been scored yet.");
        double cost = 0, value = 0;
        foreach (var (r, rank) in scored)
        {
            cost += (double)r.AmountRequested;
            value += r.WeightedMean!.Value;
            desc.Append(Inv, $" Point {rank}, {r.Title}: {Display.Pounds((decimal)cost)} for a value of {value:0.0}.");
        }
        svg.Append("<desc id=\"vfm-desc\">").Append(WebUtility.HtmlEncode(desc.ToString())).Append("</desc>");
        svg.Append(Inv, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"#0b0c0c\"/>");
        svg.Append(Inv, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"#0b0c0c\"/>");
        svg.Append(Inv, $"<text x=\"{(width + left) / 2}\" y=\"{height - 10}\" text-anchor=\"middle\">Cumulative cost (£000s)</text>");
        svg.Append(Inv, $"<text x=\"14\" y=\"{(height - bottom + top) / 2}\" transform=\"rotate(-90 14 {(height - bottom + top) / 2})\" text-anchor=\"middle\">Cumulative value</text>");
        var step = TickStep(totalCost / 1000) * 1000;
        for (var pounds = 0.0; pounds <= totalCost + 1; pounds += step)
            svg.Append(Inv, $"<text x=\"{F(X(pounds))}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\">{pounds / 1000:N0}</text>");
        // The value scale: ticks and faint grid lines at round steps up to the top of the axis.
        for (var v = 0.0; v <= totalValue + 1e-9; v += yStep)
            svg.Append(Inv, $"<line x1=\"{left - 4}\" x2=\"{width - right}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" stroke=\"#dddddd\"/><text x=\"{left - 8}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\">{F(v)}</text>");
        var points = new StringBuilder($"{left},{height - bottom}");
        cost = 0; value = 0;
        foreach (var (r, _) in scored)
        {
            cost += (double)r.AmountRequested;
            value += r.WeightedMean!.Value;
            points.Append(Inv, $" {F(X(cost))},{F(Y(value))}");
        }
        svg.Append(Inv, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"3\"/>");
        cost = 0; value = 0;
        foreach (var (r, rank) in scored)
        {
            cost += (double)r.AmountRequested;
            value += r.WeightedMean!.Value;
            svg.Append(Inv, $"<circle cx=\"{F(X(cost))}\" cy=\"{F(Y(value))}\" r=\"4\" fill=\"#1d70b8\"/>");
            svg.Append(Inv, $"<text x=\"{F(X(cost) - 6)}\" y=\"{F(Y(value) - 8)}\" text-anchor=\"end\" font-size=\"14\">{rank}</text>");
        }
        var capX = X((double)cap);
        svg.Append(Inv, $"<line x1=\"{F(capX)}\" y1=\"{top}\" x2=\"{F(capX)}\" y2=\"{height - bottom}\" stroke=\"#d4351c\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
        // About 9 px a character at this size: beyond the right edge, the label goes left of the line.
        var fitsRight = capX + 6 + capText.Length * 9 <= width;
        svg.Append(Inv, $"<text x=\"{F(fitsRight ? capX + 6 : capX - 6)}\" y=\"{top + 12}\" text-anchor=\"{(fitsRight ? "start" : "end")}\" fill=\"#b3291a\">{WebUtility.HtmlEncode(capText)}</text>");
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
