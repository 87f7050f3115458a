using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Session;
using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Grains.Moderation;
using Prioritise.Grains.Storage;

namespace Prioritise.Grains.Tests;

/// <summary>
/// The moderation journal's explicit events, each with one Apply, and the journals written before
/// them (one <see cref="ModerationChange"/> per entry, a diff of two states), which must still
/// replay to the same state, alone or followed by events.
/// </summary>
#pragma warning disable CS0618 // ModerationChange.Between writes the old format: here, to test its replay.
public sealed class ModerationJournalTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "prioritise-journal-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().AddPrioritiseSerialization().BuildServiceProvider();

    private ModerationJournalCodec Codec() => new(_services.GetRequiredService<Serializer>(), _services.GetRequiredService<SerializerSessionPool>());

    private static AuditEvent Event(long n, string action) => new("moderation", n, At.AddMinutes(n), "chair", action, $"event {n}");

    private static ModerationAction Action(string id, string bidId) => new(id, ModerationActionType.Decline, "chair", At, "Not ready", BidId: bidId);

    private static CapRevision Revision(decimal from, decimal to) => new(from, to, "Budget cut", "finance", At, 40_000m, ["b"]);

    /// <summary>A moderation's history as events: started, two actions (the second with an idempotency key), a cap revision.</summary>
    private static IModerationEvent[] History() =>
    [
        new ModerationStarted(60_000m, Event(1, AuditActions.ModerationStarted)),
        new ActionRecorded(Action("a1", "a"), Event(2, AuditActions.ModerationAction)),
        new ActionRecorded(Action("a2", "b"), Event(3, AuditActions.ModerationAction), "action:chair:k2", "a2#fingerprint"),
        new CapRevised(Revision(60_000m, 50_000m), Event(4, AuditActions.CapRevised)),
    ];

    /// <summary>The same history as the old journal wrote it: the diff of each state and the next, keys remembered by the change.</summary>
    private static ModerationChange[] AsOldEntries(IEnumerable<IModerationEvent> events)
    {
        var entries = new List<ModerationChange>();
        var state = new ModerationState();
        foreach (var e in events)
        {
            var next = state.Apply(e);
            var (key, value) = e switch
            {
                ActionRecorded a => (a.Slot, a.Remembered),
                DecisionConfirmed d => (d.Slot, d.Remembered),
                _ => (null, null),
            };
            entries.Add(ModerationChange.Between(state, next with { Applied = state.Applied }, key, value));
            state = next;
        }
        return [.. entries];
    }

    private static void AssertSame(ModerationState expected, ModerationState actual)
    {
        Assert.Equal((expected.FundingCap, expected.Confirmed, expected.Version), (actual.FundingCap, actual.Confirmed, actual.Version));
        Assert.Equal(expected.Actions, actual.Actions);
        Assert.Equal(expected.Decisions, actual.Decisions);
        Assert.Equal(expected.CapRevisions.Select(r => (r.PreviousCap, r.FundingCap, r.Reason, string.Join(",", r.NoLongerFit))),
            actual.CapRevisions.Select(r => (r.PreviousCap, r.FundingCap, r.Reason, string.Join(",", r.NoLongerFit))));
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.Applied.OrderBy(kv => kv.Key), actual.Applied.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Each_event_has_one_apply_that_moves_the_version_and_remembers_the_key()
    {
        var history = History();
        var started = new ModerationState().Apply(history[0]);
        Assert.Equal((60_000m, 1L, false), (started.FundingCap, started.Version, started.Confirmed));
        var acted = started.Apply(history[1]).Apply(history[2]);
        Assert.Equal(["a1", "a2"], acted.Actions.Select(a => a.Id));
        Assert.Equal(3, acted.Version);
        Assert.Equal([new KeyValuePair<string, string>("action:chair:k2", "a2#fingerprint")], acted.Applied);
        var revised = acted with { Confirmed = true };
        revised = revised.Apply(history[3]);
        Assert.Equal((50_000m, 4L, false), (revised.FundingCap, revised.Version, revised.Confirmed));
        Assert.Equal([1L, 2L, 3L, 4L], revised.Events.Select(e => e.Sequence));
    }

    [Fact]
    public void The_ready_mark_events_apply_and_read_back_from_their_bytes_as_written()
    {
        // (issue 14) Started (1), marked at 2, an action at 3 leaves the mark behind with its audit line,
        // marked again at 4, withdrawn at 5; a decision clears the mark.
        var mark = new ReadyMark("chair", At, 2, "Agreed");
        IModerationEvent[] events =
        [
            new ModerationStarted(60_000m, Event(1, AuditActions.ModerationStarted)),
            new MarkedReady(mark, Event(2, AuditActions.ReadyForFinance)),
            new ActionRecorded(Action("a1", "a"), Event(3, AuditActions.ModerationAction), null, null, Event(4, AuditActions.ReadyWithdrawn)),
            new MarkedReady(mark with { Version = 4 }, Event(5, AuditActions.ReadyForFinance)),
            new ReadyWithdrawn(Event(6, AuditActions.ReadyWithdrawn)),
        ];
        var codec = Codec();
        var read = events.Select(e => codec.Read(codec.Write(e))!).ToList();
        Assert.Equal(events, read);

        var state = new ModerationState();
        var versions = new List<(long Version, bool Standing, bool Withdrawn)>();
        foreach (var e in read)
        {
            state = state.Apply(e);
            versions.Add((state.Version, Confirmation.Standing(state.Ready, state.Version) is not null, Confirmation.Withdrawn(state.Ready, state.Version)));
        }
        Assert.Equal([(1L, false, false), (2L, true, false), (3L, false, true), (4L, true, false), (5L, false, true)], versions);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], state.Events.Select(e => e.Sequence));
        var decided = state.Apply(new DecisionConfirmed(
            new Decision(1, At, "finance", 60_000m, 0m, 60_000m, 0m, false, null, null, [], 1), Event(7, AuditActions.DecisionConfirmed)));
        Assert.Null(decided.Ready);
    }

    [Fact]
    public void The_old_diffs_and_the_events_replay_to_the_same_state()
    {
        var history = History();
        var fromEvents = history.Aggregate(new ModerationState(), (state, e) => state.Apply(e));
        var fromOld = AsOldEntries(history).Aggregate(new ModerationState(), (state, e) => state.Apply(e));
        AssertSame(fromEvents, fromOld);
    }

    [Fact]
    public void When_the_bounded_memory_of_keys_is_full_the_next_key_empties_it_first()
    {
        var keys = Enumerable.Range(1, ModerationState.RememberedKeys).ToImmutableDictionary(i => $"action:old{i}", i => $"a{i}");
        var full = new ModerationState { Applied = keys, Version = 3 };
        var acted = full.Apply(new ActionRecorded(Action("a4", "a"), Event(4, AuditActions.ModerationAction), "action:new", "a4#f"));
        Assert.Equal([new KeyValuePair<string, string>("action:new", "a4#f")], acted.Applied);
        // One short of the bound, the key is added to the rest; an entry with no key leaves them alone.
        var almost = new ModerationState { Applied = keys.Remove("action:old1") };
        var added = almost.Apply(new ActionRecorded(Action("a4", "a"), Event(1, AuditActions.ModerationAction), "action:new", "a4#f"));
        Assert.Equal(ModerationState.RememberedKeys, added.Applied.Count);
        Assert.Same(added.Applied, added.Apply(new CapRevised(Revision(1m, 2m), Event(2, AuditActions.CapRevised))).Applied);
    }

    [Fact]
    public async Task A_journal_of_old_entries_followed_by_events_replays_through_the_store_to_the_same_state()
    {
        SqliteStore.EnsureSchema(_data);
        using var writer = new SqliteWriter(_data, "prioritise", NullLogger<SqliteWriter>.Instance);
        var journal = new SqliteJournal(writer);
        const string stream = "moderation/moderation/r-mixed";
        var history = History();
        var old = AsOldEntries(history[..2]);

        // Entries 1 and 2 as the release before wrote them: the journal's entry type was ModerationChange.
        var changes = _services.GetRequiredService<Serializer<ModerationChange>>();
        for (var i = 0; i < old.Length; i++) await journal.Append(stream, i + 1, changes.SerializeToArray(old[i]));

        // This release replays them, then appends events after them in the same stream.
        var codec = Codec();
        var grainJournal = new GrainJournal<IModerationEvent>(journal, codec.Write, codec.Read, null!, stream);
        var state = await grainJournal.Replay(new ModerationState(), (s, e) => s.Apply(e));
        foreach (var e in history[2..])
        {
            state = state.Apply(e);
            await grainJournal.Append(e);
        }

        var entries = (await journal.Read(stream)).Select(codec.Read).ToList();
        Assert.Equal([typeof(ModerationChange), typeof(ModerationChange), typeof(ActionRecorded), typeof(CapRevised)], entries.Select(e => e!.GetType()));
        var replayed = await new GrainJournal<IModerationEvent>(journal, codec.Write, codec.Read, null!, stream)
            .Replay(new ModerationState(), (s, e) => s.Apply(e));
        var expected = history.Aggregate(new ModerationState(), (s, e) => s.Apply(e));
        AssertSame(expected, replayed);
        AssertSame(expected, state);
    }

    /// <summary>
    /// A moderation whose journal an earlier release wrote (state diffs) activates on it, answers a
    /// retried request from the idempotency memory it replays, takes new actions as events, and
    /// after another restart holds both.
    /// </summary>
    [Fact]
    public async Task A_moderation_journalled_by_an_earlier_release_replays_and_takes_new_events_on_top()
    {
        var dataPath = Clusters.NewDataPath();
        var serviceId = $"prioritise-{Guid.NewGuid():N}";
        var decline = new ModerationCommand(ModerationActionType.Decline, "b", null, null, null, null, null, null, null, "Not ready", 1);
        try
        {
            Scenario s;
            string chair, finance;
            ModerationView before;
            await using (var first = await Clusters.Start(dataPath, serviceId))
            {
                s = new Scenario(first.Client);
                await s.CreateRound(60_000m, ("q", 1m));
                var scorer = await s.Scorer("scorer");
                chair = await s.Chair();
                finance = await s.Appoint("finance", "Finance Org", [CommitteeRole.Finance]);
                await s.AddBid("a", "Bid A", 40_000m);
                await s.AddBid("b", "Bid B", 30_000m);
                await s.Round.OpenScoring(Caller.Admin);
                await s.Submit(scorer, "a", ("q", 8));
                await s.Submit(scorer, "b", ("q", 6));
                await s.Round.CloseScoring(Caller.Admin);
                await first.Client.Moderation(s.RoundId).Act(Caller.Member(chair), decline, "k1");
                before = await first.Client.Moderation(s.RoundId).Get(Caller.Member(chair));
            }

            // The same two entries (started, the action with its key) rewritten as the earlier release wrote them.
            var stream = "moderation/" + GrainKeys.Moderation(s.RoundId);
            using (var writer = new SqliteWriter(dataPath, serviceId, NullLogger<SqliteWriter>.Instance))
            {
                var journal = new SqliteJournal(writer);
                var codec = Codec();
                var events = (await journal.Read(stream)).Select(e => codec.Read(e)!).ToList();
                Assert.Equal([typeof(ModerationStarted), typeof(ActionRecorded)], events.Select(e => e.GetType()));
                var old = AsOldEntries(events);
                await using (var connection = new SqliteConnection(SqliteStore.ConnectionString(dataPath)))
                {
                    await connection.OpenAsync();
                    await using var delete = connection.CreateCommand();
                    delete.CommandText = "DELETE FROM PrioritiseJournal WHERE ServiceId = $service AND Stream = $stream";
                    delete.Parameters.AddWithValue("$service", serviceId);
                    delete.Parameters.AddWithValue("$stream", stream);
                    Assert.Equal(2, await delete.ExecuteNonQueryAsync());
                }
                var changes = _services.GetRequiredService<Serializer<ModerationChange>>();
                for (var i = 0; i < old.Length; i++) await journal.Append(stream, i + 1, changes.SerializeToArray(old[i]));
            }
            SqliteConnection.ClearAllPools();

            await using (var second = await Clusters.Start(dataPath, serviceId))
            {
                var moderation = second.Client.Moderation(s.RoundId);
                var view = await moderation.Get(Caller.Member(chair));
                Assert.Equal((before.Version, before.Actions.Count, before.List.FundedTotal), (view.Version, view.Actions.Count, view.List.FundedTotal));
                // The retry is answered from the replayed memory: the same action, nothing new.
                var retried = await moderation.Act(Caller.Member(chair), decline, "k1");
                Assert.Equal(("a1", 2L), (retried.ActionId, retried.Moderation.Version));
                var decision = await moderation.Confirm(Caller.Member(finance), new ConfirmCommand(false, "Agreed", 2), "d1");
                Assert.Equal(1, decision.Number);
            }

            await using var third = await Clusters.Start(dataPath, serviceId);
            var after = await third.Client.Moderation(s.RoundId).Get(Caller.Member(chair));
            Assert.Equal((3L, true, 1), (after.Version, after.Confirmed, after.Actions.Count));
            var audit = await third.Client.Moderation(s.RoundId).GetAudit();
            Assert.Equal([(1L, AuditActions.ModerationStarted), (2L, AuditActions.ModerationAction), (3L, AuditActions.DecisionConfirmed)],
                audit.Select(e => (e.Sequence, e.Action)));
            Assert.Equal(RoundStatus.Confirmed, (await third.Client.Round(s.RoundId).Get(Caller.Admin)).Status);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Clusters.TryDelete(dataPath);
        }
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
#pragma warning restore CS0618
