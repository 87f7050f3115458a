using Prioritise.Domain;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Tests;

/// <summary>
/// The round hands out its last results again while nothing has changed (a performance matter,
/// measured in docs/performance.md, not asserted here); what must hold is that nothing that
/// changes them is missed.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ResultsReuseTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Results_reused_between_reads_still_follow_every_sheet_and_every_change_to_the_round()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(10_000m, ("x", 1m));
        var p = await s.Scorer("p");
        var q = await s.Scorer("q");
        await s.AddBid("one", "One", 8_000m);
        await s.AddBid("two", "Two", 4_000m);
        await s.Round.OpenScoring(Caller.Admin);
        await s.Submit(p, "one", ("x", 6));

        var first = await s.Round.GetResults(Caller.Admin);
        Assert.Equal(6.0, Scenario.Row(first, "one").WeightedMean!.Value, 1e-9);
        Assert.Equal(6.0, Scenario.Row(await s.Round.GetResults(Caller.Admin), "one").WeightedMean!.Value, 1e-9);

        // A draft changes no result; a submitted sheet does: (6 + 8) / 2 = 7.
        await s.Draft(q, "one", ("x", 2));
        Assert.Equal(1, Scenario.Row(await s.Round.GetResults(Caller.Admin), "one").Sheets);
        await s.Submit(q, "one", ("x", 8));
        var second = await s.Round.GetResults(Caller.Admin);
        Assert.Equal(7.0, Scenario.Row(second, "one").WeightedMean!.Value, 1e-9);
        // q replaces the sheet: (6 + 4) / 2 = 5.
        await s.Submit(q, "one", ("x", 4));
        Assert.Equal(5.0, Scenario.Row(await s.Round.GetResults(Caller.Admin), "one").WeightedMean!.Value, 1e-9);

        // A change to the round itself (a conflict recorded) counts too: q's sheet no longer counts.
        await s.Round.RecordConflict(Caller.Admin, new RecordConflict(q, "one", "Declared late"));
        Assert.Equal(6.0, Scenario.Row(await s.Round.GetResults(Caller.Admin), "one").WeightedMean!.Value, 1e-9);
        // A bid added to the round appears, unscored.
        await s.AddBid("three", "Three", 1_000m);
        Assert.Equal(0, Scenario.Row(await s.Round.GetResults(Caller.Admin), "three").Sheets);
    }
}
