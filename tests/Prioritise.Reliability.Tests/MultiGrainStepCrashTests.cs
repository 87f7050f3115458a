using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Prioritise.Reliability.Tests.Support;

namespace Prioritise.Reliability.Tests;

/// <summary>
/// The steps that span grains (src/Prioritise.Grains/MultiGrainStep.cs, docs/architecture.md):
/// close-scoring, finance's confirmation, a cap revision and the seed load. The silo is killed
/// with SIGKILL at a random moment (a seeded <see cref="Random"/>) while one of them is under way,
/// restarted on the same data folder, and the step must then be wholly applied or wholly absent,
/// or be finished by the restart itself or by a retry of the same request: never a round stuck in
/// moderation whose moderation will not start, never a round and a decision that disagree.
/// A few kills per step by default; 20 per step with PRIORITISE_LONG_CRASH_TESTS=1 (or
/// PRIORITISE_LONG_TESTS=1). PRIORITISE_STEP_CRASH_SEED=n replays a seed.
/// </summary>
[Collection(OwnSiloCollection.Name)]
public sealed class MultiGrainStepCrashTests(ITestOutputHelper output)
{
    private static int Seed => LongRun.Seed("PRIORITISE_STEP_CRASH_SEED", 20181204);

    // ---------------------------------------------------------------- close-scoring

    [Fact]
    public Task Close_scoring_killed_at_random_moments_is_finished_by_the_restart_or_a_retry() =>
        CloseScoring(kills: 3, bids: 100);

    [LongCrashFact]
    public Task Close_scoring_killed_at_random_moments_is_finished_by_the_restart_or_a_retry_long() =>
        CloseScoring(kills: 20, bids: 250);

    private async Task CloseScoring(int kills, int bids)
    {
        var random = new Random(Seed);
        output.WriteLine($"{kills} kills during close-scoring of rounds of {bids} bids, seed {Seed}");
        using var silo = new SiloProcess(seedOnEmpty: false);
        await silo.StartAsync();

        Dictionary<string, string> keys;
        var rounds = Enumerable.Range(1, kills).Select(k => $"close-{k}").ToList();
        using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
        {
            keys = await Members.Create(api, "scorer", "chair");
            foreach (var round in rounds)
            {
                await api.CreateRound(round, fundingCap: 1_000_000m);
                await api.Appoint(round, "scorer", "scorer");
                await api.Appoint(round, "chair", "chair");
                for (var b = 1; b <= bids; b++) await api.AddBid(round, $"b{b}", 1_000m * random.Next(5, 60));
                await api.OpenScoring(round);
                for (var b = 1; b <= bids; b++)
                    await api.Submit(round, $"b{b}", "scorer", keys["scorer"], random.Next(1, 11), random.Next(1, 11));
            }
        }

        var outcomes = new List<string>();
        for (var k = 0; k < kills; k++)
        {
            var round = rounds[k];
            // A fresh process before each close, so the close activates every bid from storage (slow
            // enough to be caught half-way), as it would after a deploy.
            silo.Stop();
            await silo.StartAsync();
            // The first request to a fresh process is slow to arrive (JIT, activations); the close
            // itself then takes some hundreds of milliseconds on a small machine.
            var killAfter = random.Next(100, 1_500);
            string answer;
            using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
            {
                var clock = Stopwatch.StartNew();
                var close = api.Post($"/api/rounds/{round}/close-scoring", keys["chair"]);
                await Task.WhenAny(close, Task.Delay(killAfter));
                silo.Stop();
                try { answer = $"answered {(int)(await close).Status} in {clock.ElapsedMilliseconds} ms"; }
                catch (Exception e) when (Http.NoAnswer(e)) { answer = $"no answer (killed at {killAfter} ms)"; }
            }

            await silo.StartAsync();
            using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
            {
                var status = (string)(await api.Json($"/api/rounds/{round}"))["status"]!;
                // A close never applied is sent again. Otherwise alternately: a retry of the same
                // request first, or a reader first (which must finish a half-done close by itself
                // rather than answer 409 for good).
                var first = status == "scoring" || k % 2 == 0 ? $"retry first: {await RetryClose(api, round, keys["chair"])}; " : "reader first; ";
                var moderation = await api.Get($"/api/rounds/{round}/moderation", keys["chair"]);
                Assert.True(moderation.Status == HttpStatusCode.OK, $"kill {k + 1} ({answer}, round then {status}): the moderation answers {moderation}");
                var retried = await RetryClose(api, round, keys["chair"]);
                await AssertClosed(api, round, bids, moderation.Json, keys["scorer"], $"kill {k + 1}");
                outcomes.Add($"kill {k + 1}: {answer}; after the restart the round was in {status}; {first}a retry once the moderation answered: {retried}");
            }
            output.WriteLine(outcomes[^1]);
        }
    }

    /// <summary>Closing again: 200 if the close was not done (or half done), 409 once it is done.</summary>
    private static async Task<string> RetryClose(ApiClient api, string round, string chairKey)
    {
        var retry = await api.Post($"/api/rounds/{round}/close-scoring", chairKey);
        Assert.True(retry.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"close-scoring retried: {retry}");
        if (retry.Status == HttpStatusCode.Conflict)
            // A close that is done: refused in the committee's words ("... once scoring has closed").
            Assert.Contains("once scoring has closed", retry.Text);
        return ((int)retry.Status).ToString();
    }

    private static async Task AssertClosed(ApiClient api, string round, int bids, JsonNode moderation, string scorerKey, string context)
    {
        var view = await api.Json($"/api/rounds/{round}");
        Assert.True((string?)view["status"] == "moderation", $"{context}: the round is in {view["status"]}, expected moderation");
        var rows = moderation["rows"]!.AsArray().Select(r => (string)r!["bidId"]!).ToList();
        Assert.True(rows.Count == bids, $"{context}: the moderation ranks {rows.Count} bids of {bids}");
        Assert.True((long)moderation["version"]! == 1, $"{context}: moderation version {moderation["version"]}, expected 1 (started once, nothing else)");
        var results = await api.Json($"/api/rounds/{round}/results");
        var ranked = results["bids"]!.AsArray().Select(r => (string)r!["bidId"]!).ToList();
        Assert.True(ranked.SequenceEqual(rows), $"{context}: the moderation's ranking is not the results' ranking");
        var audit = (await api.Json($"/api/rounds/{round}/audit")).AsArray();
        Trail.AssertGapless(audit, context);
        Assert.True(audit.Count(e => (string?)e!["action"] == "scoringClosed") == 1, $"{context}: scoringClosed is not in the audit exactly once");
        Assert.True(audit.Count(e => (string?)e!["action"] == "moderationStarted") == 1, $"{context}: moderationStarted is not in the audit exactly once");
        // Closed for good: no sheet may be sent now.
        var late = await api.PutSheet(round, "b1", "scorer", scorerKey, new { scores = new { impact = 1, cost = 1 }, submit = true });
        Assert.True(late.Status == HttpStatusCode.Conflict, $"{context}: a sheet sent after the close: {late}");
    }

    // ---------------------------------------------------------------- confirmation and cap revision

    [Fact]
    public Task Confirmation_and_cap_revision_killed_at_random_moments_leave_the_round_and_the_decision_agreeing() =>
        Decisions(killsPerStep: 3);

    [LongCrashFact]
    public Task Confirmation_and_cap_revision_killed_at_random_moments_leave_the_round_and_the_decision_agreeing_long() =>
        Decisions(killsPerStep: 20);

    private async Task Decisions(int killsPerStep)
    {
        var random = new Random(Seed + 1);
        output.WriteLine($"{killsPerStep} kills during confirmation and {killsPerStep} during cap revision, seed {Seed + 1}");
        using var silo = new SiloProcess(seedOnEmpty: false);
        await silo.StartAsync();
        const string round = "decisions";
        Dictionary<string, string> keys;
        using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
        {
            keys = await Members.Create(api, "scorer-1", "scorer-2", "chair", "finance");
            var bids = Enumerable.Range(1, 40).Select(i => ($"m{i}", 1_000m * (5 + i % 7), 1 + i % 10)).ToList();
            await ModerationRig.Build(api, round, 100_000m, bids, ("scorer-1", keys["scorer-1"]), ("scorer-2", keys["scorer-2"]), "chair");
            // Appointing finance now is allowed: the round is in moderation, not yet decided.
            await api.Appoint(round, "finance", "finance");
        }

        var confirms = 0;
        var revisions = 0;
        var outcomes = new List<string>();
        for (var step = 0; step < 2 * killsPerStep; step++)
        {
            var confirming = step % 2 == 0;
            var token = $"step-{step}";
            // Caps either side of the money the moderation funds: confirmation may need to accept an over-commitment.
            object body = confirming
                ? new { acceptOverCommitment = true, reason = token }
                : new { fundingCap = 60_000m + 10_000m * random.Next(0, 6), reason = token };
            var path = confirming ? $"/api/rounds/{round}/decisions" : $"/api/rounds/{round}/cap-revisions";
            var headers = confirming ? new Dictionary<string, string> { ["Idempotency-Key"] = token } : null;
            var killAfter = random.Next(0, 60);
            string answer;
            using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
            {
                // Both grains active and warm, so the step is under way within the window.
                await ModerationCheck.Read(api, round, keys["finance"]);
                var send = api.SendWith(HttpMethod.Post, path, keys["finance"], body, headers);
                await Task.WhenAny(send, Task.Delay(killAfter));
                silo.Stop();
                try { answer = $"answered {(int)(await send).Status}"; }
                catch (Exception e) when (Http.NoAnswer(e)) { answer = $"no answer (killed at {killAfter} ms)"; }
            }

            await silo.StartAsync();
            using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
            {
                var context = $"{(confirming ? "confirmation" : "cap revision")} {step / 2 + 1} ({answer})";
                // The round is asked first (a committee change, the round's status) and only then
                // the moderation: the round alone must already know how the decision stands.
                var (confirmedAfterRestart, applied) = await AssertAgreeing(api, round, keys, context + ", after the restart",
                    confirming ? confirms : revisions, confirming);
                var outcome = $"{context}: after the restart {(applied ? "applied" : "not applied")}, round {(confirmedAfterRestart ? "confirmed" : "in moderation")}";

                // The same request again: a confirmation with its Idempotency-Key applies once; a cap
                // revision (which has none) is sent again only if it was not applied.
                if (confirming || !applied)
                {
                    var retry = await api.SendWith(HttpMethod.Post, path, keys["finance"], body, headers);
                    retry.Is(HttpStatusCode.Created);
                    if (confirming) Assert.True((int)retry.Json["number"]! == confirms + 1, $"{context}: the retry answered decision {retry.Json["number"]}, expected {confirms + 1}");
                    outcome += ", retried: 201";
                }
                if (confirming) confirms++;
                else revisions++;
                var (confirmed, _) = await AssertAgreeing(api, round, keys, context + ", after the retry", confirming ? confirms : revisions, confirming, exact: true);
                Assert.True(confirmed == confirming, $"{context}: after the retry the decision is {(confirmed ? "confirmed" : "open")}");
                outcomes.Add(outcome);
            }
            output.WriteLine(outcomes[^1]);
        }
    }

    /// <summary>
    /// The round's status, its willingness to change the committee and the moderation's confirmed
    /// flag agree; the decisions (or cap revisions) number <paramref name="before"/> or one more
    /// (exactly <paramref name="before"/> with <paramref name="exact"/>). Returns whether the
    /// moderation is confirmed and whether the step was applied.
    /// </summary>
    private static async Task<(bool Confirmed, bool Applied)> AssertAgreeing(
        ApiClient api, string round, Dictionary<string, string> keys, string context, int before, bool confirming, bool exact = false)
    {
        var status = (string?)(await api.Json($"/api/rounds/{round}"))["status"];
        var appoint = await api.Put($"/api/rounds/{round}/committee/scorer-1", api.AdminKey, new { roles = new[] { "scorer" } });
        var conflict = await api.Post($"/api/rounds/{round}/conflicts", keys["chair"],
            new { memberId = "scorer-2", bidId = "m1", reason = $"Asked at {context}" });
        var moderation = await ModerationCheck.Read(api, round, keys["finance"]);
        var confirmed = (string?)moderation["status"] == "confirmed";
        var decisions = (await api.Json($"/api/rounds/{round}/decisions", keys["finance"])).AsArray().Count;
        var revisions = moderation["capRevisions"]!.AsArray().Count;
        var count = confirming ? decisions : revisions;

        Assert.True(status == (confirmed ? "confirmed" : "moderation"),
            $"{context}: the moderation is {(confirmed ? "confirmed" : "open")} but the round is in {status}");
        if (confirmed)
        {
            Assert.True(appoint.Status == HttpStatusCode.Conflict, $"{context}: the decision is confirmed, yet the committee changed: {appoint}");
            Assert.True(conflict.Status == HttpStatusCode.Conflict, $"{context}: the decision is confirmed, yet a conflict was recorded: {conflict}");
        }
        else
        {
            appoint.Is(HttpStatusCode.OK);
            // Once recorded, the same conflict again is a 409 of its own (bidId, not status).
            Assert.True(conflict.Status is HttpStatusCode.Created || conflict.Text.Contains("already recorded"), $"{context}: {conflict}");
        }
        Assert.True(count == before || (!exact && count == before + 1),
            $"{context}: {count} {(confirming ? "decisions" : "cap revisions")}, expected {before}{(exact ? "" : $" or {before + 1}")}");
        return (confirmed, count == before + 1);
    }

    // ---------------------------------------------------------------- the seed load

    [Fact]
    public Task Seed_load_killed_at_random_moments_ends_as_one_uninterrupted_load() => SeedLoad(kills: 3);

    [LongCrashFact]
    public Task Seed_load_killed_at_random_moments_ends_as_one_uninterrupted_load_long() => SeedLoad(kills: 20);

    private async Task SeedLoad(int kills)
    {
        var random = new Random(Seed + 2);
        // The reference: one load that nothing interrupts.
        JsonObject expected;
        TimeSpan full;
        using (var reference = new SiloProcess(seedOnEmpty: true))
        {
            var clock = Stopwatch.StartNew();
            await reference.StartAsync();
            full = clock.Elapsed;
            using var api = new ApiClient(reference.CreateClient(), reference.AdminKey);
            expected = await Describe(api);
        }
        output.WriteLine($"{kills} kills during the seed load, seed {Seed + 2}; an uninterrupted start with the seed took {full.TotalMilliseconds:F0} ms");

        // Kills pile up on one store, each interrupting a load an earlier kill interrupted, until
        // one lands after the load finished; that store is checked and a fresh one begun.
        var silo = new SiloProcess(seedOnEmpty: true);
        var (late, stores) = (0, 1);
        try
        {
            for (var k = 1; k <= kills; k++)
            {
                // Somewhere from early in the start (before the seed begins) to about when it ends
                // (a restart is quicker than the first start measured above).
                var killAfter = TimeSpan.FromMilliseconds(full.TotalMilliseconds * (0.15 + 0.65 * random.NextDouble()));
                silo.Launch();
                await Task.Delay(killAfter);
                var done = await silo.IsHealthy();
                silo.Stop();
                output.WriteLine($"kill {k} (store {stores}): at {killAfter.TotalMilliseconds:F0} ms{(done ? ", after the start had finished" : "")}");
                if (!done) continue;
                late++;
                await AssertSeeded(silo, expected, $"store {stores}, after kill {k}");
                silo.Dispose();
                silo = new SiloProcess(seedOnEmpty: true);
                stores++;
            }
            await AssertSeeded(silo, expected, $"store {stores}, after the last kill");
        }
        finally
        {
            silo.Dispose();
        }
        output.WriteLine($"{kills} kills over {stores} stores, {late} of them after the start had finished; every store then matched the uninterrupted load");
    }

    /// <summary>Starts the silo and compares its store with the uninterrupted load, twice: a complete load is never run again.</summary>
    private static async Task AssertSeeded(SiloProcess silo, JsonObject expected, string context)
    {
        for (var start = 1; start <= 2; start++)
        {
            await silo.StartAsync();
            using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
            {
                var (e, a) = (expected.ToJsonString(), (await Describe(api)).ToJsonString());
                if (e != a)
                {
                    var at = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i]);
                    Assert.Fail($"{context}, start {start}: the seeded store differs from one loaded without interruption, from character {at}:" +
                                $"{Environment.NewLine}expected ...{e[Math.Max(0, at - 200)..Math.Min(e.Length, at + 300)]}" +
                                $"{Environment.NewLine}actual   ...{a[Math.Max(0, at - 200)..Math.Min(a.Length, at + 300)]}");
                }
            }
            silo.Stop();
        }
    }

    /// <summary>Everything an admin can read about every round, without the clock's readings.</summary>
    private static async Task<JsonObject> Describe(ApiClient api)
    {
        var all = new JsonObject();
        var rounds = (await api.Json("/api/rounds")).AsArray().Select(r => (string)r!["id"]!).Order(StringComparer.Ordinal).ToList();
        foreach (var id in rounds)
        {
            var round = new JsonObject();
            // A round still in setup (the BCF seed, issue 15) has no moderation yet: its refusal is compared too.
            foreach (var path in new[] { "", "/bids", "/committee", "/results", "/moderation", "/decisions", "/applications" })
            {
                var reply = await api.Get($"/api/rounds/{id}{path}", api.AdminKey);
                round[path] = reply.Status == HttpStatusCode.OK ? Timeless(reply.Json) : new JsonObject { ["status"] = (int)reply.Status };
            }
            var audit = (await api.Json($"/api/rounds/{id}/audit")).AsArray()
                .Select(e => Timeless(e!)).OrderBy(e => (string)e["source"]!, StringComparer.Ordinal).ThenBy(e => (long)e["sequence"]!);
            round["/audit"] = new JsonArray(audit.ToArray<JsonNode?>());
            all[id] = round;
        }
        return all;
    }

    /// <summary>A copy without the times things happened and the audit's merged positions, which differ run to run.</summary>
    private static JsonNode Timeless(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (name, value) in o)
                {
                    if (name is "at" or "position" || name.EndsWith("At", StringComparison.Ordinal)) continue;
                    copy[name] = value is null ? null : Timeless(value);
                }
                return copy;
            case JsonArray a:
                return new JsonArray(a.Select(v => v is null ? null : Timeless(v)).ToArray());
            default:
                return node.DeepClone();
        }
    }
}

/// <summary>
/// A test that runs only with PRIORITISE_LONG_CRASH_TESTS=1 (or the suite-wide PRIORITISE_LONG_TESTS=1):
/// 20 kills per multi-grain step takes many minutes on a small machine.
/// </summary>
public sealed class LongCrashFactAttribute : FactAttribute
{
    public const string Variable = "PRIORITISE_LONG_CRASH_TESTS";

    public static bool Enabled => LongRun.Enabled || Environment.GetEnvironmentVariable(Variable) is "1" or "true" or "yes";

    public LongCrashFactAttribute()
    {
        if (!Enabled)
            Skip = $"The long crash variant (20 kills per multi-grain step) runs only with {Variable}=1 or {LongRun.Variable}=1.";
    }
}
