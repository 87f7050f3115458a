using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Prioritise.Reliability.Tests.Support;

namespace Prioritise.Reliability.Tests;

/// <summary>
/// POST /api/backups while a background loop submits sheets; the backup file copied as
/// prioritise.db into a new data folder; a new silo started on it. The restored service must be one
/// consistent snapshot between what the source answered just before and just after the backup.
/// </summary>
[Collection(OwnSiloCollection.Name)]
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    private sealed record Submission(string Token, string MemberId, string BidId, int Impact, int Cost, long SentAt)
    {
        public long? AnsweredAt { get; set; }
    }

    [Fact]
    public async Task An_online_backup_taken_while_scoring_restores_to_one_consistent_snapshot()
    {
        var random = new Random(LongRun.Seed("PRIORITISE_BACKUP_SEED", 7));
        using var source = new SiloProcess(seedOnEmpty: false);
        await source.StartAsync();
        using var api = new ApiClient(source.CreateClient(), source.AdminKey);

        var round = "backup-round";
        var scorerIds = Enumerable.Range(1, 4).Select(i => $"scorer-{i}").ToArray();
        var keys = await Members.Create(api, [.. scorerIds, "chair"]);
        string[] bids = ["b1", "b2", "b3"];
        await api.CreateRound(round);
        foreach (var id in scorerIds) await api.Appoint(round, id, "scorer");
        await api.Appoint(round, "chair", "chair");
        foreach (var (bid, i) in bids.Select((b, i) => (b, i))) await api.AddBid(round, bid, 10_000m * (i + 1));
        await api.OpenScoring(round);

        // One logical clock for sends, answers and the backup, so "before" and "after" are exact.
        long clock = 0;
        var submissions = new List<Submission>();
        var submissionsLock = new object();
        using var stop = new CancellationTokenSource();
        var loops = scorerIds.Select((id, n) => Task.Run(async () =>
        {
            var mine = new Random(random.Next() + n);
            var timer = Stopwatch.StartNew();
            for (var i = 0; i < 2_000 && !stop.IsCancellationRequested && timer.Elapsed < TimeSpan.FromSeconds(60); i++)
            {
                var s = new Submission($"{id}-{i}", id, bids[mine.Next(bids.Length)], mine.Next(1, 11), mine.Next(1, 11), Interlocked.Increment(ref clock));
                lock (submissionsLock) submissions.Add(s);
                var reply = await api.PutSheet(round, s.BidId, id, keys[id], new { scores = new { impact = s.Impact, cost = s.Cost }, comment = s.Token, submit = true });
                reply.Is(HttpStatusCode.OK);
                s.AnsweredAt = Interlocked.Increment(ref clock);
            }
        })).ToList();

        await Task.Delay(800);
        var auditBefore = (await api.Json($"/api/rounds/{round}/audit")).AsArray();
        var backupStart = Interlocked.Increment(ref clock);
        var backup = await api.Post("/api/backups", api.AdminKey);
        var backupEnd = Interlocked.Increment(ref clock);
        backup.Is(HttpStatusCode.Created);
        var auditAfter = (await api.Json($"/api/rounds/{round}/audit")).AsArray();
        await Task.Delay(300);
        stop.Cancel();
        await Task.WhenAll(loops);
        var backupFile = (string)backup.Json["file"]!;
        Assert.StartsWith(Path.Combine(source.DataPath, "backups"), backupFile);
        source.Stop();

        // Restore: the backup file alone, as prioritise.db in a fresh data folder.
        using var restored = new SiloProcess(seedOnEmpty: false);
        Directory.CreateDirectory(restored.DataPath);
        File.Copy(backupFile, Store.File(restored.DataPath));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(backupFile)!, "*-wal"));
        await restored.StartAsync();
        using var back = new ApiClient(restored.CreateClient(), restored.AdminKey);

        var audit = (await back.Json($"/api/rounds/{round}/audit")).AsArray();
        Trail.AssertGapless(audit, "restored");

        // Between before and after: every event the source showed before the backup is there, the
        // same; every restored event is one the source showed after it.
        static Dictionary<string, string> Events(JsonArray trail) => trail.ToDictionary(
            e => $"{e!["source"]}#{e["sequence"]}",
            e => new JsonObject { ["at"] = e!["at"]!.DeepClone(), ["actor"] = e["actor"]!.DeepClone(), ["action"] = e["action"]!.DeepClone(),
                                  ["what"] = e["what"]!.DeepClone(), ["why"] = e["why"]?.DeepClone() }.ToJsonString());
        var (before, now, after) = (Events(auditBefore), Events(audit), Events(auditAfter));
        foreach (var (id, e) in before)
            Assert.True(now.GetValueOrDefault(id) == e, $"event {id} from before the backup is {(now.ContainsKey(id) ? "changed" : "missing")} in the restore");
        foreach (var (id, e) in now)
            Assert.True(after.GetValueOrDefault(id) == e, $"restored event {id} is not what the source showed after the backup");

        // Sheets: every one answered before the backup began is there; none sent after it ended;
        // per member and bid, the restored submissions are the first k sent, and the sheet is the k-th.
        var restoredTokens = Trail.SheetEvents(audit).Select(e => (string)e["why"]!).ToHashSet();
        foreach (var s in submissions.Where(s => s.AnsweredAt < backupStart))
            Assert.True(restoredTokens.Contains(s.Token), $"{s.Token} was answered before the backup began, and is not in the restore");
        foreach (var s in submissions.Where(s => s.SentAt > backupEnd))
            Assert.False(restoredTokens.Contains(s.Token), $"{s.Token} was sent after the backup ended, and is in the restore");
        var readBack = new List<SheetScores>();
        foreach (var member in scorerIds)
        foreach (var bid in bids)
        {
            var sent = submissions.Where(s => s.MemberId == member && s.BidId == bid).ToList();
            var k = sent.TakeWhile(s => restoredTokens.Contains(s.Token)).Count();
            Assert.True(sent.Skip(k).All(s => !restoredTokens.Contains(s.Token)), $"{member} on {bid}: the restore holds a later submission without an earlier one");
            var sheet = await back.Sheet(round, bid, member, keys[member]); // member keys work: their hashes came with the store
            if (k == 0)
            {
                Assert.Null(sheet);
                continue;
            }
            Assert.NotNull(sheet);
            Assert.Equal(sent[k - 1].Token, (string?)sheet!["comment"]);
            Assert.Equal(sent[k - 1].Impact, (int)sheet["scores"]!["impact"]!);
            Assert.Equal(sent[k - 1].Cost, (int)sheet["scores"]!["cost"]!);
            Assert.Equal(k, (int)sheet["revision"]!);
            readBack.Add(new SheetScores(member, bid, Reads.Scores(sheet)));
        }
        Recompute.AssertResults(await back.Json($"/api/rounds/{round}/results"), Recompute.TwoCriteriaWeights, readBack, "restored");

        // The restored round carries on: still scoring, and a scorer can submit.
        Assert.Equal("scoring", (string?)(await back.Json($"/api/rounds/{round}"))["status"]);
        await back.Submit(round, "b1", scorerIds[0], keys[scorerIds[0]], 9, 9);

        var during = submissions.Count(s => s.SentAt < backupEnd && (s.AnsweredAt ?? long.MaxValue) > backupStart);
        output.WriteLine($"{submissions.Count} submissions in all; {before.Count} events before the backup, {now.Count} restored, {after.Count} after; " +
                         $"{during} submissions in flight while the backup ran");
        Assert.True(before.Count < after.Count || during > 0, "the backup did not overlap any scoring");
    }
}
