using Prioritise.Domain.Analytics;
using Prioritise.Domain.Rounds;
using static Prioritise.Domain.Tests.Analytics.AnalyticsBuilders;

namespace Prioritise.Domain.Tests.Analytics;

/// <summary>The best portfolio under the cap (exact 0/1 knapsack) beside the committee's list and the value-for-money order.</summary>
public class PortfolioAdviceTests
{
    /// <summary>
    /// Cap GBP 100k, stopAtFirstMiss. A: GBP 60k, mean 9 (0.15 per GBP 1k); B: GBP 50k, mean 8
    /// (0.16); C: GBP 50k, mean 7 (0.14).
    /// Committee (by score): A, then B would make 110k: the list stops. Value 9.
    /// Value for money (0.16, 0.15, 0.14): B, then A would make 110k: stops. Value 8.
    /// Best: B + C = GBP 100k exactly, value 15. Every other set that fits: {A} 9, {B} 8, {C} 7, {} 0.
    /// </summary>
    [Fact]
    public void The_knapsack_beats_both_the_committees_list_and_the_value_for_money_order()
    {
        var round = Builders.SingleCriterionRound() with { FundingCap = 100_000m };
        var result = PortfolioAdvice.Compute(Scored(round,
            Single("A", 60_000m, 9), Single("B", 50_000m, 8), Single("C", 50_000m, 7)));

        Assert.Equal(new[] { "A" }, result.Committee.BidIds);
        Assert.Equal((60_000m, (double?)9.0, 40_000m), (result.Committee.Cost, result.Committee.Value, result.Committee.Headroom));
        Assert.Equal(new[] { "B" }, result.ValueForMoney.BidIds);
        Assert.Equal(8.0, result.ValueForMoney.Value);
        Assert.Equal(new[] { "B", "C" }, result.Best!.BidIds);
        Assert.Equal((100_000m, (double?)15.0, 0m), (result.Best.Cost, result.Best.Value, result.Best.Headroom));
        // Requests are whole multiples of GBP 10,000: the table counts in GBP 10k units, 11 columns.
        Assert.Equal(("dense", 10_000m), (result.Method, result.Unit));
        Assert.Null(result.NotSolved);
    }

    /// <summary>
    /// The greedy value-for-money order is not optimal even when it skips bids that do not fit:
    /// cap GBP 100k, X GBP 10k mean 2 (0.20 per GBP 1k), Y GBP 100k mean 9 (0.09). Greedy takes X,
    /// then Y no longer fits: value 2. The knapsack takes Y: value 9.
    /// </summary>
    [Fact]
    public void The_knapsack_beats_greedy_value_for_money_with_skip_and_continue()
    {
        var round = Builders.SingleCriterionRound() with { FundingCap = 100_000m, FundingLinePolicy = FundingLinePolicy.SkipAndContinue };
        var result = PortfolioAdvice.Compute(Scored(round, Single("X", 10_000m, 2), Single("Y", 100_000m, 9)));
        Assert.Equal(new[] { "X" }, result.ValueForMoney.BidIds);
        Assert.Equal(new[] { "Y" }, result.Best!.BidIds);
        Assert.Equal(new[] { "Y" }, result.Committee.BidIds);
    }

    [Fact]
    public void Unscored_bids_and_bids_bigger_than_the_pot_are_never_chosen()
    {
        var round = Builders.SingleCriterionRound() with { FundingCap = 100_000m };
        var result = PortfolioAdvice.Compute(Scored(round,
            Single("huge", 150_000m, 10), Single("unscored", 1_000m), Single("ok", 40_000m, 5)));
        Assert.Equal(new[] { "ok" }, result.Best!.BidIds);
    }

    /// <summary>
    /// Requests to the penny: GBP 47,742.00, 87,376.00 and 35,000.50 are 4,774,200, 8,737,600 and
    /// 3,500,050 pence, whose greatest common divisor is 50 pence (95,484, 174,752 and 70,001 have
    /// none: 70,001 = 7 x 73 x 137 divides neither of the others). So the unit is GBP 0.50.
    /// Cap GBP 130,000: 47,742 + 87,376 = 135,118 is over; 87,376 + 35,000.50 = 122,376.50 fits.
    /// </summary>
    [Fact]
    public void Requests_in_pence_are_counted_in_their_greatest_common_divisor()
    {
        var round = Builders.SingleCriterionRound() with { FundingCap = 130_000m };
        var result = PortfolioAdvice.Compute(Scored(round,
            Single("p", 47_742.00m, 9), Single("q", 87_376.00m, 8), Single("r", 35_000.50m, 7)));
        Assert.Equal(("dense", 0.50m), (result.Method, result.Unit));
        // {p, r} = 82,742.50 value 16; {q, r} = 122,376.50 value 15; {p, q} does not fit.
        Assert.Equal(new[] { "p", "r" }, result.Best!.BidIds);
        Assert.Equal(82_742.50m, result.Best.Cost);
    }

    /// <summary>
    /// Random rounds (fixed seed), against every subset: the best value found equals the best
    /// value any subset that fits reaches, and the set found fits. Some rounds use whole thousands
    /// (the dense table) and some odd pence against GBP 1.5M (too wide a table: the Pareto list).
    /// </summary>
    [Fact]
    public void The_best_portfolio_is_the_best_of_every_subset()
    {
        var random = new Random(2018);
        var methods = new HashSet<string>();
        for (var trial = 0; trial < 120; trial++)
        {
            var pence = trial % 2 == 1;
            var n = random.Next(1, 12);
            var cap = pence ? 1_500_000m : 1_000m * random.Next(50, 600);
            var bids = Enumerable.Range(0, n).Select(b => Single($"b{b}",
                pence ? random.Next(50_000_00, 600_000_00) / 100m + 0.01m : 1_000m * random.Next(10, 300),
                Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(1, 11)).ToArray())).ToArray();
            var round = Builders.SingleCriterionRound() with { FundingCap = cap };
            var scored = Scored(round, bids);
            var result = PortfolioAdvice.Compute(scored);
            methods.Add(result.Method);

            var best = 0.0;
            for (var mask = 0; mask < 1 << n; mask++)
            {
                var chosen = Enumerable.Range(0, n).Where(i => (mask & 1 << i) != 0 && scored.Results[i].IsScored).ToList();
                if (chosen.Sum(i => bids[i].Bid.AmountRequested) <= cap)
                    best = Math.Max(best, chosen.Sum(i => scored.Results[i].WeightedMean!.Value));
            }
            Assert.True(result.Best is not null, $"trial {trial}: {result.NotSolved}");
            Assert.Equal(best, result.Best!.Value!.Value, 9);
            Assert.True(result.Best.Cost <= cap, $"trial {trial}: {result.Best.Cost} over {cap}");
            Assert.Equal(result.Best.Cost, result.Best.BidIds.Sum(id => bids.Single(b => b.Bid.Id == id).Bid.AmountRequested));
            Assert.True(result.Best.Value >= result.Committee.Value - 1e-9 && result.Best.Value >= result.ValueForMoney.Value - 1e-9);
        }
        Assert.Equal(["dense", "pareto"], methods.Order());
    }

    [Fact]
    public void The_dense_table_and_the_Pareto_list_agree_on_a_hand_case()
    {
        // Weights 3, 4, 5 units, values 4, 5, 6, capacity 7: {0, 1} = 9 beats {0}, {1}, {2} and nothing else fits.
        long[] weights = [3, 4, 5];
        double[] values = [4, 5, 6];
        Assert.Equal([0, 1], PortfolioAdvice.Dense(weights, values, 7));
        Assert.Equal([0, 1], PortfolioAdvice.Pareto(weights, values, 7)!);
        // Capacity 9: {1, 2} = 11 beats {0, 1} = 9 and {0, 2} = 10.
        Assert.Equal([1, 2], PortfolioAdvice.Dense(weights, values, 9));
        Assert.Equal([1, 2], PortfolioAdvice.Pareto(weights, values, 9)!);
    }
}
