using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using static Prioritise.Domain.Tests.Builders;

namespace Prioritise.Domain.Tests;

public class FundingLineTests
{
    private sealed record Row(string Title, decimal Amount, bool Eligible = true);

    private static (bool Funded, decimal? Cumulative)[] Draw(decimal cap, FundingLinePolicy policy, params Row[] rows) =>
        FundingLine.Draw(rows, cap, policy, r => r.Amount, r => r.Eligible).ToArray();

    // Cap 100; ranked requests 40, 50, 30, 10.
    private static readonly Row[] Ladder = [new("A", 40m), new("B", 50m), new("C", 30m), new("D", 10m)];

    [Fact]
    public void StopAtFirstMiss_stops_at_the_first_bid_that_does_not_fit()
    {
        // 40 -> 40; 50 -> 90; 30 would make 120 > 100: miss, and D below it is unfunded too.
        var line = Draw(100m, FundingLinePolicy.StopAtFirstMiss, Ladder);
        Assert.Equal([(true, 40m), (true, 90m), (false, null), (false, null)], line);
    }

    [Fact]
    public void SkipAndContinue_skips_the_miss_and_funds_smaller_bids_below()
    {
        // 40 -> 40; 50 -> 90; 30 skipped (120 > 100); 10 -> 100, exactly the cap.
        var line = Draw(100m, FundingLinePolicy.SkipAndContinue, Ladder);
        Assert.Equal([(true, 40m), (true, 90m), (false, null), (true, 100m)], line);
    }

    [Fact]
    public void SkipAndContinue_cumulative_skips_the_unfunded_amount()
    {
        // Cap 100: 60 -> 60; 50 skipped; 30 -> 90; 20 skipped (110); 10 -> 100.
        var line = Draw(100m, FundingLinePolicy.SkipAndContinue,
            new("A", 60m), new("B", 50m), new("C", 30m), new("D", 20m), new("E", 10m));
        Assert.Equal([(true, 60m), (false, null), (true, 90m), (false, null), (true, 100m)], line);
    }

    [Theory]
    [InlineData(FundingLinePolicy.StopAtFirstMiss)]
    [InlineData(FundingLinePolicy.SkipAndContinue)]
    public void A_bid_exactly_reaching_the_cap_is_funded(FundingLinePolicy policy)
    {
        var line = Draw(100m, policy, new("A", 60m), new("B", 40m));
        Assert.Equal([(true, 60m), (true, 100m)], line);
    }

    [Theory]
    [InlineData(FundingLinePolicy.StopAtFirstMiss)]
    [InlineData(FundingLinePolicy.SkipAndContinue)]
    public void A_bid_one_penny_over_the_cap_is_not_funded(FundingLinePolicy policy)
    {
        var line = Draw(100m, policy, new("A", 60m), new("B", 40.01m));
        Assert.Equal([(true, 60m), (false, null)], line);
    }

    [Fact]
    public void A_first_bid_larger_than_the_cap_funds_nothing_when_stopping_at_first_miss()
    {
        var line = Draw(100m, FundingLinePolicy.StopAtFirstMiss, new("Big", 150m), new("Small", 10m));
        Assert.Equal([(false, null), (false, null)], line);
    }

    [Fact]
    public void Ineligible_rows_are_never_funded_even_when_they_fit()
    {
        var line = Draw(100m, FundingLinePolicy.SkipAndContinue, new("A", 10m, Eligible: false), new("B", 20m));
        Assert.Equal([(false, null), (true, 20m)], line);
    }

    [Fact]
    public void Pennies_are_kept_in_the_cumulative_total()
    {
        var line = Draw(200_000m, FundingLinePolicy.StopAtFirstMiss, new("A", 47_742m), new("B", 87_376.50m));
        Assert.Equal([(true, 47_742m), (true, 135_118.50m)], line);
    }

    [Fact]
    public void Results_rank_then_draw_the_line_on_requests()
    {
        // Ranked: Top (8, 60k), Middle (7, 50k), Bottom (6, 30k), Unscored. Cap 100k, stop at first miss:
        // 60k -> 60k; 50k would make 110k: miss; Bottom is below the line.
        var round = Round(Criteria(1m), cap: 100_000m);
        var results = new[]
        {
            Result("Bottom", 6.0, amount: 30_000m), Result("Unscored", null, amount: 1_000m),
            Result("Top", 8.0, amount: 60_000m), Result("Middle", 7.0, amount: 50_000m),
        };
        var table = FundingLine.Results(round, results);
        Assert.Equal(["Top", "Middle", "Bottom", "Unscored"], table.Bids.Select(b => b.Result.Title));
        Assert.Equal([1, 2, 3, 4], table.Bids.Select(b => b.Rank));
        Assert.Equal([true, false, false, false], table.Bids.Select(b => b.Funded));
        Assert.Equal([60_000m, null, null, null], table.Bids.Select(b => b.Cumulative));
        Assert.Equal(60_000m, table.FundedTotal);
    }

    [Fact]
    public void Results_with_skip_and_continue_fund_the_smaller_bid_below_the_miss_but_never_an_unscored_one()
    {
        var round = Round(Criteria(1m), cap: 100_000m, policy: FundingLinePolicy.SkipAndContinue);
        var results = new[]
        {
            Result("Top", 8.0, amount: 60_000m), Result("Middle", 7.0, amount: 50_000m),
            Result("Bottom", 6.0, amount: 30_000m), Result("Unscored", null, amount: 1_000m),
        };
        var table = FundingLine.Results(round, results);
        Assert.Equal([true, false, true, false], table.Bids.Select(b => b.Funded));
        Assert.Equal([60_000m, null, 90_000m, null], table.Bids.Select(b => b.Cumulative));
        Assert.Equal(90_000m, table.FundedTotal);
        Assert.Equal(FundingLinePolicy.SkipAndContinue, table.FundingLinePolicy);
        Assert.Equal(100_000m, table.FundingCap);
    }
}
