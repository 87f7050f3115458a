using Prioritise.Domain.Analytics;
using Prioritise.Domain.Rounds;
using static Prioritise.Domain.Tests.Analytics.AnalyticsBuilders;

namespace Prioritise.Domain.Tests.Analytics;

/// <summary>Which criterion drives the spread on each low-agreement bid.</summary>
public class DisagreementTests
{
    // Bands tight enough that the small hand examples count as Low (SD 2 or more).
    private static readonly AgreementBands Tight = new(HighBelow: 1, MediumBelow: 2);

    /// <summary>
    /// c0 weight 3, c1 weight 1. Sheets (2, 5), (8, 5), (5, 9): totals (3x0 + x1)/4 = 2.75, 7.25, 6.
    /// c0: 2, 8, 5, mean 5, SD sqrt((9 + 9 + 0)/2) = 3. c1: 5, 5, 9, mean 19/3, SD sqrt(48/9) = 2.3094.
    /// Totals: mean 16/3, variance 259/48. cov(c0, T) = 27/4, cov(c1, T) = 4/3.
    /// Shares: (3/4)(27/4)/(259/48) = 243/259 = 0.9382 and (1/4)(4/3)/(259/48) = 16/259 = 0.0618; they add to 1.
    /// </summary>
    [Fact]
    public void Shares_of_the_spread_are_weighted_covariances_with_the_total()
    {
        var round = Builders.Round(Builders.Criteria(3m, 1m), bands: Tight);
        var result = DisagreementDiagnosis.Compute(Scored(round,
            Bid("b", 10_000m, Builders.Sheet("m0", 2, 5), Builders.Sheet("m1", 8, 5), Builders.Sheet("m2", 5, 9))));

        var bid = Assert.Single(result);
        Assert.Equal(Agreement.Low, bid.Agreement);
        Assert.Equal(Math.Sqrt(259.0 / 48), bid.StandardDeviation, 12);
        Assert.Equal(3, bid.Sheets);
        Assert.Equal(3.0, bid.Criteria[0].StandardDeviation, 12);
        Assert.Equal(Math.Sqrt(48.0 / 9), bid.Criteria[1].StandardDeviation, 12);
        Assert.Equal(243.0 / 259, bid.Criteria[0].ShareOfSpread!.Value, 12);
        Assert.Equal(16.0 / 259, bid.Criteria[1].ShareOfSpread!.Value, 12);
        Assert.Equal("c0", bid.Driver);
    }

    /// <summary>
    /// The heavy criterion drives even with the smaller SD. c0 weight 9, c1 weight 1; sheets (3, 1),
    /// (7, 10), (5, 1), (9, 10): c0 SD 2.58, c1 SD 5.20. Totals (9x0 + x1)/10 = 2.8, 7.3, 4.6, 9.1,
    /// variance 7.83; shares (9/10) cov(c0, T) / var T = 24/29 and (1/10) cov(c1, T) / var T = 5/29.
    /// </summary>
    [Fact]
    public void A_heavy_criterion_drives_the_spread_over_a_light_one_with_a_wider_SD()
    {
        var round = Builders.Round(Builders.Criteria(9m, 1m), bands: Tight);
        var bid = Assert.Single(DisagreementDiagnosis.Compute(Scored(round, Bid("b", 10_000m,
            Builders.Sheet("m0", 3, 1), Builders.Sheet("m1", 7, 10), Builders.Sheet("m2", 5, 1), Builders.Sheet("m3", 9, 10)))));

        Assert.True(bid.Criteria[1].StandardDeviation > bid.Criteria[0].StandardDeviation);
        Assert.Equal(Math.Sqrt(27.0), bid.Criteria[1].StandardDeviation, 12);
        Assert.Equal(24.0 / 29, bid.Criteria[0].ShareOfSpread!.Value, 12);
        Assert.Equal(5.0 / 29, bid.Criteria[1].ShareOfSpread!.Value, 12);
        Assert.Equal("c0", bid.Driver);
    }

    [Fact]
    public void Only_low_agreement_bids_are_diagnosed_in_the_committees_order()
    {
        // SDs of the single-criterion totals: a 0 (High), b sqrt(2) = 1.41 (Medium under these
        // bands), c sqrt(8) = 2.83 and d sqrt(18) = 4.24 (Low); c ranks above d (mean 7 against 6).
        var round = Builders.SingleCriterionRound(Tight);
        var result = DisagreementDiagnosis.Compute(Scored(round,
            Single("d", 1_000m, 3, 9), Single("a", 1_000m, 5, 5), Single("b", 1_000m, 4, 6), Single("c", 1_000m, 5, 9)));
        Assert.Equal(["c", "d"], result.Select(r => r.BidId));
        // With one criterion it carries the whole spread.
        Assert.All(result, r => Assert.Equal(1.0, r.Criteria.Single().ShareOfSpread!.Value, 12));
    }
}
