using Prioritise.Domain.Analytics;
using Prioritise.Domain.Rounds;
using static Prioritise.Domain.Tests.Analytics.AnalyticsBuilders;

namespace Prioritise.Domain.Tests.Analytics;

/// <summary>The analyses of the 2018 City and Hackney round, computed and sanity-checked.</summary>
public class Seed2018AnalysisTests
{
    private static readonly Lazy<RoundAnalysis> Analysis = new(() =>
        RoundAnalysis.Compute(Pic2018.Round, Pic2018.Bids, Pic2018.Names, AnalysisOptions.Default with { Normalised = true }));

    private static FundingChance Chance(string title) => Analysis.Value.Funding.Bids.Single(b => b.Title == title);

    [Fact]
    public void Falls_prevention_is_funded_in_nearly_every_draw_and_vocational_rehab_in_nearly_none()
    {
        // Falls prevention: mean 8.7 (SD 1.0) at the top of the list, GBP 35k. Vocational rehab for
        // stroke: mean 5.3 (SD 2.5), last of 17 at GBP 246k; it is funded only in the rare draw
        // where its nine sheets resample high and the bids around the line resample low.
        Assert.True(Chance("Falls prevention").ProbabilityFunded >= 0.99, $"{Chance("Falls prevention")}");
        Assert.True(Chance("Vocational rehab for stroke").ProbabilityFunded <= 0.03, $"{Chance("Vocational rehab for stroke")}");
        Assert.False(Chance("Falls prevention").ForDiscussion);
        Assert.False(Chance("Vocational rehab for stroke").ForDiscussion);
    }

    [Fact]
    public void Every_bid_has_a_chance_and_intervals_that_make_sense()
    {
        var funding = Analysis.Value.Funding;
        Assert.Equal((2_000, 2018, 0.95), (funding.Draws, funding.Seed, funding.IntervalLevel));
        Assert.Equal(17, funding.Bids.Count);
        Assert.Equal(Enumerable.Range(1, 17), funding.Bids.Select(b => b.Rank));
        Assert.Equal(10, funding.Bids.Count(b => b.Funded));
        Assert.All(funding.Bids, b =>
        {
            Assert.InRange(b.ProbabilityFunded, 0, 1);
            Assert.Equal(b.ProbabilityFunded is > 0.2 and < 0.8, b.ForDiscussion);
            Assert.True(b.RankInterval!.Lower <= b.RankInterval.Median && b.RankInterval.Median <= b.RankInterval.Upper, b.ToString());
            Assert.InRange(b.RankInterval.Lower, 1, 17);
            Assert.InRange(b.RankInterval.Upper, 1, 17);
            Assert.InRange(b.WeightedMean!.Value, b.MeanInterval!.Lower, b.MeanInterval.Upper);
            Assert.InRange(b.MeanInterval.Lower, 1, 10);
            Assert.InRange(b.MeanInterval.Upper, 1, 10);
        });
        // The expected number of funded bids stays near the ten the line funds.
        Assert.InRange(funding.Bids.Sum(b => b.ProbabilityFunded), 8, 12);
        // Bids near the line are a coin-toss: at least one is flagged, and none at the very top.
        Assert.Contains(funding.Bids, b => b.ForDiscussion);
        Assert.False(funding.Bids[0].ForDiscussion);
    }

    [Fact]
    public void Weight_sensitivity_names_a_crossing_bid_at_every_threshold()
    {
        var weights = Analysis.Value.Weights;
        Assert.Equal(8, weights.Criteria.Count);
        Assert.Equal([15m, 15m, 10m, 5m, 5m, 5m, 5m, 30m], weights.Criteria.Select(c => c.Weight));
        Assert.Contains(weights.Criteria, c => c.Lower is not null || c.Upper is not null);
        foreach (var c in weights.Criteria)
        {
            if (c.Lower is { } lower)
            {
                Assert.InRange(lower.Weight, 0, (double)c.Weight);
                Assert.NotEmpty(lower.Entering.Concat(lower.Leaving));
            }
            if (c.Upper is { } upper)
            {
                Assert.True(upper.Weight >= (double)c.Weight);
                Assert.NotEmpty(upper.Entering.Concat(upper.Leaving));
            }
        }
        Assert.Equal(100, weights.Concentration);
        Assert.Equal(17, weights.Perturbed.Count);
        Assert.True(weights.Perturbed.Single(p => p.Title == "Falls prevention").ProbabilityFunded >= 0.99);
        Assert.True(weights.Perturbed.Single(p => p.Title == "Vocational rehab for stroke").ProbabilityFunded <= 0.03);
    }

    [Fact]
    public void The_five_low_agreement_bids_are_diagnosed()
    {
        // Low in the published table: HIV CNS 3.4, Spirometry 3.0, Smoking cessation 3.3, Healthier
        // City and Hackney Fund 4.2, Pressure ulcer prevention 3.3, in the pre-moderation order.
        var disagreement = Analysis.Value.Disagreement;
        Assert.Equal(
            ["HIV CNS", "Spirometry", "Smoking cessation in ACERS", "Healthier City and Hackney Fund", "Pressure ulcer prevention"],
            disagreement.Select(d => d.Title));
        Assert.All(disagreement, d =>
        {
            Assert.Equal(Agreement.Low, d.Agreement);
            Assert.Equal(8, d.Criteria.Count);
            Assert.Equal(1.0, d.Criteria.Sum(c => c.ShareOfSpread!.Value), 9);
            Assert.Equal(d.Criteria.MaxBy(c => c.ShareOfSpread)!.CriterionId, d.Driver);
        });
    }

    /// <summary>
    /// ICC(1) and Kendall's W worked independently from seeds/.../sheets.json in Python (numpy and
    /// scipy): 17 bids, 163 sheets, k0 = 9.5828, MSB = 11.4611, MSW = 6.9241, ICC(1) = 0.0640,
    /// ICC(1,k) = 0.3959, F = 1.655, p = 0.0618. The largest complete block for W is 7 members
    /// (ash, birch, elm, fir, gorse, hazel, larch) by 13 bids (all but the Healthier City and
    /// Hackney Fund, Housing First, Mental health and substance misuse and Stroke psychology input):
    /// W = 0.16455, chi-square 13.822 on 12 degrees of freedom, p = 0.312.
    /// </summary>
    [Fact]
    public void Panel_reliability_matches_an_independent_calculation()
    {
        var reliability = Analysis.Value.Calibration.Reliability;
        var icc = reliability.Icc!;
        Assert.Equal((17, 163), (icc.Bids, icc.Sheets));
        Assert.Equal(9.582822085889571, icc.K0, 9);
        Assert.Equal(11.461086737262523, icc.MeanSquareBetween, 9);
        Assert.Equal(6.924120010565661, icc.MeanSquareWithin, 9);
        Assert.Equal(0.0640004768794432, icc.Single, 9);
        Assert.Equal(0.3958583361860601, icc.Average, 9);
        Assert.Equal(0.0618459930654674, icc.PValue, 6);

        var w = reliability.KendallsW!;
        Assert.Equal(["ash", "birch", "elm", "fir", "gorse", "hazel", "larch"], w.Members);
        Assert.Equal(13, w.Bids.Count);
        Assert.DoesNotContain("housing-first", w.Bids);
        Assert.Equal(0.16455339532262608, w.W, 9);
        Assert.Equal(13.822485207100591, w.ChiSquare, 9);
        Assert.Equal(12, w.DegreesOfFreedom);
        Assert.Equal(0.3121874739511515, w.PValue, 6);
    }

    [Fact]
    public void Scorer_profiles_cover_the_twelve_members_and_leniency_balances_out()
    {
        var calibration = Analysis.Value.Calibration;
        Assert.Equal(12, calibration.Scorers.Count);
        Assert.Equal(163, calibration.Scorers.Sum(s => s.Sheets));
        Assert.Equal("Ash (pseudonym)", calibration.Scorers[0].Name);
        // Departures from each bid's mean add to zero over its sheets, so over every sheet too.
        Assert.Equal(0, calibration.Scorers.Sum(s => s.Leniency * s.Sheets), 9);
        Assert.Equal(17, calibration.Normalised!.Count);
        Assert.Equal(Enumerable.Range(1, 17), calibration.Normalised.Select(r => r.NormalisedRank).Order());
    }

    /// <summary>
    /// Requests are whole thousands with no common factor above GBP 1,000 (35, 43, 54... share
    /// none), so the table counts in GBP 1k units. The committee's line funds ten bids for GBP
    /// 1,447k; the best portfolio can only be worth as much or more, within the GBP 1.5M cap.
    /// </summary>
    [Fact]
    public void The_best_portfolio_is_worth_at_least_the_committees_list_within_the_cap()
    {
        var portfolio = Analysis.Value.Portfolio;
        Assert.Equal(("dense", 1_000m), (portfolio.Method, portfolio.Unit));
        Assert.Equal(1_447_000m, portfolio.Committee.Cost);
        Assert.Equal(10, portfolio.Committee.BidIds.Count);
        Assert.True(portfolio.Best!.Cost <= 1_500_000m);
        Assert.True(portfolio.Best.Value >= portfolio.Committee.Value);
        Assert.True(portfolio.Best.Value >= portfolio.ValueForMoney.Value);
        Assert.True(portfolio.ValueForMoney.Cost <= 1_500_000m);
        // Falls prevention is the best value for money (0.25 per GBP 1k) and in every view.
        var falls = Pic2018.Id("Falls prevention");
        Assert.Contains(falls, portfolio.Committee.BidIds);
        Assert.Contains(falls, portfolio.Best.BidIds);
        Assert.Equal(falls, portfolio.ValueForMoney.BidIds[0]);
    }
}
