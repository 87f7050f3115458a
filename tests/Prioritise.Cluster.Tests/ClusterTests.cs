using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Prioritise.Cluster.Tests;

/// <summary>
/// Three silo processes sharing one PostgreSQL database, driven through their HTTP APIs as a
/// committee would drive them behind a reverse proxy.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper log)
{
    /// <summary>impact (weight 3), reach (2), cost (1), on the default 1..10 scale.</summary>
    private static readonly (string Id, int Weight)[] Criteria = [("impact", 3), ("reach", 2), ("cost", 1)];

    private static readonly TimeSpan LoadDeadline = TimeSpan.FromSeconds(150);

    [PostgresFact]
    public async Task A_scoring_load_goes_on_through_the_survivors_when_a_silo_is_killed_and_nothing_acknowledged_is_lost()
    {
        await using var db = await TestDatabase.Create();
        using var cluster = new SiloCluster(db.ConnectionString, size: 3);
        await Diagnosed(cluster, async () =>
        {
            var clock = Stopwatch.StartNew();
            await cluster.StartAll();
            log.WriteLine($"3 silos up in {clock.Elapsed.TotalSeconds:F1} s");

            // A round with 8 scorers and 10 bids, set up through the first silo.
            const string round = "load";
            var committee = await SetUpRound(cluster, round, scorers: 8, bids: 10);

            // Each scorer submits every bid in their own order, then replaces three of them with
            // new scores: 8 * (10 + 3) = 104 sheets, sent round-robin through all three silos.
            var random = new Random(2018);
            var plans = committee.Scorers.Select(s =>
            {
                var ops = committee.Bids.OrderBy(_ => random.Next()).Select(b => new SheetOp(s.Id, s.Key, b, Scores(random))).ToList();
                ops.AddRange(committee.Bids.OrderBy(_ => random.Next()).Take(3).Select(b => new SheetOp(s.Id, s.Key, b, Scores(random))));
                return ops;
            }).ToList();
            var total = plans.Sum(p => p.Count);

            using var http = new RoundRobinClient(cluster.Silos);
            var acknowledged = new ConcurrentDictionary<(string Bid, string Member), IReadOnlyDictionary<string, int>>();
            var acknowledgedCount = 0;
            var refused = new ConcurrentBag<string>();
            var load = Stopwatch.StartNew();

            // SIGKILL the second silo once a third of the sheets are in, while the rest are in flight.
            var victim = cluster.Silos[1];
            var killed = Task.Run(async () =>
            {
                while (Volatile.Read(ref acknowledgedCount) < total / 3 && load.Elapsed < LoadDeadline) await Task.Delay(10);
                victim.Stop();
                log.WriteLine($"silo 1 killed (SIGKILL) after {load.Elapsed.TotalSeconds:F1} s, {Volatile.Read(ref acknowledgedCount)} of {total} sheets acknowledged");
            });

            await Task.WhenAll(plans.Select(ops => Task.Run(async () =>
            {
                // One scorer's sheets go one after another, so the last acknowledged one is theirs.
                foreach (var op in ops)
                {
                    if (load.Elapsed > LoadDeadline) throw new TimeoutException($"The load did not finish within {LoadDeadline.TotalSeconds} s.");
                    var (status, body) = await http.Send(() => op.Request(round), TimeSpan.FromSeconds(60));
                    if (status == HttpStatusCode.OK)
                    {
                        acknowledged[(op.BidId, op.MemberId)] = op.Scores;
                        Interlocked.Increment(ref acknowledgedCount);
                    }
                    else refused.Add($"{op}: {(int)status} {body}");
                }
            })));
            await killed;
            log.WriteLine($"load of {total} sheets done in {load.Elapsed.TotalSeconds:F1} s with {http.Retries} retries " +
                          $"({string.Join(", ", http.FailureKinds.Select(kv => $"{kv.Key}: {kv.Value}"))})");
            Assert.False(victim.IsRunning);
            Assert.Empty(refused);
            Assert.Equal(total, acknowledgedCount);
            Assert.Equal(committee.Scorers.Count * committee.Bids.Count, acknowledged.Count);

            // Everything from here goes through the two survivors.
            using var survivors = new RoundRobinClient(cluster.Running);
            var verify = Stopwatch.StartNew();

            // Every acknowledged sheet is there, with the scores of the last one acknowledged.
            foreach (var ((bidId, memberId), scores) in acknowledged)
            {
                var key = committee.Scorers.Single(s => s.Id == memberId).Key;
                var sheet = await Get(survivors, $"/api/rounds/{round}/bids/{bidId}/sheets/{memberId}", key);
                Assert.True((bool)sheet["submitted"]!, $"{memberId}'s sheet for {bidId} is not submitted: {sheet}");
                foreach (var (criterion, score) in scores)
                    Assert.True((int)sheet["scores"]![criterion]! == score, $"{memberId}'s {criterion} for {bidId}: expected {score}, got {sheet}");
            }

            // Results equal a recomputation, by hand, from the acknowledged sheets.
            await CloseScoring(survivors, round, cluster.AdminKey);
            var results = await Get(survivors, $"/api/rounds/{round}/results", cluster.AdminKey);
            AssertResults(results, committee, acknowledged);

            // The audit trail: each source numbered 1..n without gaps or repeats, one first
            // submission per member and bid, and the last sheet event of each is the last
            // acknowledged sheet.
            var audit = (await Get(survivors, $"/api/rounds/{round}/audit", cluster.AdminKey)).AsArray();
            AssertGapFree(audit);
            foreach (var ((bidId, memberId), scores) in acknowledged)
            {
                var events = audit.Where(e => (string?)e!["source"] == $"bid:{bidId}" && (string?)e["memberId"] == memberId)
                    .OrderBy(e => (long)e!["sequence"]!).ToList();
                Assert.Single(events, e => (string?)e!["action"] == "sheetSubmitted");
                var submissions = plans.SelectMany(p => p).Count(o => o.BidId == bidId && o.MemberId == memberId);
                Assert.True(events.Count >= submissions, $"{memberId} on {bidId}: {submissions} sheets acknowledged but {events.Count} audit events");
                var last = (string)events[^1]!["what"]!;
                var described = string.Join(", ", Criteria.Select(c => $"{c.Id}={scores[c.Id]}"));
                Assert.True(last.StartsWith($"Sheet submitted: {described}.", StringComparison.Ordinal)
                            || last.StartsWith($"Sheet replaced: {described} (", StringComparison.Ordinal),
                    $"{memberId} on {bidId}: the last audit event '{last}' is not the acknowledged sheet {described}");
            }
            log.WriteLine($"verified through the survivors in {verify.Elapsed.TotalSeconds:F1} s; total {clock.Elapsed.TotalSeconds:F1} s");
        });
    }

    [PostgresFact]
    public async Task A_whole_cluster_restart_gives_identical_results_and_the_cluster_goes_on()
    {
        await using var db = await TestDatabase.Create();
        // Seeding on, as in docker-compose.yml: three silos find the store empty at once.
        using var cluster = new SiloCluster(db.ConnectionString, size: 3, seedOnEmpty: true);
        await Diagnosed(cluster, async () =>
        {
            var clock = Stopwatch.StartNew();
            await cluster.StartAll();
            log.WriteLine($"3 silos up, the seed loaded, in {clock.Elapsed.TotalSeconds:F1} s");

            // The seed round was loaded once, by one silo, not three times.
            using (var api = cluster.Api(cluster.Silos[1]))
            {
                var seedAudit = (await api.Get("/api/rounds/pic-2018/audit", api.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray();
                Assert.Equal(1, seedAudit.Count(e => (string?)e!["action"] == "roundCreated"));
                Assert.Equal(17, seedAudit.Count(e => (string?)e!["action"] == "bidAdded"));
                Assert.Equal(163, seedAudit.Count(e => (string?)e!["action"] == "sheetSubmitted"));
                AssertGapFree(seedAudit);
            }

            // One round scored and closed (results, moderation, report), one still scoring.
            var closed = await SetUpRound(cluster, "closed", scorers: 4, bids: 5);
            var open = await SetUpRound(cluster, "open", scorers: 3, bids: 3);
            var random = new Random(2019);
            using (var http = new RoundRobinClient(cluster.Silos))
            {
                foreach (var (committee, round) in new[] { (closed, "closed"), (open, "open") })
                    foreach (var scorer in committee.Scorers)
                        foreach (var bid in committee.Bids.Skip(round == "open" ? 1 : 0)) // "open" leaves one bid unscored
                        {
                            var op = new SheetOp(scorer.Id, scorer.Key, bid, Scores(random));
                            var (status, body) = await http.Send(() => op.Request(round), TimeSpan.FromSeconds(30));
                            Assert.True(status == HttpStatusCode.OK, $"{op}: {(int)status} {body}");
                        }
                await CloseScoring(http, "closed", cluster.AdminKey);
            }

            string[] paths =
            [
                "/api/rounds", "/api/rounds/closed", "/api/rounds/closed/committee", "/api/rounds/closed/bids",
                "/api/rounds/closed/results", "/api/rounds/closed/audit", "/api/rounds/closed/moderation",
                "/api/rounds/closed/report.md", "/api/rounds/open", "/api/rounds/open/committee", "/api/rounds/open/results",
                "/api/rounds/open/audit", "/api/rounds/pic-2018/results", "/api/rounds/pic-2018/audit",
                "/api/rounds/pic-2018/report.md", "/api/rounds/pic-2018/decisions",
            ];
            var before = await Snapshot(cluster, cluster.Silos[0], paths);
            log.WriteLine($"cluster up and loaded in {clock.Elapsed.TotalSeconds:F1} s");
            await AssertHealthAndDashboard(cluster.Silos[2], cluster.AdminKey, memberKey: closed.Scorers[0].Key);

            var restart = Stopwatch.StartNew();
            cluster.StopAllGracefully();
            Assert.Empty(cluster.Running);
            await cluster.StartAll();
            log.WriteLine($"whole cluster stopped and started again in {restart.Elapsed.TotalSeconds:F1} s");

            // Every silo answers exactly as before.
            foreach (var silo in cluster.Silos)
            {
                var after = await Snapshot(cluster, silo, paths);
                foreach (var path in paths)
                    AssertSame(path, before[path], after[path]);
            }

            // And the cluster goes on: the open round's last bid is scored and counts.
            using (var http = new RoundRobinClient(cluster.Silos))
            {
                var bid = open.Bids[0];
                var scorer = open.Scorers[0];
                var op = new SheetOp(scorer.Id, scorer.Key, bid, new Dictionary<string, int> { ["impact"] = 10, ["reach"] = 4, ["cost"] = 1 });
                var (status, body) = await http.Send(() => op.Request("open"), TimeSpan.FromSeconds(30));
                Assert.True(status == HttpStatusCode.OK, $"{op}: {(int)status} {body}");
                var results = await Get(http, "/api/rounds/open/results", cluster.AdminKey);
                var row = results["bids"]!.AsArray().Single(b => (string?)b!["bidId"] == bid);
                Assert.Equal(1, (int)row!["sheets"]!);
                Assert.Equal((3.0 * 10 + 2.0 * 4 + 1.0 * 1) / 6.0, (double)row["weightedMean"]!, 1e-9);
            }
            log.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
        });
    }

    // ---- the committee and its sheets ----

    private sealed record Scorer(string Id, string Key);

    private sealed record RoundSetup(IReadOnlyList<Scorer> Scorers, IReadOnlyList<string> Bids, IReadOnlyDictionary<string, decimal> Amounts);

    private sealed record SheetOp(string MemberId, string Key, string BidId, IReadOnlyDictionary<string, int> Scores)
    {
        public HttpRequestMessage Request(string round)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/rounds/{round}/bids/{BidId}/sheets/{MemberId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            request.Content = new StringContent(JsonSerializer.Serialize(new { scores = Scores, comment = "cluster test", submit = true }),
                Encoding.UTF8, "application/json");
            return request;
        }

        public override string ToString() =>
            $"{MemberId} on {BidId} ({string.Join(", ", Scores.Select(kv => $"{kv.Key}={kv.Value}"))})";
    }

    private static IReadOnlyDictionary<string, int> Scores(Random random) =>
        Criteria.ToDictionary(c => c.Id, _ => random.Next(1, 11));

    /// <summary>Members, a round, its bids and committee, scoring opened: all through the first silo, before any load.</summary>
    private static async Task<RoundSetup> SetUpRound(SiloCluster cluster, string round, int scorers, int bids)
    {
        using var api = cluster.Api(cluster.Silos[0]);
        var members = new List<Scorer>();
        for (var i = 1; i <= scorers; i++)
        {
            var id = $"{round}-scorer-{i}";
            members.Add(new Scorer(id, await api.CreateMember(id, $"Practice {round} {i}")));
        }
        await api.CreateRound(round, 1_000_000m, Criteria.Select(c => new { id = c.Id, name = c.Id, weight = c.Weight }).ToArray());
        var amounts = new Dictionary<string, decimal>();
        for (var i = 1; i <= bids; i++)
        {
            var id = $"bid-{i}";
            amounts[id] = 10_000m * i + 250m;
            await api.AddBid(round, id, amounts[id], sponsor: $"Provider {i}");
        }
        foreach (var m in members) await api.Appoint(round, m.Id, "scorer");
        await api.OpenScoring(round);
        return new RoundSetup(members, amounts.Keys.ToList(), amounts);
    }

    private static async Task CloseScoring(RoundRobinClient http, string round, string adminKey)
    {
        var (status, body) = await http.Send(() => Authorised(HttpMethod.Post, $"/api/rounds/{round}/close-scoring", adminKey), TimeSpan.FromSeconds(60));
        if (status == HttpStatusCode.Conflict)
        {
            // An attempt that failed in transit may have closed it already; then it must say so.
            var view = await Get(http, $"/api/rounds/{round}", adminKey);
            Assert.True((string?)view["status"] == "moderation", $"close-scoring answered 409 {body} and the round is {view}");
        }
        else Assert.True(status == HttpStatusCode.OK, $"close-scoring: {(int)status} {body}");
    }

    // ---- checks ----

    /// <summary>Per bid: T_s = (3 impact + 2 reach + cost) / 6 for each sheet; the mean and sample SD of those; mean / (amount / 1000).</summary>
    private static void AssertResults(JsonNode results, RoundSetup committee,
        IReadOnlyDictionary<(string Bid, string Member), IReadOnlyDictionary<string, int>> sheets)
    {
        var rows = results["bids"]!.AsArray();
        Assert.Equal(committee.Bids.Count, rows.Count);
        var weights = Criteria.Sum(c => c.Weight);
        foreach (var bid in committee.Bids)
        {
            var totals = sheets.Where(kv => kv.Key.Bid == bid)
                .Select(kv => Criteria.Sum(c => (double)c.Weight * kv.Value[c.Id]) / weights).ToList();
            var mean = totals.Sum() / totals.Count;
            var sd = Math.Sqrt(totals.Sum(t => (t - mean) * (t - mean)) / (totals.Count - 1));
            var row = rows.Single(r => (string?)r!["bidId"] == bid)!;
            Assert.Equal(totals.Count, (int)row["sheets"]!);
            Assert.True(Math.Abs(mean - (double)row["weightedMean"]!) < 1e-9, $"{bid}: weighted mean {row["weightedMean"]}, expected {mean}");
            Assert.True(Math.Abs(sd - (double)row["standardDeviation"]!) < 1e-9, $"{bid}: SD {row["standardDeviation"]}, expected {sd}");
            var perThousand = mean / (double)(committee.Amounts[bid] / 1000m);
            Assert.True(Math.Abs(perThousand - (double)row["valuePerThousand"]!) < 1e-9, $"{bid}: value per 1k {row["valuePerThousand"]}, expected {perThousand}");
            foreach (var (criterion, _) in Criteria)
            {
                var expected = sheets.Where(kv => kv.Key.Bid == bid).Average(kv => (double)kv.Value[criterion]);
                Assert.True(Math.Abs(expected - (double)row["criterionMeans"]![criterion]!) < 1e-9, $"{bid}: {criterion} mean {row["criterionMeans"]}, expected {expected}");
            }
        }
    }

    /// <summary>Each source's events (the round, each bid's sheets, moderation) are numbered exactly 1..n.</summary>
    private static void AssertGapFree(JsonArray audit)
    {
        Assert.NotEmpty(audit);
        foreach (var source in audit.GroupBy(e => (string)e!["source"]!))
        {
            var sequences = source.Select(e => (long)e!["sequence"]!).Order().ToList();
            Assert.True(sequences.SequenceEqual(Enumerable.Range(1, sequences.Count).Select(i => (long)i)),
                $"audit source {source.Key} is numbered {string.Join(",", sequences)}, not 1..{sequences.Count}");
        }
    }

    private static void AssertSame(string path, string expected, string actual)
    {
        var same = path.EndsWith(".md", StringComparison.Ordinal)
            ? expected == actual
            : JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));
        Assert.True(same, $"{path} differs after the restart.{Environment.NewLine}before: {Trim(expected)}{Environment.NewLine}after:  {Trim(actual)}");
    }

    /// <summary>/health names the store it checked; the dashboard is the administrator's alone in cluster mode.</summary>
    private static async Task AssertHealthAndDashboard(SiloProcess silo, string adminKey, string memberKey)
    {
        using var http = silo.CreateClient();
        using (var health = await http.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("postgres", (string?)JsonNode.Parse(await health.Content.ReadAsStringAsync())!["store"]);
        }
        using (var anonymous = await http.GetAsync("/dashboard/"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Basic"); // a browser asks for the key
        }
        using (var member = await http.SendAsync(Authorised(HttpMethod.Get, "/dashboard/", memberKey)))
            Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        using (var admin = await http.SendAsync(Authorised(HttpMethod.Get, "/dashboard/", adminKey)))
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        browser.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + adminKey)));
        using (var basic = await http.SendAsync(browser))
            Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
    }

    // ---- HTTP ----

    private static HttpRequestMessage Authorised(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static async Task<JsonNode> Get(RoundRobinClient http, string path, string key)
    {
        var (status, body) = await http.Send(() => Authorised(HttpMethod.Get, path, key), TimeSpan.FromSeconds(60));
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status} {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<Dictionary<string, string>> Snapshot(SiloCluster cluster, SiloProcess silo, IEnumerable<string> paths)
    {
        using var http = new RoundRobinClient([silo]);
        var snapshot = new Dictionary<string, string>();
        foreach (var path in paths)
        {
            var (status, body) = await http.Send(() => Authorised(HttpMethod.Get, path, cluster.AdminKey), TimeSpan.FromSeconds(60));
            Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status} {body}");
            snapshot[path] = body;
        }
        return snapshot;
    }

    /// <summary>A failure says what the silos said.</summary>
    private static async Task Diagnosed(SiloCluster cluster, Func<Task> test)
    {
        try
        {
            await test();
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}{Environment.NewLine}{cluster.Output}");
        }
    }

    private static string Trim(string s) => s.Length > 3000 ? s[..3000] + "..." : s;
}
