using Prioritise.Domain;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Grains.Security;

namespace Prioritise.Grains.Tests;

/// <summary>What may happen in which state, and who may create what.</summary>
[Collection(ClusterCollection.Name)]
public class StateRuleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Sheets_are_refused_before_scoring_opens_and_after_it_closes()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(100_000m, ("a", 1m));
        var scorer = await s.Scorer("s1");
        await s.AddBid("bid", "Bid", 1_000m);

        var e = await Refused.With(Refusal.Conflict, () => s.Submit(scorer, "bid", ("a", 5)));
        Assert.Contains("Scoring has not opened yet", e.Message);
        await Refused.With(Refusal.Conflict, () => s.Draft(scorer, "bid", ("a", 5)));

        await s.Round.OpenScoring(Caller.Admin);
        await s.Submit(scorer, "bid", ("a", 5));
        await s.Round.CloseScoring(Caller.Admin);

        e = await Refused.With(Refusal.Conflict, () => s.Submit(scorer, "bid", ("a", 9)));
        Assert.Contains("Scoring has closed", e.Message);
        await Refused.With(Refusal.Conflict, () => s.Draft(scorer, "bid", ("a", 9)));

        Assert.Equal(5.0, Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid").WeightedMean);
    }

    [Fact]
    public async Task Scoring_opens_once_and_closes_once_and_bids_stop_after_scoring()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(100_000m, ("a", 1m));
        await Refused.With(Refusal.Conflict, () => s.Round.CloseScoring(Caller.Admin));
        await s.Round.OpenScoring(Caller.Admin);
        await Refused.With(Refusal.Conflict, () => s.Round.OpenScoring(Caller.Admin));
        await s.AddBid("during", "Added during scoring", 1_000m);
        await s.Round.CloseScoring(Caller.Admin);
        await Refused.With(Refusal.Conflict, () => s.Round.CloseScoring(Caller.Admin));
        await Refused.With(Refusal.Conflict, () => s.AddBid("late", "Too late", 1_000m));
        Assert.Equal((RoundStatus.Moderation, 1), ((await s.Round.Get(Caller.Admin)).Status, (await s.Round.Get(Caller.Admin)).Bids));
    }

    [Fact]
    public async Task Duplicate_round_bid_and_member_ids_are_refused_as_conflicts()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(100_000m, ("a", 1m));
        var e = await Refused.With(Refusal.Conflict, () => s.CreateRound(5m, ("z", 1m)));
        Assert.True(e.Errors.ContainsKey("id"));
        Assert.Equal(100_000m, (await s.Round.Get(Caller.Admin)).Definition.FundingCap); // the first one stands

        await s.AddBid("bid", "First", 1_000m);
        e = await Refused.With(Refusal.Conflict, () => s.AddBid("bid", "Second", 2_000m));
        Assert.True(e.Errors.ContainsKey("id"));
        var bid = Assert.Single(await s.Round.GetBids(Caller.Admin));
        Assert.Equal("First", bid.Bid.Title);

        var member = await s.Member("m", "Org One");
        e = await Refused.With(Refusal.Conflict, () =>
            fixture.Client.Member(member).Register(new MemberProfile(member, "Impostor", "Org Two", []).ToCommand(), MemberKeys.Issue(member).Hash));
        Assert.True(e.Errors.ContainsKey("id"));
        Assert.Equal("Org One", (await fixture.Client.Member(member).GetProfile())!.Organisation);
    }

    [Fact]
    public async Task Only_an_admin_creates_rounds_adds_bids_and_appoints()
    {
        var s = new Scenario(fixture.Client);
        await Refused.With(Refusal.Forbidden, () => s.Round.Create(Caller.Member("anyone"), Scenario.Definition(s.RoundId, 1m, ("a", 1m)).ToCommand()));
        Assert.Null(await s.Round.Find());

        await s.CreateRound(100_000m, ("a", 1m));
        var chair = await s.Chair();
        var other = await s.Member("other", "Org");
        await Refused.With(Refusal.Forbidden, () =>
            s.Round.AddBid(Caller.Member(chair), new Bid("b", "B", "", "Org", ["Org"], 1m, "").ToCommand()));
        await Refused.With(Refusal.Forbidden, () => s.Round.Appoint(Caller.Member(chair), other, new AppointMember([CommitteeRole.Scorer])));
        await Refused.With(Refusal.NotFound, () => s.Round.Appoint(Caller.Admin, s.M("nobody"), new AppointMember([CommitteeRole.Scorer])));
    }
}
