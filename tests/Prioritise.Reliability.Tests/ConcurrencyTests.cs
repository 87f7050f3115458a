using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Prioritise.Reliability.Tests.Support;

namespace Prioritise.Reliability.Tests;

/// <summary>
/// Many clients at once on the same grain: scorers on one bid, two chairs on one moderation
/// session. No update is lost, versions strictly increase in the order the service applied the
/// requests, and the outcome equals a serial replay of what the service says it applied.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class ConcurrencyTests(SharedSilo shared, ITestOutputHelper output)
{
    private readonly ApiClient _api = shared.Api;

    [Fact]
    public async Task Many_scorers_on_one_bid_in_parallel_lose_no_update_and_equal_a_serial_replay()
    {
        var scorerCount = LongRun.Pick(12, 40);
        var rounds = LongRun.Pick(4, 10);
        var random = new Random(LongRun.Seed("PRIORITISE_CONCURRENCY_SEED", 424242));
        var roundId = TestIds.New("crowd");
        var ids = Enumerable.Range(1, scorerCount).Select(i => TestIds.New($"s{i}")).ToArray();
        var keys = await Members.Create(_api, ids);
        await _api.CreateRound(roundId);
        foreach (var id in ids) await _api.Appoint(roundId, id, "scorer");
        await _api.AddBid(roundId, "bid", 50_000m);
        await _api.OpenScoring(roundId);

        // Each scorer submits `rounds` sheets one after another; all scorers at once. The first
        // scorer also fires a burst of parallel submissions of their own at the end.
        var plans = ids.ToDictionary(id => id, id => Enumerable.Range(0, rounds)
            .Select(i => (Token: $"{id}-{i}", Impact: random.Next(1, 11), Cost: random.Next(1, 11))).ToList());
        var burst = Enumerable.Range(0, 5).Select(i => (Token: $"{ids[0]}-burst-{i}", Impact: random.Next(1, 11), Cost: random.Next(1, 11))).ToList();
        var answers = new ConcurrentDictionary<string, int>(); // token -> revision answered
        var gate = new TaskCompletionSource();
        var clients = ids.Select(id => Task.Run(async () =>
        {
            await gate.Task;
            foreach (var (token, impact, cost) in plans[id])
            {
                var reply = await _api.PutSheet(roundId, "bid", id, keys[id], new { scores = new { impact, cost }, comment = token, submit = true });
                reply.Is(HttpStatusCode.OK);
                answers[token] = (int)reply.Json["revision"]!;
            }
        })).ToList();
        gate.SetResult();
        await Task.WhenAll(clients);
        await Task.WhenAll(burst.Select(async b =>
        {
            var reply = await _api.PutSheet(roundId, "bid", ids[0], keys[ids[0]], new { scores = new { impact = b.Impact, cost = b.Cost }, comment = b.Token, submit = true });
            reply.Is(HttpStatusCode.OK);
            answers[b.Token] = (int)reply.Json["revision"]!;
        }));

        // Versions: each scorer's sequential submissions were answered revisions 1..n; the burst
        // took the next five, each exactly once.
        foreach (var id in ids)
            Assert.Equal(Enumerable.Range(1, rounds), plans[id].Select(p => answers[p.Token]));
        Assert.Equal(Enumerable.Range(rounds + 1, burst.Count), burst.Select(b => answers[b.Token]).Order());

        // The trail: one event per answered submission, numbered without gaps, and per member in
        // the order of the revisions the service answered.
        var audit = (await _api.Json($"/api/rounds/{roundId}/audit")).AsArray();
        Trail.AssertGapless(audit, "concurrent sheets");
        var events = Trail.SheetEvents(audit).ToList();
        Assert.Equal(answers.Count, events.Count);
        Assert.Equal(answers.Keys.Order(), events.Select(e => (string)e["why"]!).Order());
        foreach (var id in ids)
        {
            var mine = events.Where(e => (string?)e["memberId"] == id).OrderBy(e => (long)e["sequence"]!).Select(e => (string)e["why"]!).ToList();
            Assert.Equal(mine.OrderBy(t => answers[t]), mine);
        }

        // No lost update: each member's sheet is the submission answered with their highest revision.
        var all = plans.SelectMany(p => p.Value.Select(v => (Member: p.Key, v.Token, v.Impact, v.Cost)))
            .Concat(burst.Select(b => (Member: ids[0], b.Token, b.Impact, b.Cost))).ToList();
        var readBack = new List<SheetScores>();
        foreach (var id in ids)
        {
            var last = all.Where(s => s.Member == id).MaxBy(s => answers[s.Token]);
            var sheet = await _api.Sheet(roundId, "bid", id, keys[id]);
            Assert.NotNull(sheet);
            Assert.Equal(last.Token, (string?)sheet!["comment"]);
            Assert.Equal(last.Impact, (int)sheet["scores"]!["impact"]!);
            Assert.Equal(last.Cost, (int)sheet["scores"]!["cost"]!);
            readBack.Add(new SheetScores(id, "bid", Reads.Scores(sheet)));
        }
        var results = await _api.Json($"/api/rounds/{roundId}/results");
        Recompute.AssertResults(results, Recompute.TwoCriteriaWeights, readBack, "concurrent sheets");

        // A serial replay, in the order of the trail, on a fresh round gives the same results.
        var replayId = TestIds.New("replay");
        await _api.CreateRound(replayId);
        foreach (var id in ids) await _api.Appoint(replayId, id, "scorer");
        await _api.AddBid(replayId, "bid", 50_000m);
        await _api.OpenScoring(replayId);
        foreach (var e in events.OrderBy(e => (long)e["sequence"]!))
        {
            var s = all.Single(x => x.Token == (string)e["why"]!);
            await _api.Submit(replayId, "bid", s.Member, keys[s.Member], s.Impact, s.Cost);
        }
        var replayed = await _api.Json($"/api/rounds/{replayId}/results");
        Assert.True(JsonNode.DeepEquals(results["bids"], replayed["bids"]),
            $"concurrent and serial results differ:{Environment.NewLine}{results["bids"]!.ToJsonString()}{Environment.NewLine}{replayed["bids"]!.ToJsonString()}");
        output.WriteLine($"{scorerCount} scorers x {rounds} sheets + a burst of {burst.Count}: {events.Count} events, results equal the serial replay");
    }

    [Fact]
    public async Task Two_chairs_moderating_one_round_in_parallel_lose_no_update_and_equal_a_serial_replay()
    {
        var perChair = LongRun.Pick(10, 40);
        var random = new Random(LongRun.Seed("PRIORITISE_CONCURRENCY_SEED", 424242));
        var scorer1 = TestIds.New("scorer");
        var scorer2 = TestIds.New("scorer");
        var chair1 = TestIds.New("chair");
        var chair2 = TestIds.New("chair");
        var keys = await Members.Create(_api, scorer1, scorer2, chair1, chair2);
        (string Id, decimal Amount, int Score)[] bids = [("a", 40_000m, 9), ("b", 30_000m, 8), ("c", 20_000m, 7), ("d", 10_000m, 6), ("e", 25_000m, 5)];
        var rig = await ModerationRig.Build(_api, TestIds.New("two-chairs"), 100_000m, bids,
            (scorer1, keys[scorer1]), (scorer2, keys[scorer2]), chair1, chair2);

        object NewAction(string token)
        {
            var bid = bids[random.Next(bids.Length)];
            return random.Next(2) == 0
                ? new { type = "condition", bidId = bid.Id, text = token, reason = token }
                : new { type = "award", bidId = bid.Id, amount = 500m * random.Next(1, (int)(bid.Amount / 500m) + 1), reason = token };
        }

        // Phase 1, blind: both chairs post as fast as they can, without expectedVersion. Every
        // action is applied, each once, and the versions answered follow the order applied.
        var plans = new[] { chair1, chair2 }.ToDictionary(c => c, c => Enumerable.Range(0, perChair).Select(i => (Token: $"{c}-{i}", Body: NewAction($"{c}-{i}"))).ToList());
        var answered = new ConcurrentDictionary<string, (string ActionId, long Version)>();
        var gate = new TaskCompletionSource();
        var chairs = plans.Select(p => Task.Run(async () =>
        {
            await gate.Task;
            foreach (var (token, body) in p.Value)
            {
                var reply = await _api.Act(rig.RoundId, keys[p.Key], body);
                reply.Is(HttpStatusCode.Created);
                answered[token] = ((string)reply.Json["actionId"]!, (long)reply.Json["moderation"]!["version"]!);
            }
        })).ToList();
        gate.SetResult();
        await Task.WhenAll(chairs);

        // Phase 2, optimistic: each chair reads the version and posts with expectedVersion,
        // retrying on 409, until each of its actions is in. None may be lost or applied twice.
        var stale = 0;
        var optimistic = new[] { chair1, chair2 }.ToDictionary(c => c, c => Enumerable.Range(0, perChair / 2)
            .Select(i => $"{c}-optimistic-{i}").ToList());
        await Task.WhenAll(optimistic.Select(p => Task.Run(async () =>
        {
            foreach (var token in p.Value)
            {
                for (var attempt = 0; ; attempt++)
                {
                    Assert.True(attempt < 200, $"{token}: still refused after 200 attempts");
                    var version = (long)(await ModerationCheck.Read(_api, rig.RoundId, keys[p.Key]))["version"]!;
                    var reply = await _api.Act(rig.RoundId, keys[p.Key],
                        new { type = "condition", bidId = "a", text = token, reason = token, expectedVersion = version });
                    if (reply.Status == HttpStatusCode.Conflict)
                    {
                        reply.Problem(HttpStatusCode.Conflict, "expectedVersion");
                        Interlocked.Increment(ref stale);
                        continue;
                    }
                    reply.Is(HttpStatusCode.Created);
                    var moderation = reply.Json["moderation"]!;
                    Assert.Equal(version + 1, (long)moderation["version"]!);
                    answered[token] = ((string)reply.Json["actionId"]!, version + 1);
                    break;
                }
            }
        })));

        var final = await ModerationCheck.Read(_api, rig.RoundId, keys[chair1]);
        ModerationCheck.AssertConsistent(final, rig, "two chairs");
        ModerationCheck.AssertAudit((await _api.Json($"/api/rounds/{rig.RoundId}/audit")).AsArray(), final, "two chairs");
        var actions = final["actions"]!.AsArray().Select(a => a!).ToList();
        Assert.Equal(answered.Count, actions.Count);
        foreach (var (token, (actionId, version)) in answered)
        {
            var stored = actions.Where(a => (string?)a["reason"] == token).ToList();
            Assert.True(stored.Count == 1, $"{token} is stored {stored.Count} times");
            Assert.Equal(actionId, (string?)stored[0]["id"]);
            // Action aN was applied by the N-th change after moderation started at version 1.
            Assert.Equal(1 + int.Parse(actionId[1..]), version);
        }
        Assert.Equal(answered.Count, answered.Values.Select(v => v.Version).Distinct().Count());
        var actors = actions.GroupBy(a => (string)a["actor"]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(perChair + perChair / 2, actors[chair1]);
        Assert.Equal(perChair + perChair / 2, actors[chair2]);

        // A serial replay of the stored actions, in order, by one chair on an identical round.
        var replayChair = TestIds.New("chair");
        var replayKey = await _api.CreateMember(replayChair, "Replay Org");
        var replay = await ModerationRig.Build(_api, TestIds.New("replay"), 100_000m, bids,
            (scorer1, keys[scorer1]), (scorer2, keys[scorer2]), replayChair);
        foreach (var a in actions)
        {
            object body = (string)a["type"]! == "condition"
                ? new { type = "condition", bidId = (string)a["bidId"]!, text = (string)a["text"]!, reason = (string)a["reason"]! }
                : new { type = "award", bidId = (string)a["bidId"]!, amount = (decimal)a["amount"]!, reason = (string)a["reason"]! };
            (await _api.Act(replay.RoundId, replayKey, body)).Is(HttpStatusCode.Created);
        }
        var serial = await ModerationCheck.Read(_api, replay.RoundId, replayKey);
        foreach (var field in new[] { "version", "fundingCap", "fundedTotal", "headroom", "overCommitment", "rows" })
            Assert.True(JsonNode.DeepEquals(final[field], serial[field]),
                $"'{field}' differs between the concurrent session and its serial replay:{Environment.NewLine}{final[field]?.ToJsonString()}{Environment.NewLine}{serial[field]?.ToJsonString()}");
        output.WriteLine($"two chairs x {perChair} blind + {perChair / 2} optimistic actions: {actions.Count} stored, {stale} stale-version refusals retried");
    }
}
