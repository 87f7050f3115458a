using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using Prioritise.Grains.Bids;
using Prioritise.Grains.Storage;
using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains.Tests;

/// <summary>What the committee entered lives in the store, not in grain memory.</summary>
[Collection(ClusterCollection.Name)]
public class PersistenceTests(ClusterFixture fixture)
{
    /// <summary>
    /// Criteria x (weight 1), y (weight 3). Bid "one" (GBP 8k): p 4/8 -> 7; q 2/6 -> 5; r 10/10 -> 10.
    /// mean 22/3, deviations -1/3, -7/3, 8/3 -> sum of squares 114/9 -> var 57/9 -> SD sqrt(57)/3 = 2.5166 (Medium).
    /// Bid "two" (GBP 4k): p 5/5 -> 5 only. Cap 10k: "one" (7.33) funded at 8k, "two" would reach 12k, unfunded.
    /// </summary>
    private static async Task<Scenario> ScoreAndClose(IGrainFactory grains)
    {
        var s = new Scenario(grains);
        await s.CreateRound(10_000m, ("x", 1m), ("y", 3m));
        var p = await s.Scorer("p");
        var q = await s.Scorer("q");
        var r = await s.Scorer("r");
        await s.AddBid("one", "One", 8_000m);
        await s.AddBid("two", "Two", 4_000m);
        await s.Round.OpenScoring(Caller.Admin);
        await s.Submit(p, "one", ("x", 4), ("y", 8));
        await s.Submit(q, "one", ("x", 1), ("y", 1));
        await s.Submit(q, "one", ("x", 2), ("y", 6));  // replaces q's first sheet
        await s.Submit(r, "one", ("x", 10), ("y", 10));
        await s.Submit(p, "two", ("x", 5), ("y", 5));
        await s.Draft(r, "two", ("x", 3));
        await s.Round.CloseScoring(Caller.Admin);
        return s;
    }

    private static void AssertHandComputed(RoundResults results)
    {
        Assert.Equal(["one", "two"], results.Bids.Select(b => b.Result.BidId).ToArray());
        var one = Scenario.Row(results, "one");
        Assert.Equal(3, one.Sheets);
        Assert.Equal(22.0 / 3.0, one.WeightedMean!.Value, 1e-9);
        Assert.Equal(Math.Sqrt(57.0) / 3.0, one.StandardDeviation!.Value, 1e-9);
        Assert.Equal(Agreement.Medium, one.Agreement);
        Assert.Equal(22.0 / 3.0 / 8.0, one.ValuePerThousand!.Value, 1e-9);
        var two = Scenario.Row(results, "two");
        Assert.Equal(1, two.Sheets);
        Assert.Equal(5.0, two.WeightedMean!.Value, 1e-9);
        Assert.Equal([true, false], results.Bids.Select(b => b.Funded).ToArray());
        Assert.Equal([8_000m, null], results.Bids.Select(b => b.Cumulative).ToArray());
    }

    /// <summary>Every field of the results, so "identical" means bit for bit.</summary>
    private static string[] Fingerprint(RoundResults results) =>
        [
            $"{results.FundingCap}|{results.FundingLinePolicy}",
            .. results.Bids.Select(b =>
                $"{b.Rank}|{b.Result.BidId}|{b.Result.Title}|{b.Result.AmountRequested}|{b.Result.Sheets}|" +
                $"{b.Result.WeightedMean:R}|{b.Result.StandardDeviation:R}|{b.Result.Agreement}|{b.Result.ValuePerThousand:R}|" +
                $"{b.Result.MinTotal:R}|{b.Result.MaxTotal:R}|{b.Funded}|{b.Cumulative}|" +
                string.Join(",", b.Result.CriterionMeans.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value:R}"))),
        ];

    [Fact]
    public async Task Results_survive_deactivation_of_the_round_and_its_bids()
    {
        var s = await ScoreAndClose(fixture.Client);
        var before = await s.Round.GetResults(Caller.Admin);
        AssertHandComputed(before);
        var auditBefore = await s.Round.GetAudit(Caller.Admin);

        await fixture.Cluster.DeactivateAsync((IAddressable)s.Round);
        await fixture.Cluster.DeactivateAsync((IAddressable)s.Bid("one"));
        await fixture.Cluster.DeactivateAsync((IAddressable)s.Bid("two"));

        var after = await s.Round.GetResults(Caller.Admin);
        AssertHandComputed(after);
        Assert.Equal(Fingerprint(before), Fingerprint(after));
        Assert.Equal(auditBefore, await s.Round.GetAudit(Caller.Admin));
    }

    [Fact]
    public async Task Everything_survives_a_full_cluster_restart_on_the_same_store()
    {
        var dataPath = Clusters.NewDataPath();
        var serviceId = $"prioritise-{Guid.NewGuid():N}";
        string[] before;
        IReadOnlyList<Prioritise.Domain.Audit.AuditEvent> auditBefore;
        string roundId, r;
        try
        {
            await using (var first = await Clusters.Start(dataPath, serviceId))
            {
                var s = await ScoreAndClose(first.Client);
                roundId = s.RoundId;
                r = s.M("r");
                var results = await s.Round.GetResults(Caller.Admin);
                AssertHandComputed(results);
                before = Fingerprint(results);
                auditBefore = await s.Round.GetAudit(Caller.Admin);
            }

            await using var second = await Clusters.Start(dataPath, serviceId);
            var round = second.Client.Round(roundId);
            var view = await round.Get(Caller.Admin);
            Assert.Equal(RoundStatus.Moderation, view.Status);
            Assert.Equal((2, 3), (view.Bids, view.CommitteeMembers));

            var after = await round.GetResults(Caller.Admin);
            AssertHandComputed(after);
            Assert.Equal(before, Fingerprint(after));
            Assert.Equal(auditBefore, await round.GetAudit(Caller.Admin));

            // Drafts, members and the state rules came back too.
            var draft = await second.Client.Bid(roundId, "two").GetSheet(Caller.Member(r), r);
            Assert.False(draft.Current.Submitted);
            Assert.Equal(3, draft.Current.Scores["x"]);
            Assert.Equal([roundId], await second.Client.Member(r).GetRounds());
            await Refused.With(Refusal.Conflict, () => second.Client.Bid(roundId, "two")
                .SaveSheet(Caller.Member(r), r, new SaveSheet(new Dictionary<string, int?> { ["x"] = 1, ["y"] = 1 }, null, true)));
        }
        finally
        {
            Clusters.TryDelete(dataPath);
        }
    }

    /// <summary>
    /// Releases before the journal wrote a bid's whole state as one row ("bid-sheets"). A store
    /// from such a release must read the same: that row is the base the journal's entries apply to.
    /// </summary>
    [Fact]
    public async Task A_bid_written_whole_by_an_earlier_release_keeps_its_sheets_and_takes_new_ones_on_top()
    {
        var dataPath = Clusters.NewDataPath();
        var serviceId = $"prioritise-{Guid.NewGuid():N}";
        try
        {
            Scenario s;
            string p, q;
            await using (var first = await Clusters.Start(dataPath, serviceId))
            {
                s = new Scenario(first.Client);
                await s.CreateRound(10_000m, ("x", 1m), ("y", 3m));
                p = await s.Scorer("p");
                q = await s.Scorer("q");
                await s.AddBid("one", "One", 8_000m);
                await s.Round.OpenScoring(Caller.Admin);
            }

            // p's sheet (x 4, y 8: total 7) as the earlier release stored it, with its audit line.
            var at = new DateTimeOffset(2026, 11, 1, 9, 30, 0, TimeSpan.Zero);
            var earlier = new BidSheetsState
            {
                Submitted = System.Collections.Immutable.ImmutableDictionary<string, ScoreSheet>.Empty
                    .Add(p, new ScoreSheet("one", p, new Dictionary<string, int> { ["x"] = 4, ["y"] = 8 }, null, true, at, 1)),
                Revision = 1,
                Events = [new Prioritise.Domain.Audit.AuditEvent("bid:one", 1, at, p, "sheetSubmitted", "Sheet submitted: x=4, y=8.", null, "one", p)],
            };
            using (var services = new ServiceCollection().AddSerializer().AddPrioritiseSerialization().BuildServiceProvider())
            using (var writer = new SqliteWriter(dataPath, serviceId, NullLogger<SqliteWriter>.Instance))
            {
                var storage = new SqliteGrainStorage(writer, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
                await storage.WriteStateAsync("bid-sheets", GrainId.Create("bid", GrainKeys.Bid(s.RoundId, "one")),
                    new GrainState<BidSheetsState>(earlier));
            }

            await using (var second = await Clusters.Start(dataPath, serviceId))
            {
                var bid = second.Client.Bid(s.RoundId, "one");
                Assert.Equal([p], (await bid.GetSubmitted()).Sheets.Select(x => x.MemberId));
                // q (x 2, y 6: total 5) scores on top; the mean of 7 and 5 is 6.
                await bid.SaveSheet(Caller.Member(q), q, new SaveSheet(new Dictionary<string, int?> { ["x"] = 2, ["y"] = 6 }, null, true));
                Assert.Equal(6.0, Scenario.Row(await second.Client.Round(s.RoundId).GetResults(Caller.Admin), "one").WeightedMean!.Value, 1e-9);
            }

            await using var third = await Clusters.Start(dataPath, serviceId);
            var again = third.Client.Bid(s.RoundId, "one");
            Assert.Equal(new[] { p, q }.Order(StringComparer.Ordinal), (await again.GetSubmitted()).Sheets.Select(x => x.MemberId));
            Assert.Equal(6.0, Scenario.Row(await third.Client.Round(s.RoundId).GetResults(Caller.Admin), "one").WeightedMean!.Value, 1e-9);
            var audit = await again.GetAudit();
            Assert.Equal([(1L, p, "sheetSubmitted"), (2L, q, "sheetSubmitted")], audit.Select(e => (e.Sequence, e.Actor, e.Action)));
            Assert.Equal(at, audit[0].At);
        }
        finally
        {
            Clusters.TryDelete(dataPath);
        }
    }

}
