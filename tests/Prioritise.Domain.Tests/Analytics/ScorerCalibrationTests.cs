using Prioritise.Domain.Analytics;
using Prioritise.Domain.Scoring;
using static Prioritise.Domain.Tests.Analytics.AnalyticsBuilders;

namespace Prioritise.Domain.Tests.Analytics;

/// <summary>Leniency and consistency, z-score normalised results, ICC(1) and Kendall's W.</summary>
public class ScorerCalibrationTests
{
    private static SubmittedScores S(string member, int score) => Builders.Sheet(member, score);

    /// <summary>
    /// One criterion, so a total is the score. Four GBP 100k bids, cap GBP 100k (one bid funded):
    ///   b1: fair 8, harsh 4       mean 6
    ///   b2: fair 6, lenient 9     mean 7.5
    ///   b3: lenient 7, harsh 5    mean 6
    ///   b4: fair 4, lenient 6, harsh 2   mean 4
    /// b1 and b3 tie on 6.0 and on value per GBP; b3 has the smaller SD (1.41 against 2.83): ranks b2, b3, b1, b4.
    /// </summary>
    private static ScoredRound Panel() => Scored(Builders.SingleCriterionRound() with { FundingCap = 100_000m },
        Bid("b1", 100_000m, S("fair", 8), S("harsh", 4)),
        Bid("b2", 100_000m, S("fair", 6), S("lenient", 9)),
        Bid("b3", 100_000m, S("lenient", 7), S("harsh", 5)),
        Bid("b4", 100_000m, S("fair", 4), S("lenient", 6), S("harsh", 2)));

    [Fact]
    public void Leniency_is_the_mean_departure_from_the_bid_means_and_consistency_its_SD()
    {
        var names = new Dictionary<string, string> { ["fair"] = "Fair Member" };
        var scorers = ScorerCalibration.Compute(Panel(), names, normalised: false).Scorers;
        Assert.Equal(["fair", "harsh", "lenient"], scorers.Select(s => s.MemberId));
        Assert.Equal(["Fair Member", "harsh", "lenient"], scorers.Select(s => s.Name));

        // fair: b1 8 - 6 = +2, b2 6 - 7.5 = -1.5, b4 4 - 4 = 0: mean 1/6; SD of (2, -1.5, 0) = sqrt(37/12).
        var fair = scorers[0];
        Assert.Equal(3, fair.Sheets);
        Assert.Equal(1.0 / 6, fair.Leniency, 12);
        Assert.Equal(Math.Sqrt(37.0 / 12), fair.Consistency!.Value, 12);
        Assert.Equal(6.0, fair.MeanTotal, 12);
        Assert.Equal(2.0, fair.SpreadOfTotals!.Value, 12);
        // harsh: -2, -1, -2: mean -5/3, SD sqrt(1/3). lenient: +1.5, +1, +2: mean 1.5, SD 0.5.
        Assert.Equal(-5.0 / 3, scorers[1].Leniency, 12);
        Assert.Equal(Math.Sqrt(1.0 / 3), scorers[1].Consistency!.Value, 12);
        Assert.Equal(1.5, scorers[2].Leniency, 12);
        Assert.Equal(0.5, scorers[2].Consistency!.Value, 12);
    }

    /// <summary>
    /// z-scores: fair (8, 6, 4: mean 6, SD 2) gives b1 +1, b2 0, b4 -1. lenient (9, 7, 6: mean 22/3,
    /// SD sqrt(7/3)) and harsh (4, 5, 2: mean 11/3, SD sqrt(7/3)). Mean z:
    ///   b1 = (1 + (4 - 11/3)/sqrt(7/3)) / 2 = 0.6091     b2 = (0 + (9 - 22/3)/sqrt(7/3)) / 2 = 0.5455
    ///   b3 = ((7 - 22/3) + (5 - 11/3))/sqrt(7/3) / 2 = 0.3273    b4 = -0.9880
    /// So b1, marked down by the harsh member, comes first and takes the one funded place from b2.
    /// </summary>
    [Fact]
    public void On_z_scores_the_bid_a_harsh_member_marked_down_takes_the_funded_place()
    {
        var normalised = ScorerCalibration.Compute(Panel(), NoNames, normalised: true).Normalised!;
        Assert.Equal(["b2", "b3", "b1", "b4"], normalised.Select(r => r.BidId));
        Assert.Equal([1, 2, 3, 4], normalised.Select(r => r.Rank));
        Assert.Equal([true, false, false, false], normalised.Select(r => r.Funded));

        var root = Math.Sqrt(7.0 / 3);
        var b1 = normalised.Single(r => r.BidId == "b1");
        Assert.Equal((1 + (4 - 11.0 / 3) / root) / 2, b1.MeanZ!.Value, 12);
        Assert.Equal((9 - 22.0 / 3) / root / 2, normalised.Single(r => r.BidId == "b2").MeanZ!.Value, 12);
        Assert.Equal(((7 - 22.0 / 3) + (5 - 11.0 / 3)) / root / 2, normalised.Single(r => r.BidId == "b3").MeanZ!.Value, 12);
        Assert.Equal(["b1", "b2", "b3", "b4"], normalised.OrderBy(r => r.NormalisedRank).Select(r => r.BidId));
        Assert.Equal([true, false, false, false], normalised.OrderBy(r => r.NormalisedRank).Select(r => r.NormalisedFunded));

        Assert.Null(ScorerCalibration.Compute(Panel(), NoNames, normalised: false).Normalised);
    }

    [Fact]
    public void A_member_with_one_sheet_or_one_total_has_z_scores_of_0()
    {
        // "once" scored one bid, "flat" gave both bids 5: neither can be put on a scale, so both
        // count as 0, and the bids' z-means come from "fair" alone, halved: (+0.7071 + 0) / 2 and (-0.7071 + 0) / 2.
        var round = Scored(Builders.SingleCriterionRound(),
            Bid("x", 1_000m, S("fair", 8), S("once", 10)),
            Bid("y", 1_000m, S("fair", 6), S("flat", 5)),
            Bid("z", 1_000m, S("flat", 5)));
        var normalised = ScorerCalibration.Compute(round, NoNames, normalised: true).Normalised!;
        Assert.Equal(Math.Sqrt(0.5) / 2, normalised.Single(r => r.BidId == "x").MeanZ!.Value, 12);
        Assert.Equal(-Math.Sqrt(0.5) / 2, normalised.Single(r => r.BidId == "y").MeanZ!.Value, 12);
        Assert.Equal(0.0, normalised.Single(r => r.BidId == "z").MeanZ!.Value, 12);
    }

    /// <summary>
    /// Shrout and Fleiss (1979), table 2: six targets, four judges. MSB = 11.2417, MSW = 6.2639;
    /// ICC(1,1) = (11.2417 - 6.2639)/(11.2417 + 3 x 6.2639) = 0.1657 and ICC(1,4) = 0.4428, as
    /// published (0.17 and 0.44). F = 1.795 on (5, 18), p = 0.165; the 95% intervals (-0.133, 0.723)
    /// and (-0.884, 0.912) were worked independently with scipy's F quantiles.
    /// </summary>
    [Fact]
    public void ICC1_reproduces_Shrout_and_Fleiss()
    {
        int[][] table = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]];
        var round = Scored(Builders.SingleCriterionRound(), table.Select((row, t) =>
            Bid($"t{t}", 1_000m, row.Select((x, j) => S($"judge{j}", x)).ToArray())).ToArray());
        var icc = ScorerCalibration.Icc(round)!;

        Assert.Equal(6, icc.Bids);
        Assert.Equal(24, icc.Sheets);
        Assert.Equal(4.0, icc.K0, 12);
        Assert.Equal(11.241666666666667, icc.MeanSquareBetween, 9);
        Assert.Equal(6.263888888888889, icc.MeanSquareWithin, 9);
        Assert.Equal(0.16574176840547544, icc.Single, 9);
        Assert.Equal(0.44279713367926865, icc.Average, 9);
        Assert.Equal(1.794678492239468, icc.F!.Value, 9);
        Assert.Equal(0.1647688083446397, icc.PValue, 6);
        Assert.Equal(-0.13293232487475098, icc.SingleLower!.Value, 6);
        Assert.Equal(0.7225600623281211, icc.SingleUpper!.Value, 6);
        Assert.Equal(-0.8844421552381201, icc.AverageLower!.Value, 6);
        Assert.Equal(0.9124154203407755, icc.AverageUpper!.Value, 6);
        Assert.StartsWith("ICC(1) one-way", icc.Form);
    }

    /// <summary>
    /// Unbalanced: bid p has totals 2, 4 and bid q 6, 8, 10. Grand mean 6; SSB = 2(3-6)^2 + 3(8-6)^2 = 30,
    /// SSW = 2 + 8 = 10; MSB = 30/1, MSW = 10/3; k0 = (5 - 13/5)/1 = 2.4.
    /// ICC(1) = (30 - 10/3)/(30 + 1.4 x 10/3) = 10/13; ICC(1,k) = (30 - 10/3)/30 = 8/9.
    /// </summary>
    [Fact]
    public void ICC1_on_an_unbalanced_panel_uses_k0()
    {
        var round = Scored(Builders.SingleCriterionRound(), Single("p", 1_000m, 2, 4), Single("q", 1_000m, 6, 8, 10));
        var icc = ScorerCalibration.Icc(round)!;
        Assert.Equal(2.4, icc.K0, 12);
        Assert.Equal(10.0 / 13, icc.Single, 12);
        Assert.Equal(8.0 / 9, icc.Average, 12);
    }

    /// <summary>
    /// Every scorer agrees on every bid: p has totals 3, 3, 3 and q 7, 7 (single criterion, so the
    /// total is the score). Grand mean (9 + 14)/5 = 4.6; SSB = 3(3 - 4.6)^2 + 2(7 - 4.6)^2 = 7.68 + 11.52
    /// = 19.2 on 1 df, MSB = 19.2; SSW = 0, MSW = 0. ICC(1) = (19.2 - 0)/(19.2 + (k0 - 1) 0) = 1 and
    /// ICC(1,k) = 19.2/19.2 = 1; k0 = (5 - 13/5)/1 = 2.4. F = MSB/MSW is infinite: null, p-value 0.
    /// Three equal totals also check that a floating-point mean of 3, 3, 3 leaves no spread behind.
    /// </summary>
    [Fact]
    public void ICC1_is_1_when_every_scorer_agrees_and_the_bids_differ()
    {
        var round = Scored(Builders.SingleCriterionRound(), Single("p", 1_000m, 3, 3, 3), Single("q", 1_000m, 7, 7));
        var icc = ScorerCalibration.Icc(round);
        Assert.NotNull(icc);
        Assert.Equal(19.2, icc.MeanSquareBetween, 12);
        Assert.Equal(0, icc.MeanSquareWithin);
        Assert.Equal(2.4, icc.K0, 12);
        Assert.Equal(1, icc.Single);
        Assert.Equal(1, icc.Average);
        Assert.Null(icc.F);
        Assert.Equal(0, icc.PValue);
        Assert.Equal((1.0, 1.0, 1.0, 1.0), (icc.SingleLower, icc.SingleUpper, icc.AverageLower, icc.AverageUpper));
    }

    [Fact]
    public void ICC1_is_absent_when_nothing_can_be_compared()
    {
        // One bid; or every bid with one sheet (no within-bid spread to set against).
        Assert.Null(ScorerCalibration.Icc(Scored(Builders.SingleCriterionRound(), Single("p", 1_000m, 2, 4))));
        Assert.Null(ScorerCalibration.Icc(Scored(Builders.SingleCriterionRound(), Single("p", 1_000m, 2), Single("q", 1_000m, 4))));
    }

    /// <summary>
    /// Three members rank four bids identically: rank sums 3, 6, 9, 12 (mean 7.5), S = 45,
    /// W = 12 x 45 / (9 x 60) = 1; chi-square 3 x 3 x 1 = 9 on 3 degrees of freedom, p = 0.0293.
    /// </summary>
    [Fact]
    public void Kendalls_W_is_1_for_a_unanimous_panel()
    {
        var round = Scored(Builders.SingleCriterionRound(),
            Single("a", 1_000m, 1, 2, 3), Single("b", 1_000m, 4, 5, 6), Single("c", 1_000m, 7, 8, 9), Single("d", 1_000m, 8, 9, 10));
        var w = ScorerCalibration.Compute(round, NoNames, false).Reliability.KendallsW!;
        Assert.Equal(1.0, w.W, 12);
        Assert.Equal(9.0, w.ChiSquare, 12);
        Assert.Equal(3, w.DegreesOfFreedom);
        Assert.Equal(0.029291, w.PValue, 5);
        Assert.Equal(["m0", "m1", "m2"], w.Members);
        Assert.Equal(["a", "b", "c", "d"], w.Bids);
    }

    /// <summary>
    /// Ties take mid-ranks and are corrected for. Totals by member over bids a, b, c: m0 (1, 2, 3),
    /// m1 (1, 2, 3), m2 (2, 2, 3). Ranks: 1, 2, 3 twice and 1.5, 1.5, 3; rank sums 3.5, 5.5, 9 (mean 6),
    /// S = 6.25 + 0.25 + 9 = 15.5. m2's tie gives T = 2^3 - 2 = 6.
    /// W = 12 x 15.5 / (3^2 (3^3 - 3) - 3 x 6) = 186/198 = 31/33.
    /// </summary>
    [Fact]
    public void Kendalls_W_corrects_for_tied_totals()
    {
        var round = Scored(Builders.SingleCriterionRound(),
            Single("a", 1_000m, 1, 1, 2), Single("b", 1_000m, 2, 2, 2), Single("c", 1_000m, 3, 3, 3));
        var w = ScorerCalibration.Compute(round, NoNames, false).Reliability.KendallsW!;
        Assert.Equal(31.0 / 33, w.W, 12);
    }

    /// <summary>
    /// Missing sheets: m3 scored only a and b. Blocks of two or more members and bids: {m0, m1, m2}
    /// x {a, b, c} holds 9 sheets, {m0..m3} x {a, b} holds 8: the first wins, m3 is left out.
    /// </summary>
    [Fact]
    public void Kendalls_W_takes_the_largest_complete_block()
    {
        var round = Scored(Builders.SingleCriterionRound(),
            Bid("a", 1_000m, S("m0", 1), S("m1", 2), S("m2", 1), S("m3", 9)),
            Bid("b", 1_000m, S("m0", 5), S("m1", 5), S("m2", 6), S("m3", 1)),
            Bid("c", 1_000m, S("m0", 9), S("m1", 8), S("m2", 9)));
        var w = ScorerCalibration.Compute(round, NoNames, false).Reliability.KendallsW!;
        Assert.Equal(["m0", "m1", "m2"], w.Members);
        Assert.Equal(["a", "b", "c"], w.Bids);
        // The three agree exactly (a < b < c): W = 1.
        Assert.Equal(1.0, w.W, 12);
    }
}
