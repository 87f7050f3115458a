using Prioritise.Domain;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Tests;

/// <summary>Scorers score blind: no results until scoring closes, nobody else's sheet, never as someone else.</summary>
[Collection(ClusterCollection.Name)]
public class BlindScoringTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_scorer_sees_results_only_once_scoring_has_closed()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(100_000m, ("a", 1m));
        var scorer = await s.Scorer("s1");
        var chair = await s.Chair();
        var finance = await s.Appoint("fin", "Finance Org", [CommitteeRole.Finance]);
        var outsider = await s.Member("outsider", "Elsewhere");
        await s.AddBid("bid", "Bid", 1_000m);
        await s.Round.OpenScoring(Caller.Member(chair));
        await s.Submit(scorer, "bid", ("a", 6));

        await Refused.With(Refusal.Forbidden, () => s.Round.GetResults(Caller.Member(scorer)));
        await Refused.With(Refusal.NotFound, () => s.Round.GetResults(Caller.Member(outsider)));
        // Blind while scoring (docs/security.md): only the administrator sees figures, not the chair or finance.
        await Refused.With(Refusal.Forbidden, () => s.Round.GetResults(Caller.Member(chair)));
        await Refused.With(Refusal.Forbidden, () => s.Round.GetResults(Caller.Member(finance)));
        Assert.Equal(6.0, Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid").WeightedMean);

        // A scorer cannot close scoring to peek.
        await Refused.With(Refusal.Forbidden, () => s.Round.CloseScoring(Caller.Member(scorer)));
        await s.Round.CloseScoring(Caller.Member(chair));

        var results = await s.Round.GetResults(Caller.Member(scorer));
        Assert.Equal(6.0, Scenario.Row(results, "bid").WeightedMean);
        Assert.Equal(6.0, Scenario.Row(await s.Round.GetResults(Caller.Member(chair)), "bid").WeightedMean);
        Assert.Equal(6.0, Scenario.Row(await s.Round.GetResults(Caller.Member(finance)), "bid").WeightedMean);
        await Refused.With(Refusal.NotFound, () => s.Round.GetResults(Caller.Member(outsider)));
    }

    [Fact]
    public async Task A_member_reads_only_their_own_sheet_and_saves_only_as_themselves()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(100_000m, ("a", 1m), ("b", 1m));
        var alice = await s.Scorer("alice");
        var bob = await s.Scorer("bob");
        await s.AddBid("bid", "Bid", 1_000m);
        await s.Round.OpenScoring(Caller.Admin);
        await s.Submit(alice, "bid", ("a", 3), ("b", 5));

        var own = await s.Bid("bid").GetSheet(Caller.Member(alice), alice);
        Assert.Equal(3, own.Current.Scores["a"]);
        Assert.Equal(5, own.Current.Scores["b"]);
        Assert.True(own.Current.Submitted);

        await Refused.With(Refusal.Forbidden, () => s.Bid("bid").GetSheet(Caller.Member(bob), alice));
        // Not even an administrator reads a scorer's sheet through this call.
        await Refused.With(Refusal.Forbidden, () => s.Bid("bid").GetSheet(Caller.Admin, alice));

        var cmd = new SaveSheet(new Dictionary<string, int?> { ["a"] = 10, ["b"] = 10 }, null, true);
        await Refused.With(Refusal.Forbidden, () => s.Bid("bid").SaveSheet(Caller.Member(bob), alice, cmd));
        await Refused.With(Refusal.Forbidden, () => s.Bid("bid").SaveSheet(Caller.Admin, alice, cmd));
        // A caller claiming admin rights is still not the member.
        await Refused.With(Refusal.Forbidden, () => s.Bid("bid").SaveSheet(new Caller(alice, true), alice, cmd));

        // Nothing changed: alice's sheet is still 3/5 and bob has none.
        var still = await s.Bid("bid").GetSheet(Caller.Member(alice), alice);
        Assert.Equal(4.0, Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid").WeightedMean);
        Assert.Equal(1, still.Submitted!.Revision);
        await Refused.With(Refusal.NotFound, () => s.Bid("bid").GetSheet(Caller.Member(bob), bob));
    }

    [Fact]
    public async Task Only_scorers_on_the_committee_may_save_sheets()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(100_000m, ("a", 1m));
        var chair = await s.Chair();
        var outsider = await s.Member("outsider", "Elsewhere");
        await s.AddBid("bid", "Bid", 1_000m);
        await s.Round.OpenScoring(Caller.Admin);

        await Refused.With(Refusal.Forbidden, () => s.Submit(chair, "bid", ("a", 5)));
        await Refused.With(Refusal.NotFound, () => s.Submit(outsider, "bid", ("a", 5)));
        Assert.Equal(0, Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid").Sheets);
    }
}
