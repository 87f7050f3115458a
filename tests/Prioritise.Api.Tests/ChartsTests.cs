using System.Text.RegularExpressions;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Silo.Web;

namespace Prioritise.Api.Tests;

/// <summary>Issue 14 item 14: the value-for-money chart's labels. Positions worked from the chart's own layout (900 x 360, plot 70..880).</summary>
public sealed partial class ChartsTests
{
    private static BidResult Bid(string id, string title, decimal amount, double? mean) =>
        new(id, title, amount, mean is null ? 0 : 2, mean, mean is null ? null : 0.5, mean is null ? Agreement.Insufficient : Agreement.High,
            mean is null ? null : mean / (double)(amount / 1000m), new Dictionary<string, double>(), mean, mean);

    [GeneratedRegex("<text x=\"([0-9.]+)\" y=\"32\" text-anchor=\"(start|end)\" fill=\"#b3291a\">([^<]*)</text>")]
    private static partial Regex CapLabel();

    [Fact]
    public void With_nothing_scored_the_cap_label_stays_inside_the_chart_whole()
    {
        // Nothing scored: the axis runs to the cap, so the cap line is the right edge (x = 880) and
        // the label goes to its left, anchored at its end (874), not off the chart as "Ca".
        var svg = Charts.ValueForMoney([Bid("falls", "Falls prevention", 40_000m, null)], 200_000m);
        var label = CapLabel().Match(svg);
        Assert.True(label.Success, svg);
        Assert.Equal(("874", "end", "Cap £200,000"), (label.Groups[1].Value, label.Groups[2].Value, System.Net.WebUtility.HtmlDecode(label.Groups[3].Value)));
        Assert.Contains("No bid has been scored yet.", svg);
    }

    [Fact]
    public void The_points_are_numbered_by_rank_and_the_value_axis_has_a_scale()
    {
        // Means 8 and 6.5 add up to 14.5; the scale's step for 14.5 is 5 (at most about six ticks),
        // so the axis runs 0, 5, 10, 15. The cap (100k) is left of the end (125k): its label is to its right.
        var svg = Charts.ValueForMoney([Bid("falls", "Falls prevention", 40_000m, 8), Bid("housing", "Housing First", 85_000m, 6.5)], 100_000m);
        foreach (var tick in new[] { "0", "5", "10", "15" })
            Assert.Matches($"text-anchor=\"end\">{tick}</text>", svg);
        Assert.DoesNotMatch("text-anchor=\"end\">20</text>", svg);
        Assert.Contains("font-size=\"14\">1</text>", svg);
        Assert.Contains("font-size=\"14\">2</text>", svg);
        Assert.Contains("Point 1, Falls prevention: £40,000 for a value of 8.0.", System.Net.WebUtility.HtmlDecode(svg));
        Assert.Contains("Point 2, Housing First: £125,000 for a value of 14.5.", System.Net.WebUtility.HtmlDecode(svg));
        Assert.Equal("start", CapLabel().Match(svg).Groups[2].Value);
    }
}
