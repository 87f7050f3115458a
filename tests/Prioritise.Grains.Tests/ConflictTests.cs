using Prioritise.Domain;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Tests;

/// <summary>Nobody scores a bid whose money would go to their own organisation or one they have an interest in.</summary>
[Collection(ClusterCollection.Name)]
public class ConflictTests(ClusterFixture fixture)
{
    private static readonly (string, int)[] AllFour = [("a", 4), ("b", 4)];

    private async Task<Scenario> RoundWithBid()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(100_000m, ("a", 1m), ("b", 1m));
        // The money goes to two recipients, neither of them the sponsor.
        await s.AddBid("bid", "The bid", 10_000m, "Sponsor Org", "Recipient Trust", "Partner Charity");
        return s;
    }

    [Fact]
    public async Task A_member_whose_organisation_receives_the_money_is_forbidden_to_score()
    {
        var s = await RoundWithBid();
        // Organisation names match ignoring case and outer spaces.
        var own = await s.Scorer("own", "  recipient TRUST ");
        await s.Round.OpenScoring(Caller.Admin);

        var e = await Refused.With(Refusal.Forbidden, () => s.Submit(own, "bid", AllFour));
        Assert.StartsWith("Conflict of interest:", e.Message);
        await Refused.With(Refusal.Forbidden, () => s.Draft(own, "bid", ("a", 4)));

        var bids = await s.Round.GetBids(Caller.Member(own));
        var view = Assert.Single(bids);
        Assert.True(view.Conflicted);
        Assert.NotNull(view.ConflictReason);
    }

    [Fact]
    public async Task A_pecuniary_or_indirect_interest_in_a_recipient_forbids_scoring_but_a_non_pecuniary_one_does_not()
    {
        var s = await RoundWithBid();
        var pecuniary = await s.Scorer("pec", "Elsewhere", new Interest("Partner Charity", InterestType.Pecuniary, "Paid adviser"));
        var indirect = await s.Scorer("ind", "Elsewhere", new Interest("partner charity", InterestType.Indirect, "Spouse employed there"));
        var nonPecuniary = await s.Scorer("nonpec", "Elsewhere", new Interest("Partner Charity", InterestType.NonPecuniary, "Volunteer"));
        // An interest in the sponsor alone is no conflict: the sponsor is not a recipient of this bid.
        var sponsorOnly = await s.Scorer("spons", "Sponsor Org");
        await s.Round.OpenScoring(Caller.Admin);

        var e = await Refused.With(Refusal.Forbidden, () => s.Submit(pecuniary, "bid", AllFour));
        Assert.Contains("pecuniary", e.Message);
        e = await Refused.With(Refusal.Forbidden, () => s.Submit(indirect, "bid", AllFour));
        Assert.Contains("indirect", e.Message);

        await s.Submit(nonPecuniary, "bid", ("a", 6), ("b", 8));
        await s.Submit(sponsorOnly, "bid", ("a", 2), ("b", 4));

        var results = await s.Round.GetResults(Caller.Admin);
        var row = Scenario.Row(results, "bid");
        Assert.Equal(2, row.Sheets);
        Assert.Equal(5.0, row.WeightedMean!.Value, 1e-9); // (7 + 3) / 2
        Assert.Equal(Math.Sqrt(8.0), row.StandardDeviation!.Value, 1e-9);

        var expected = (await s.Round.GetCommittee(Caller.Admin)).ToDictionary(c => c.Seat.MemberId, c => c.SheetsExpected);
        Assert.Equal(0, expected[pecuniary]);
        Assert.Equal(0, expected[indirect]);
        Assert.Equal(1, expected[nonPecuniary]);
    }

    [Fact]
    public async Task A_conflict_the_chair_records_forbids_scoring_and_removes_an_earlier_sheet_from_results()
    {
        var s = await RoundWithBid();
        var chair = await s.Chair();
        var fair = await s.Scorer("fair");
        var late = await s.Scorer("late");
        await s.Round.OpenScoring(Caller.Member(chair));

        await s.Submit(fair, "bid", ("a", 4), ("b", 4));
        await s.Submit(late, "bid", ("a", 10), ("b", 10));

        var before = Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid");
        Assert.Equal(2, before.Sheets);
        Assert.Equal(7.0, before.WeightedMean!.Value, 1e-9);

        // A scorer may not record conflicts; the chair may.
        await Refused.With(Refusal.Forbidden, () =>
            s.Round.RecordConflict(Caller.Member(fair), new RecordConflict(late, "bid", "Not allowed")));
        await s.Round.RecordConflict(Caller.Member(chair), new RecordConflict(late, "bid", "Advised the bidder"));

        var after = Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid");
        Assert.Equal(1, after.Sheets);
        Assert.Equal(4.0, after.WeightedMean!.Value, 1e-9);
        Assert.Null(after.StandardDeviation);
        Assert.Equal(Agreement.Insufficient, after.Agreement);
        Assert.Equal(0.4, after.ValuePerThousand!.Value, 1e-9);

        var e = await Refused.With(Refusal.Forbidden, () => s.Submit(late, "bid", ("a", 9), ("b", 9)));
        Assert.Contains("Advised the bidder", e.Message);

        // Recording the same conflict twice is refused as a conflict of state.
        await Refused.With(Refusal.Conflict, () =>
            s.Round.RecordConflict(Caller.Member(chair), new RecordConflict(late, "bid", "Again")));

        var audit = await s.Round.GetAudit(Caller.Member(chair));
        var recorded = Assert.Single(audit, a => a.Action == "conflictRecorded");
        Assert.Equal((chair, late, "bid", "Advised the bidder"), (recorded.Actor, recorded.MemberId, recorded.BidId, recorded.Why));
    }
}
