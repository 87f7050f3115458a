using Prioritise.Domain.Analytics;
using static Prioritise.Domain.Tests.Analytics.AnalyticsBuilders;

namespace Prioritise.Domain.Tests.Analytics;

/// <summary>Probability of funding by bootstrap of each bid's own sheets.</summary>
public class FundingProbabilityTests
{
    private const int Draws = 4_000;

    /// <summary>
    /// One criterion, cap GBP 100k. "steady" (GBP 100k) has sheets 6 and 6: its mean is always 6.
    /// "split" (GBP 50k) has sheets 2 and 10: resampled, its mean is 2 (2,2: chance 1/4), 6 (1/2)
    /// or 10 (1/4). At 6 it ties steady and wins on value per GBP (6/50 > 6/100). Whoever is first
    /// is funded and the other no longer fits (150k > 100k). So split is funded with chance 3/4 and
    /// steady 1/4, and exactly one of them in every draw.
    /// </summary>
    private static ScoredRound CoinToss() => Scored(Builders.SingleCriterionRound() with { FundingCap = 100_000m },
        Single("steady", 100_000m, 6, 6), Single("split", 50_000m, 2, 10));

    [Fact]
    public void A_bid_that_wins_three_resamples_in_four_is_funded_about_three_times_in_four()
    {
        var result = FundingProbability.Compute(CoinToss(), Draws, seed: 7);
        var split = result.Bids.Single(b => b.BidId == "split");
        var steady = result.Bids.Single(b => b.BidId == "steady");

        // Binomial SD at 4,000 draws: sqrt(0.75 * 0.25 / 4000) = 0.0068; 0.03 is over four SDs.
        Assert.InRange(split.ProbabilityFunded, 0.72, 0.78);
        Assert.Equal(1.0, split.ProbabilityFunded + steady.ProbabilityFunded, 12);
        Assert.True(split.ForDiscussion);
        Assert.True(steady.ForDiscussion);

        // The committee's list: split first (tie on 6.0 broken by value per GBP), funded.
        Assert.Equal((1, true), (split.Rank, split.Funded));
        Assert.Equal((2, false), (steady.Rank, steady.Funded));

        // Means: split's 2.5% point is 2 (a quarter of draws), its 97.5% point 10; steady never moves.
        Assert.Equal(new MeanInterval(2, 10), split.MeanInterval);
        Assert.Equal(new MeanInterval(6, 6), steady.MeanInterval);
        // Ranks: split is first in three draws of four, so its median rank is 1 and its interval 1 to 2.
        Assert.Equal(new RankInterval(1, 1, 2), split.RankInterval);
        Assert.Equal(new RankInterval(1, 2, 2), steady.RankInterval);
    }

    [Fact]
    public void Single_sheets_cannot_move_so_every_chance_is_0_or_1_and_the_ranks_are_the_committees()
    {
        // Means 9, 7, 5 at GBP 40k each against GBP 100k: the first two are funded in every draw.
        var round = Scored(Builders.SingleCriterionRound() with { FundingCap = 100_000m },
            Single("a", 40_000m, 9), Single("b", 40_000m, 7), Single("c", 40_000m, 5));
        var result = FundingProbability.Compute(round, 2_000, seed: 1);

        Assert.Equal(["a", "b", "c"], result.Bids.Select(b => b.BidId));
        Assert.Equal([1.0, 1.0, 0.0], result.Bids.Select(b => b.ProbabilityFunded));
        Assert.All(result.Bids, b => Assert.False(b.ForDiscussion));
        Assert.Equal([new RankInterval(1, 1, 1), new RankInterval(2, 2, 2), new RankInterval(3, 3, 3)], result.Bids.Select(b => b.RankInterval));
        Assert.Equal(new MeanInterval(7, 7), result.Bids[1].MeanInterval);
    }

    [Fact]
    public void A_bid_with_no_sheets_is_never_funded_and_has_no_intervals()
    {
        var round = Scored(Builders.SingleCriterionRound(), Single("scored", 1_000m, 5), Single("unscored", 1_000m));
        var unscored = FundingProbability.Compute(round, 2_000, seed: 1).Bids.Single(b => b.BidId == "unscored");
        Assert.Equal(0.0, unscored.ProbabilityFunded);
        Assert.Equal(2, unscored.Rank);
        Assert.Null(unscored.WeightedMean);
        Assert.Null(unscored.RankInterval);
        Assert.Null(unscored.MeanInterval);
        Assert.False(unscored.ForDiscussion);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_in_parallel_or_not_and_another_seed_another_run()
    {
        var seed = Pic2018;
        var round = new ScoredRound(seed.Round, seed.Bids);
        var first = FundingProbability.Compute(round, 2_000, seed: 42, parallel: true);
        var again = FundingProbability.Compute(round, 2_000, seed: 42, parallel: true);
        var sequential = FundingProbability.Compute(round, 2_000, seed: 42, parallel: false);
        var other = FundingProbability.Compute(round, 2_000, seed: 43, parallel: false);

        Assert.Equal(first.Bids, again.Bids);
        Assert.Equal(first.Bids, sequential.Bids);
        Assert.NotEqual(first.Bids.Select(b => b.ProbabilityFunded), other.Bids.Select(b => b.ProbabilityFunded));
    }

    [Fact]
    public void Quantiles_are_R1_values_that_occurred()
    {
        // the ceil(tau * n)-th smallest. Of 1, 2, 3, 4: tau 0.025 -> 1st, 0.5 -> 2nd, 0.975 -> 4th.
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(1, FundingProbability.Quantile(sorted, 0.025m));
        Assert.Equal(2, FundingProbability.Quantile(sorted, 0.5m));
        Assert.Equal(4, FundingProbability.Quantile(sorted, 0.975m));
    }

    /// <summary>
    /// docs/analytics.md: the interval ends are R-1 quantiles at 2.5% and 97.5%, the ceil(tau n)-th
    /// smallest. Of 2,000 draws: 0.025 x 2,000 = 50, the 50th value (index 49); the median the
    /// 1,000th (index 999); 0.975 x 2,000 = 1,950, the 1,950th (index 1,949). The tail used to be
    /// (1 - 0.95) / 2 in double, 0.025000000000000022, whose ceil(tau n) is 51: the 51st value.
    /// </summary>
    [Fact]
    public void At_95_percent_of_2000_draws_the_interval_ends_are_the_50th_and_1950th_values()
    {
        Assert.Equal(0.025m, FundingProbability.LowerTail);
        Assert.Equal(0.975m, FundingProbability.UpperTail);
        Assert.Equal(49, FundingProbability.QuantileIndex(2_000, FundingProbability.LowerTail));
        Assert.Equal(999, FundingProbability.QuantileIndex(2_000, FundingProbability.Median));
        Assert.Equal(1_949, FundingProbability.QuantileIndex(2_000, FundingProbability.UpperTail));
        // The values 1..2,000 sorted: the k-th smallest is k itself.
        var values = Enumerable.Range(1, 2_000).Select(k => (double)k).ToArray();
        Assert.Equal(50, FundingProbability.Quantile(values, FundingProbability.LowerTail));
        Assert.Equal(1_950, FundingProbability.Quantile(values, FundingProbability.UpperTail));
        // 20,000 draws (the largest the API allows): the 500th and 19,500th.
        Assert.Equal(499, FundingProbability.QuantileIndex(20_000, FundingProbability.LowerTail));
        Assert.Equal(19_499, FundingProbability.QuantileIndex(20_000, FundingProbability.UpperTail));
    }

    [Fact]
    public void The_walker_ranks_and_lines_the_seed_round_exactly_as_the_committees_method()
    {
        var seed = Pic2018;
        var round = new ScoredRound(seed.Round, seed.Bids);
        var walker = new LineWalker(round);
        foreach (var i in round.Scored)
        {
            walker.Mean[i] = round.Results[i].WeightedMean!.Value;
            walker.StandardDeviation[i] = round.Results[i].StandardDeviation ?? double.NaN;
        }
        var funded = new bool[round.Count];
        var order = walker.Walk(funded);
        Assert.Equal(round.CommitteeOrder, order);
        Assert.Equal(round.Funded, funded);
        Assert.Equal(10, funded.Count(f => f));
    }

    [Fact]
    public void Options_outside_their_ranges_are_refused_by_field()
    {
        var error = Assert.Throws<DomainException>(() => new AnalysisOptions(Draws: 1_999, Concentration: 0).Checked());
        Assert.Equal(Refusal.Invalid, error.Refusal);
        Assert.Equal(["concentration", "draws"], error.Errors.Keys.Order());
        Assert.Throws<DomainException>(() => new AnalysisOptions(Draws: 20_001).Checked());
        Assert.Throws<DomainException>(() => new AnalysisOptions(Concentration: double.NaN).Checked());
        Assert.Equal(AnalysisOptions.Default, AnalysisOptions.Default.Checked());
        Assert.Equal(new AnalysisOptions(2_000, 2018, false, 100), AnalysisOptions.Default);
    }
}
