using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Tests;

/// <summary>
/// Issue 14 in the grains: a member's correction reaching every round they sit on (the multi-grain
/// step's follow-up, idempotent), the round's version, and a withdrawn bid out of the results.
/// </summary>
[Collection(ClusterCollection.Name)]
public class CorrectionGrainTests(ClusterFixture fixture)
{
    private static CorrectMember EndInterest(string organisation, long? expected = null) =>
        new(null, null, null, [new InterestInput(organisation, InterestType.Pecuniary, "Spouse employed", new DateOnly(2026, 11, 30))], null,
            "Spouse left the trust", expected);

    [Fact]
    public async Task A_corrected_register_reaches_the_seat_until_scoring_closes_and_is_only_noted_after()
    {
        var open = new Scenario(fixture.Client);
        var closed = new Scenario(fixture.Client);
        await open.CreateRound(100_000m, ("a", 1m));
        await closed.CreateRound(100_000m, ("a", 1m));
        var member = await open.Scorer("ash", "CCG", new Interest("Riverside", InterestType.Pecuniary, "Spouse employed"));
        await closed.Round.Appoint(Caller.Admin, member, new AppointMember([CommitteeRole.Scorer]));
        await open.AddBid("rb", "Riverside bid", 10_000m, "Riverside");
        await closed.AddBid("cb", "Closed bid", 10_000m, "Elsewhere");
        await open.Round.OpenScoring(Caller.Admin);
        await closed.Round.OpenScoring(Caller.Admin);
        await closed.Submit(member, "cb", ("a", 7));
        await closed.Round.CloseScoring(Caller.Admin);
        await Refused.With(Refusal.Forbidden, () => open.Submit(member, "rb", ("a", 6)));

        var profile = await fixture.Client.Member(member).Correct(Caller.Admin, EndInterest("Riverside", expected: 1));
        Assert.Equal(2, profile.Version);

        // Scoring: the seat takes the register, so the conflict is gone.
        var seat = await open.Round.SeatOf(member);
        Assert.Equal(new DateOnly(2026, 11, 30), Assert.Single(seat!.Interests).EndedOn);
        await open.Submit(member, "rb", ("a", 6));
        var openAudit = await open.Round.GetAudit(Caller.Admin);
        var line = Assert.Single(openAudit, e => e.Action == AuditActions.RegisterCorrected);
        Assert.Equal("Register of interests corrected for Person ash: Interest in Riverside (pecuniary) ended 30 November 2026.", line.What);
        Assert.Equal("Spouse left the trust", line.Why);

        // Moderation: the register as it stood when the scores were counted is kept; the correction is noted.
        Assert.Null(Assert.Single((await closed.Round.SeatOf(member))!.Interests).EndedOn);
        Assert.Contains(await closed.Round.GetAudit(Caller.Admin), e => e.Action == AuditActions.RegisterCorrected && e.What.Contains("after scoring closed"));

        // The follow-up sent again (a retry, an activation) changes nothing.
        var before = (await open.Round.GetAudit(Caller.Admin)).Count;
        var version = (await open.Round.Get(Caller.Admin)).Version;
        await open.Round.RefreshSeat(member, new RegisterCorrection(profile, Caller.Admin, "again", "again"));
        Assert.Equal(before, (await open.Round.GetAudit(Caller.Admin)).Count);
        Assert.Equal(version, (await open.Round.Get(Caller.Admin)).Version);

        // The member's own record keeps the correction; a stale version is refused.
        Assert.Single(await fixture.Client.Member(member).GetHistory());
        await Refused.With(Refusal.Conflict, () => fixture.Client.Member(member).Correct(Caller.Admin, EndInterest("Riverside", expected: 1) with { Name = "Ash" }));
    }

    [Fact]
    public async Task Only_the_administrator_grants_the_secretary_role_and_a_seated_secretary_corrects_no_member()
    {
        var s = new Scenario(fixture.Client);
        var officer = await s.Member("officer", "Governance");
        var other = await s.Member("other", "Hilltop");
        var grant = new CorrectMember(null, null, null, null, true, "Appointed", null);
        await Refused.With(Refusal.Forbidden, () => fixture.Client.Member(other).Correct(new Caller(officer, false, IsSecretary: false), grant with { Secretary = null, Name = "X" }));
        Assert.True((await fixture.Client.Member(officer).Correct(Caller.Admin, grant)).Secretary);
        await Refused.With(Refusal.Forbidden, () => fixture.Client.Member(other).Correct(new Caller(officer, false, IsSecretary: true), grant));
        var renamed = await fixture.Client.Member(other).Correct(new Caller(officer, false, IsSecretary: true), grant with { Secretary = null, Name = "Person Other-Smith" });
        Assert.Equal("Person Other-Smith", renamed.Name);
    }

    [Fact]
    public async Task Every_change_is_a_new_version_and_a_withdrawn_bid_leaves_results_and_analysis()
    {
        var s = new Scenario(fixture.Client);
        var created = await s.CreateRound(100_000m, ("a", 1m));
        var scorer = await s.Scorer("s1");
        await s.AddBid("x", "Kept", 10_000m);
        await s.AddBid("y", "Withdrawn", 10_000m);
        var view = await s.Round.Get(Caller.Admin);
        Assert.Equal(created.Version + 3, view.Version);
        await s.Round.OpenScoring(Caller.Admin);
        await s.Submit(scorer, "x", ("a", 6));
        await s.Submit(scorer, "y", ("a", 9));
        var withdrawn = await s.Round.WithdrawBid(Caller.Admin, "y", "The sponsor withdrew it");
        Assert.True(withdrawn.Withdrawn);
        await Refused.With(Refusal.Conflict, () => s.Submit(scorer, "y", ("a", 2)));
        var results = await s.Round.GetResults(Caller.Admin);
        Assert.Equal(["x"], results.Bids.Select(b => b.Result.BidId));
        var analysis = await s.Round.GetAnalysis(Caller.Admin, new Domain.Analytics.AnalysisOptions(2000, 1, false, 100));
        Assert.DoesNotContain(analysis.Funding.Bids, b => b.BidId == "y");
        Assert.Equal(1, (await s.Round.Get(Caller.Admin)).Bids);
        Assert.Equal(2, (await s.Round.GetBids(Caller.Admin)).Count);
    }
}
