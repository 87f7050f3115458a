using Prioritise.Domain.Analytics;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Tests.Analytics;

/// <summary>Issue 14 item 14: the analysis in the committee's words. Each sentence is written out by hand.</summary>
public class AnalysisWordingTests
{
    private static readonly Dictionary<string, string> Titles = new()
    {
        ["falls"] = "Falls prevention", ["housing"] = "Housing First", ["rehab"] = "Pulmonary rehab",
    };

    private static string Names(IReadOnlyList<string> ids) => string.Join(", ", ids.Select(id => Titles[id]));

    private static FundingChance Chance(string id, int rank, bool funded, double? mean) =>
        new(id, Titles[id], 10_000m, rank, funded, mean, funded ? 0.6 : 0.4, false, null, null);

    [Theory]
    [InlineData(0, "no members")]
    [InlineData(1, "1 member")]
    [InlineData(4, "4 members")]
    [InlineData(1200, "1,200 members")]
    public void Counts_say_their_plural(int n, string text) =>
        Assert.Equal(text, AnalysisWording.Count(n, "member", "members"));

    [Fact]
    public void A_threshold_is_never_shown_as_the_weight_it_already_is()
    {
        // 40.004 at two decimals is 40.00, the agreed weight: it takes three to tell them apart.
        Assert.Equal("40.004", AnalysisWording.Weight(40.004, 40m));
        Assert.Equal("52.5", AnalysisWording.Weight(52.5, 40m));
        Assert.Equal("33.33", AnalysisWording.Weight(100.0 / 3, 40m));
    }

    [Fact]
    public void A_change_at_the_agreed_weight_is_any_move_at_all_and_a_tie_at_the_line()
    {
        var tie = new WeightThreshold(40.0, 0, ["housing"], ["falls"]);
        Assert.Equal("Any rise at all: Housing First enters, Falls prevention leaves (they tie at the funding line now)",
            AnalysisWording.WeightMove(40m, tie, up: true, Names));
        var later = new WeightThreshold(52.5, 0.3125, ["housing", "rehab"], []);
        Assert.Equal("To 52.5: Housing First, Pulmonary rehab enter", AnalysisWording.WeightMove(40m, later, up: true, Names));
        Assert.Equal("No change at any weight", AnalysisWording.WeightMove(40m, null, up: false, Names));
    }

    [Fact]
    public void Bids_either_side_of_the_line_with_the_same_mean_are_a_tie_at_the_line()
    {
        // Falls (6.3, funded) and Housing (6.3, not funded) tie; Rehab's 6.2 is below both.
        var bids = new[] { Chance("falls", 1, true, 6.3), Chance("housing", 2, false, 6.3), Chance("rehab", 3, false, 6.2) };
        var tie = Assert.Single(AnalysisWording.TiesAtTheLine(bids));
        Assert.Equal(("falls", "housing"), (tie.Funded.BidId, tie.NotFunded.BidId));
        Assert.Equal("Falls prevention and Housing First tie at the funding line on a weighted mean of 6.3: the tie-breaks " +
                     "(value per £1k, then the lower SD) fund Falls prevention. Discuss it.", AnalysisWording.Tie(tie));
        Assert.Empty(AnalysisWording.TiesAtTheLine([Chance("falls", 1, true, 6.3), Chance("rehab", 2, false, 6.2)]));
        // A bid with no sheets ties with nothing.
        Assert.Empty(AnalysisWording.TiesAtTheLine([Chance("falls", 1, true, null), Chance("rehab", 2, false, null)]));
    }

    [Fact]
    public void A_negative_intraclass_correlation_is_said_with_a_minus_sign_and_what_it_means_and_no_k0()
    {
        var icc = new IntraclassCorrelation(ScorerCalibration.IccForm, 4, 16, 4.0, 1, 2, 0.5, 0.7, -0.45, null, null, -1.8, null, null);
        var text = AnalysisWording.Icc(icc);
        Assert.Equal("Intraclass correlation, one member's total: \u22120.45; the mean of a panel of 4 members' totals: \u22121.80. " +
                     "Below zero means the members' totals for the same bid differ more than the bids do: no agreement beyond chance.", text);
        Assert.DoesNotContain("k0", text);
        var good = icc with { K0 = 2.66, Single = 0.4, Average = 0.64 };
        Assert.Equal("Intraclass correlation, one member's total: 0.40; the mean of a panel of 2.7 members' totals: 0.64.", AnalysisWording.Icc(good));
    }

    [Fact]
    public void Kendalls_w_says_which_members_and_bids_it_covers()
    {
        var w = new Concordance(0.625, ["ash", "sam", "kim"], ["falls", "housing"], 3.75, 1, 0.05);
        Assert.Equal("Kendall's W 0.63 (1 is full agreement on the order, 0 none), over the 3 members and 2 bids in which every member " +
                     "scored every bid (of 4 members and 4 scored bids; conflicts of interest leave the rest incomplete).",
            AnalysisWording.KendallsW(w, members: 4, bids: 4));
        Assert.Equal("Kendall's W 0.63 (1 is full agreement on the order, 0 none), over all 3 members and 2 bids.",
            AnalysisWording.KendallsW(w, members: 3, bids: 2));
    }

    [Fact]
    public void No_bid_for_discussion_is_not_every_bid_agreeing_when_nothing_has_two_sheets()
    {
        Assert.Equal("No bid has enough sheets yet to say how far its scorers agree (that takes two submitted sheets).",
            AnalysisWording.NoneForDiscussion([Agreement.Insufficient, Agreement.Insufficient]));
        Assert.Equal("No bid has enough sheets yet to say how far its scorers agree (that takes two submitted sheets).",
            AnalysisWording.NoneForDiscussion([]));
        Assert.Equal("Every scored bid has High or Medium agreement.", AnalysisWording.NoneForDiscussion([Agreement.High, Agreement.Medium]));
        Assert.Equal("No bid has Low agreement; 1 bid has too few sheets to tell.",
            AnalysisWording.NoneForDiscussion([Agreement.High, Agreement.Insufficient]));
    }

    [Theory]
    [InlineData(-1.8, 2, "\u22121.80")]
    [InlineData(0.004, 2, "0.00")]
    [InlineData(-0.004, 2, "0.00")]
    [InlineData(0.625, 2, "0.63")]
    public void Signed_figures_use_a_minus_sign_and_no_minus_zero(double value, int decimals, string text) =>
        Assert.Equal(text, AnalysisWording.Signed(value, decimals));
}
