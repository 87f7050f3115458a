using Prioritise.Domain;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Tests;

/// <summary>
/// A whole round through the grains, with every number worked out by hand.
///
/// Criteria: impact (weight 3), cost (2), reach (1); sum of weights 6. Cap GBP 100,000, stopAtFirstMiss.
///
/// Alpha (GBP 40k): s1 8/6/5 -> 41/6; s2 9/7/4 -> 45/6; s3 7/8/6 -> 43/6.
///   mean 129/18 = 7.1666..; deviations -1/3, +1/3, 0 -> var (2/9)/2 = 1/9 -> SD 1/3 (High);
///   value per 1k 7.1666../40 = 0.1791666..; criterion means impact 8, cost 7, reach 5.
/// Beta (GBP 50k): s1 10/10/10 -> 10; s2 4/4/4 -> 4; s3 7/7/7 -> 7. mean 7, SD sqrt(18/2) = 3 (Low), value 0.14.
/// Gamma (GBP 20k): s1 9/9/9 -> 9; s2 5/5/5 -> 5. mean 7, SD sqrt(8/1) = 2.828.. (Medium), value 0.35.
/// Delta (GBP 10k): s3 2/2/2 -> 2. mean 2, SD none (Insufficient), value 0.2.
/// Epsilon (GBP 5k): no sheets -> unscored.
///
/// Rank: Alpha (7.17), Gamma (7, value 0.35 beats Beta's 0.14), Beta (7), Delta (2), Epsilon (unscored).
/// Line: Alpha 40k (cum 40k), Gamma 20k (cum 60k), Beta 60k+50k = 110k > 100k -> stop; Delta and
/// Epsilon unfunded even though Delta would fit.
/// </summary>
[Collection(ClusterCollection.Name)]
public class ScoringFlowTests(ClusterFixture fixture)
{
    private const double Tol = 1e-9;

    [Fact]
    public async Task Results_are_the_hand_computed_weighted_means_spread_value_rank_and_funding_line()
    {
        var s = new Scenario(fixture.Client);
        var created = await s.CreateRound(100_000m, ("impact", 3m), ("cost", 2m), ("reach", 1m));
        Assert.Equal(RoundStatus.Setup, created.Status);

        var s1 = await s.Scorer("s1");
        var s2 = await s.Scorer("s2");
        var s3 = await s.Scorer("s3");
        var chair = await s.Chair();

        await s.AddBid("alpha", "Alpha", 40_000m);
        await s.AddBid("beta", "Beta", 50_000m);
        await s.AddBid("gamma", "Gamma", 20_000m);
        await s.AddBid("delta", "Delta", 10_000m);
        await s.AddBid("epsilon", "Epsilon", 5_000m);

        Assert.Equal(RoundStatus.Scoring, (await s.Round.OpenScoring(Caller.Member(chair))).Status);

        await s.Submit(s1, "alpha", ("impact", 8), ("cost", 6), ("reach", 5));
        await s.Submit(s2, "alpha", ("impact", 9), ("cost", 7), ("reach", 4));
        await s.Submit(s3, "alpha", ("impact", 7), ("cost", 8), ("reach", 6));
        await s.Submit(s1, "beta", ("impact", 10), ("cost", 10), ("reach", 10));
        await s.Submit(s2, "beta", ("impact", 4), ("cost", 4), ("reach", 4));
        await s.Submit(s3, "beta", ("impact", 7), ("cost", 7), ("reach", 7));
        await s.Submit(s1, "gamma", ("impact", 9), ("cost", 9), ("reach", 9));
        await s.Submit(s2, "gamma", ("impact", 5), ("cost", 5), ("reach", 5));
        await s.Submit(s3, "delta", ("impact", 2), ("cost", 2), ("reach", 2));

        var committee = await s.Round.GetCommittee(Caller.Member(chair));
        var progress = committee.ToDictionary(c => c.Seat.MemberId);
        Assert.Equal((3, 5), (progress[s1].SheetsSubmitted, progress[s1].SheetsExpected));
        Assert.Equal((3, 5), (progress[s2].SheetsSubmitted, progress[s2].SheetsExpected));
        Assert.Equal((3, 5), (progress[s3].SheetsSubmitted, progress[s3].SheetsExpected));
        Assert.Equal((0, 0), (progress[chair].SheetsSubmitted, progress[chair].SheetsExpected));

        Assert.Equal(RoundStatus.Moderation, (await s.Round.CloseScoring(Caller.Member(chair))).Status);

        var results = await s.Round.GetResults(Caller.Member(chair));
        Assert.Equal(100_000m, results.FundingCap);
        Assert.Equal(FundingLinePolicy.StopAtFirstMiss, results.FundingLinePolicy);
        Assert.Equal(["alpha", "gamma", "beta", "delta", "epsilon"], results.Bids.Select(b => b.Result.BidId).ToArray());
        Assert.Equal([1, 2, 3, 4, 5], results.Bids.Select(b => b.Rank).ToArray());

        var alpha = Scenario.Row(results, "alpha");
        Assert.Equal(3, alpha.Sheets);
        Assert.Equal(129.0 / 18.0, alpha.WeightedMean!.Value, Tol);
        Assert.Equal(1.0 / 3.0, alpha.StandardDeviation!.Value, Tol);
        Assert.Equal(Agreement.High, alpha.Agreement);
        Assert.Equal(129.0 / 18.0 / 40.0, alpha.ValuePerThousand!.Value, Tol);
        Assert.Equal(8.0, alpha.CriterionMeans["impact"], Tol);
        Assert.Equal(7.0, alpha.CriterionMeans["cost"], Tol);
        Assert.Equal(5.0, alpha.CriterionMeans["reach"], Tol);
        Assert.Equal(41.0 / 6.0, alpha.MinTotal!.Value, Tol);
        Assert.Equal(45.0 / 6.0, alpha.MaxTotal!.Value, Tol);
        Assert.Equal(7.2m, Display.Round(alpha.WeightedMean, 1));
        Assert.Equal(0.18m, Display.Round(alpha.ValuePerThousand, 2));

        var gamma = Scenario.Row(results, "gamma");
        Assert.Equal(2, gamma.Sheets);
        Assert.Equal(7.0, gamma.WeightedMean!.Value, Tol);
        Assert.Equal(Math.Sqrt(8.0), gamma.StandardDeviation!.Value, Tol);
        Assert.Equal(Agreement.Medium, gamma.Agreement);
        Assert.Equal(0.35, gamma.ValuePerThousand!.Value, Tol);

        var beta = Scenario.Row(results, "beta");
        Assert.Equal(3, beta.Sheets);
        Assert.Equal(7.0, beta.WeightedMean!.Value, Tol);
        Assert.Equal(3.0, beta.StandardDeviation!.Value, Tol);
        Assert.Equal(Agreement.Low, beta.Agreement);
        Assert.Equal(0.14, beta.ValuePerThousand!.Value, Tol);

        var delta = Scenario.Row(results, "delta");
        Assert.Equal(1, delta.Sheets);
        Assert.Equal(2.0, delta.WeightedMean!.Value, Tol);
        Assert.Null(delta.StandardDeviation);
        Assert.Equal(Agreement.Insufficient, delta.Agreement);
        Assert.Equal(0.2, delta.ValuePerThousand!.Value, Tol);

        var epsilon = Scenario.Row(results, "epsilon");
        Assert.Equal(0, epsilon.Sheets);
        Assert.Null(epsilon.WeightedMean);
        Assert.Null(epsilon.StandardDeviation);
        Assert.Null(epsilon.ValuePerThousand);
        Assert.Equal(Agreement.Insufficient, epsilon.Agreement);

        Assert.Equal([true, true, false, false, false], results.Bids.Select(b => b.Funded).ToArray());
        Assert.Equal([40_000m, 60_000m, null, null, null], results.Bids.Select(b => b.Cumulative).ToArray());
        Assert.Equal(60_000m, results.FundedTotal);
    }

    [Fact]
    public async Task Appointment_is_noted_on_the_member_and_the_round_view_counts_bids_and_committee()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(10_000m, ("a", 1m));
        var s1 = await s.Scorer("s1");
        await s.Appoint("fin", "Finance Org", [CommitteeRole.Finance, CommitteeRole.Scorer]);
        await s.AddBid("b1", "B1", 1_000m);

        Assert.Equal([s.RoundId], await fixture.Client.Member(s1).GetRounds());
        var view = await s.Round.Get(Caller.Member(s1));
        Assert.Equal((1, 2), (view.Bids, view.CommitteeMembers));
        var seat = (await s.Round.GetCommittee(Caller.Admin)).Single(c => c.Seat.MemberId == s.M("fin")).Seat;
        Assert.Equal([CommitteeRole.Scorer, CommitteeRole.Finance], seat.Roles);
    }
}
