using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Prioritise.Reliability.Tests.Support;

namespace Prioritise.Reliability.Tests;

/// <summary>
/// Clients submit score sheets and take moderation actions while the silo is killed with SIGKILL
/// (<see cref="SiloProcess.Stop"/>: Process.Kill, no graceful shutdown) at a random moment drawn
/// from a seeded <see cref="Random"/>, then restarted on the same data folder. After every restart
/// the whole history so far is checked: every request answered 2xx is there exactly once, a request
/// that got no answer is there wholly or not at all, results equal a recomputation from the sheets
/// read back, and the audit trail matches the state.
/// 3 cycles by default; 20 with PRIORITISE_LONG_TESTS=1. PRIORITISE_CRASH_SEED=n replays a seed.
/// </summary>
[Collection(OwnSiloCollection.Name)]
public sealed class CrashConsistencyTests(ITestOutputHelper output)
{
    private const int MaxRequestsPerWorker = 400;
    private static readonly TimeSpan WorkerTimeLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigkill_at_random_moments_keeps_every_answered_write_exactly_once_and_nothing_half_applied()
    {
        var cycles = LongRun.Pick(3, 20);
        var seed = LongRun.Seed("PRIORITISE_CRASH_SEED", 20180807);
        var random = new Random(seed);
        output.WriteLine($"{cycles} kill cycles, seed {seed}");

        using var silo = new SiloProcess(seedOnEmpty: false);
        await silo.StartAsync();
        World world;
        using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey)) world = await World.Build(api);
        var ledger = new Ledger();

        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            var killAfter = random.Next(150, 2_000);
            using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
            {
                using var stop = new CancellationTokenSource();
                var workers = world.Scorers
                    .Select((s, i) => ScorerLoop(api, world, ledger, s.Id, s.Key, new Random(seed + 1000 * cycle + i), cycle, stop.Token))
                    .Append(ChairLoop(api, world, ledger, new Random(seed + 1000 * cycle + 99), cycle, stop.Token))
                    .ToList();
                await Task.Delay(killAfter);
                silo.Stop(); // SIGKILL, mid-flight
                stop.Cancel();
                await Task.WhenAll(workers);
            }
            output.WriteLine($"cycle {cycle}: killed after {killAfter} ms; {ledger.Summary(cycle)}");

            await silo.StartAsync();
            using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
            {
                await Verify(api, world, ledger, $"after kill {cycle}");
                // A client retries an unanswered action with the same Idempotency-Key: it applies once.
                await RetryUnansweredActions(api, world, ledger);
                await Verify(api, world, ledger, $"after kill {cycle} and the retries");
            }
        }

        var all = ledger.Snapshot();
        string Unanswered(IEnumerable<Request> requests) =>
            $"{requests.Count(r => r.Unanswered)} got no answer, of which {requests.Count(r => r.FoundAfterRestart == true)} were found applied after the restart";
        output.WriteLine($"in all: {all.Sheets.Count} sheet requests ({Unanswered(all.Sheets)}); " +
                         $"{all.Actions.Count} actions ({Unanswered(all.Actions)}; each retried with its Idempotency-Key and applied once)");
        Assert.True(all.Sheets.Count(s => s.Outcome == Outcome.Acknowledged) >= cycles, "too few sheets were answered to show anything");
        Assert.True(all.Actions.Count(a => a.Outcome == Outcome.Acknowledged) >= cycles, "too few actions were answered to show anything");
    }

    // ---------------------------------------------------------------- the load

    private static async Task ScorerLoop(ApiClient api, World world, Ledger ledger, string memberId, string key, Random random, int cycle, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < MaxRequestsPerWorker && !stop.IsCancellationRequested && clock.Elapsed < WorkerTimeLimit; i++)
        {
            var sheet = new SheetRequest($"c{cycle}-{memberId}-{i}", memberId, world.ScoringBids[random.Next(world.ScoringBids.Count)].Id,
                random.Next(1, 11), random.Next(1, 11));
            ledger.Add(sheet);
            try
            {
                var reply = await api.PutSheet(world.ScoringRound, sheet.BidId, memberId, key,
                    new { scores = new { impact = sheet.Impact, cost = sheet.Cost }, comment = sheet.Token, submit = true });
                sheet.Answer(reply, reply.Status == HttpStatusCode.OK);
                if (reply.Status != HttpStatusCode.OK) return;
            }
            catch (Exception e) when (Http.NoAnswer(e))
            {
                sheet.NoAnswer();
                return;
            }
        }
    }

    private static async Task ChairLoop(ApiClient api, World world, Ledger ledger, Random random, int cycle, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < MaxRequestsPerWorker && !stop.IsCancellationRequested && clock.Elapsed < WorkerTimeLimit; i++)
        {
            var bid = world.Moderation.Bids[random.Next(world.Moderation.Bids.Count)];
            var token = $"c{cycle}-act-{i}";
            // Awards in whole GBP 500s from 500 up to the request.
            var action = random.Next(2) == 0
                ? new ActionRequest(token, new { type = "condition", bidId = bid.Id, text = token, reason = token })
                : new ActionRequest(token, new { type = "award", bidId = bid.Id, amount = 500m * random.Next(1, (int)(bid.Amount / 500m) + 1), reason = token });
            ledger.Add(action);
            if (!await Send(api, world, action)) return;
        }
    }

    /// <summary>Sends an action; false when it got no answer (or a refusal, which the checks then report).</summary>
    private static async Task<bool> Send(ApiClient api, World world, ActionRequest action)
    {
        try
        {
            var reply = await api.Act(world.Moderation.RoundId, world.ChairKey, action.Body, idempotencyKey: action.Token);
            action.Answer(reply, reply.Status == HttpStatusCode.Created);
            return reply.Status == HttpStatusCode.Created;
        }
        catch (Exception e) when (Http.NoAnswer(e))
        {
            action.NoAnswer();
            return false;
        }
    }

    private static async Task RetryUnansweredActions(ApiClient api, World world, Ledger ledger)
    {
        foreach (var action in ledger.Snapshot().Actions.Where(a => a.Outcome == Outcome.NoAnswer))
        {
            var before = await ModerationCheck.Read(api, world.Moderation.RoundId, world.ChairKey);
            var existing = before["actions"]!.AsArray().SingleOrDefault(a => (string?)a!["reason"] == action.Token);
            var reply = await api.Act(world.Moderation.RoundId, world.ChairKey, action.Body, idempotencyKey: action.Token);
            reply.Is(HttpStatusCode.Created);
            var actionId = (string)reply.Json["actionId"]!;
            var after = await ModerationCheck.Read(api, world.Moderation.RoundId, world.ChairKey);
            var count = before["actions"]!.AsArray().Count;
            if (existing is not null)
            {
                Assert.True((string?)existing["id"] == actionId, $"retry of {action.Token}: answered {actionId}, but it had been applied as {existing["id"]}");
                Assert.True(after["actions"]!.AsArray().Count == count, $"retry of {action.Token}, already applied, added an action");
            }
            else
            {
                Assert.True(after["actions"]!.AsArray().Count == count + 1, $"retry of {action.Token}, never applied, did not add exactly one action");
            }
            action.Answer(reply, acknowledged: true);
        }
    }

    // ---------------------------------------------------------------- the checks

    private static async Task Verify(ApiClient api, World world, Ledger ledger, string context)
    {
        var history = ledger.Snapshot();
        var refused = history.Sheets.Where(s => s.Outcome == Outcome.Refused).Select(s => s.Reply)
            .Concat(history.Actions.Where(a => a.Outcome == Outcome.Refused).Select(a => a.Reply)).ToList();
        Assert.True(refused.Count == 0, $"{context}: valid requests were refused:{Environment.NewLine}{string.Join(Environment.NewLine, refused)}");
        await VerifySheets(api, world, history.Sheets, context);
        await VerifyActions(api, world, history.Actions, context);
    }

    private static async Task VerifySheets(ApiClient api, World world, IReadOnlyList<SheetRequest> sheets, string context)
    {
        var audit = (await api.Json($"/api/rounds/{world.ScoringRound}/audit")).AsArray();
        Trail.AssertGapless(audit, context);
        var events = Trail.SheetEvents(audit).ToList();
        var byToken = events.GroupBy(e => (string?)e["why"] ?? "").ToDictionary(g => g.Key, g => g.ToList());
        var known = sheets.Select(s => s.Token).ToHashSet();
        var strangers = byToken.Keys.Where(t => !known.Contains(t)).ToList();
        Assert.True(strangers.Count == 0, $"{context}: sheet events nobody sent: {string.Join(", ", strangers)}");

        // Each request: answered 2xx, there exactly once; unanswered, there once or not at all (and
        // once decided, it stays decided in every later check).
        foreach (var sheet in sheets)
        {
            var count = byToken.GetValueOrDefault(sheet.Token)?.Count ?? 0;
            if (sheet.Outcome == Outcome.Acknowledged)
                Assert.True(count == 1, $"{context}: sheet {sheet.Token} was answered 200 but has {count} audit events");
            else
                Assert.True(count <= 1, $"{context}: unanswered sheet {sheet.Token} has {count} audit events");
            sheet.Settle(count == 1, context);
        }

        // Per member and bid: the events are the applied requests in the order they were sent, the
        // first a sheetSubmitted and the rest sheetReplaced; the sheet read back is the last of them,
        // whole (scores and comment from the same request), and its revision counts them.
        var readBack = new List<SheetScores>();
        foreach (var (memberId, key) in world.Scorers)
        foreach (var (bidId, _) in world.ScoringBids)
        {
            var applied = sheets.Where(s => s.MemberId == memberId && s.BidId == bidId && s.Applied == true).ToList();
            var mine = events.Where(e => (string?)e["memberId"] == memberId && (string?)e["bidId"] == bidId)
                .OrderBy(e => (long)e["sequence"]!).ToList();
            var where = $"{context}, {memberId} on {bidId}";
            Assert.True(applied.Select(s => s.Token).SequenceEqual(mine.Select(e => (string?)e["why"])),
                $"{where}: events [{string.Join(",", mine.Select(e => (string?)e["why"]))}], applied requests [{string.Join(",", applied.Select(s => s.Token))}]");
            for (var i = 0; i < mine.Count; i++)
                Assert.Equal(i == 0 ? "sheetSubmitted" : "sheetReplaced", (string?)mine[i]["action"]);

            var sheet = await api.Sheet(world.ScoringRound, bidId, memberId, key);
            if (applied.Count == 0)
            {
                Assert.True(sheet is null, $"{where}: no request was applied, yet there is a sheet: {sheet?.ToJsonString()}");
                continue;
            }
            var last = applied[^1];
            Assert.True(sheet is not null, $"{where}: {applied.Count} requests applied, no sheet");
            Assert.True((bool)sheet!["submitted"]!, $"{where}: the sheet is not submitted");
            Assert.True((string?)sheet["comment"] == last.Token, $"{where}: the sheet's comment is {sheet["comment"]}, expected {last.Token}");
            var scores = Reads.Scores(sheet);
            Assert.True(scores.Count == 2 && scores["impact"] == last.Impact && scores["cost"] == last.Cost,
                $"{where}: the sheet {sheet.ToJsonString()} is not request {last.Token} (impact {last.Impact}, cost {last.Cost}) whole");
            Assert.True((int)sheet["revision"]! == applied.Count, $"{where}: revision {sheet["revision"]} after {applied.Count} submissions");
            readBack.Add(new SheetScores(memberId, bidId, scores));
        }

        var results = await api.Json($"/api/rounds/{world.ScoringRound}/results");
        Recompute.AssertResults(results, Recompute.TwoCriteriaWeights, readBack, context);
    }

    private static async Task VerifyActions(ApiClient api, World world, IReadOnlyList<ActionRequest> sent, string context)
    {
        var moderation = await ModerationCheck.Read(api, world.Moderation.RoundId, world.ChairKey);
        ModerationCheck.AssertConsistent(moderation, world.Moderation, context);
        var audit = (await api.Json($"/api/rounds/{world.Moderation.RoundId}/audit")).AsArray();
        ModerationCheck.AssertAudit(audit, moderation, context);

        var actions = moderation["actions"]!.AsArray().Select(a => a!).ToList();
        var byToken = actions.GroupBy(a => (string?)a["reason"] ?? "").ToDictionary(g => g.Key, g => g.ToList());
        var known = sent.Select(a => a.Token).ToHashSet();
        var strangers = byToken.Keys.Where(t => !known.Contains(t)).ToList();
        Assert.True(strangers.Count == 0, $"{context}: actions nobody sent: {string.Join(", ", strangers)}");

        long lastVersion = 0;
        foreach (var action in sent)
        {
            var found = byToken.GetValueOrDefault(action.Token) ?? [];
            if (action.Outcome == Outcome.Acknowledged)
            {
                Assert.True(found.Count == 1, $"{context}: action {action.Token} was answered 201 but is there {found.Count} times");
                Assert.True((string?)found[0]["id"] == action.ActionId, $"{context}: action {action.Token} was answered as {action.ActionId}, stored as {found[0]["id"]}");
                // Versions strictly increase in the order the answers came.
                Assert.True(action.Version > lastVersion, $"{context}: action {action.Token} answered version {action.Version} after {lastVersion}");
                lastVersion = action.Version!.Value;
            }
            else
            {
                Assert.True(found.Count <= 1, $"{context}: unanswered action {action.Token} is there {found.Count} times");
            }
            action.Settle(found.Count == 1, context);
        }
    }

    // ---------------------------------------------------------------- the world and the ledger

    private sealed record World(
        string ScoringRound, IReadOnlyList<(string Id, decimal Amount)> ScoringBids, IReadOnlyList<(string Id, string Key)> Scorers,
        ModerationRig Moderation, string ChairKey)
    {
        public static async Task<World> Build(ApiClient api)
        {
            var scorerIds = Enumerable.Range(1, 4).Select(i => $"scorer-{i}").ToArray();
            var keys = await Members.Create(api, [.. scorerIds, "chair"]);
            var scorers = scorerIds.Select(id => (id, keys[id])).ToList();

            const string scoring = "crash-scoring";
            (string Id, decimal Amount)[] bids = [("s1", 30_000m), ("s2", 45_000m), ("s3", 12_500m)];
            await api.CreateRound(scoring);
            foreach (var (id, _) in scorers) await api.Appoint(scoring, id, "scorer");
            foreach (var (id, amount) in bids) await api.AddBid(scoring, id, amount);
            await api.OpenScoring(scoring);

            var moderation = await ModerationRig.Build(api, "crash-moderation", 80_000m,
                [("m1", 40_000m, 9), ("m2", 30_000m, 8), ("m3", 20_000m, 7), ("m4", 10_000m, 6)],
                scorers[0], scorers[1], "chair");
            return new World(scoring, bids, scorers, moderation, keys["chair"]);
        }
    }

    private enum Outcome { Pending, Acknowledged, NoAnswer, Refused }

    private abstract class Request(string token)
    {
        public string Token { get; } = token;
        public Outcome Outcome { get; private set; } = Outcome.Pending;
        public string? Reply { get; private set; }
        /// <summary>Whether it is in the store: known from the answer, or found out after the restart.</summary>
        public bool? Applied { get; private set; }

        public virtual void Answer(Reply reply, bool acknowledged)
        {
            Outcome = acknowledged ? Outcome.Acknowledged : Outcome.Refused;
            Reply = reply.ToString();
            Applied = acknowledged ? true : null;
        }

        public void NoAnswer()
        {
            Outcome = Outcome.NoAnswer;
            Unanswered = true;
        }

        /// <summary>It got no answer; whether the restart found it applied (null until then).</summary>
        public bool Unanswered { get; private set; }
        public bool? FoundAfterRestart { get; private set; }

        public void Settle(bool present, string context)
        {
            if (Applied is { } known)
                Assert.True(known == present, $"{context}: {Token} was {(known ? "present" : "absent")} at an earlier check and is now {(present ? "present" : "absent")}");
            else
                FoundAfterRestart = present;
            Applied = present;
        }
    }

    private sealed class SheetRequest(string token, string memberId, string bidId, int impact, int cost) : Request(token)
    {
        public string MemberId { get; } = memberId;
        public string BidId { get; } = bidId;
        public int Impact { get; } = impact;
        public int Cost { get; } = cost;
    }

    private sealed class ActionRequest(string token, object body) : Request(token)
    {
        public object Body { get; } = body;
        public string? ActionId { get; private set; }
        public long? Version { get; private set; }

        public override void Answer(Reply reply, bool acknowledged)
        {
            base.Answer(reply, acknowledged);
            if (!acknowledged) return;
            ActionId = (string?)reply.Json["actionId"];
            Version = (long?)reply.Json["moderation"]?["version"];
        }
    }

    private sealed class Ledger
    {
        private readonly object _lock = new();
        private readonly List<SheetRequest> _sheets = [];
        private readonly List<ActionRequest> _actions = [];

        public void Add(SheetRequest sheet) { lock (_lock) _sheets.Add(sheet); }
        public void Add(ActionRequest action) { lock (_lock) _actions.Add(action); }

        public (IReadOnlyList<SheetRequest> Sheets, IReadOnlyList<ActionRequest> Actions) Snapshot()
        {
            lock (_lock) return (_sheets.ToList(), _actions.ToList());
        }

        public string Summary(int cycle)
        {
            var (sheets, actions) = Snapshot();
            var prefix = $"c{cycle}-";
            string Count<T>(IEnumerable<T> requests) where T : Request
            {
                var mine = requests.Where(r => r.Token.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                return $"{mine.Count(r => r.Outcome == Outcome.Acknowledged)} answered, {mine.Count(r => r.Outcome == Outcome.NoAnswer)} unanswered";
            }
            return $"sheets {Count(sheets)}; actions {Count(actions)}";
        }
    }
}
