using System.Collections.Immutable;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Session;
using Orleans.Serialization.WireProtocol;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;

namespace Prioritise.Grains.Moderation;

/// <summary>
/// An entry in a moderation's journal: one thing that happened, written once. Each has one
/// <c>Apply</c> on <see cref="ModerationState"/>; the grain applies it after the append, replay
/// applies it again, so memory and the journal agree.
/// </summary>
public interface IModerationEvent;

/// <summary>Scoring closed and moderation began on the ranking, against <paramref name="FundingCap"/>.</summary>
[GenerateSerializer, Immutable, Alias("prioritise.moderation.started")]
public sealed record ModerationStarted(
    [property: Id(0)] decimal FundingCap,
    [property: Id(1)] AuditEvent Event) : IModerationEvent;

/// <summary>
/// The chair took a moderation action. <paramref name="Slot"/>, when the request had an
/// Idempotency-Key, is remembered with <paramref name="Remembered"/> (what it produced).
/// <paramref name="Withdrew"/> (issue 14): the audit line saying the action withdrew the chair's
/// ready-for-finance mark, in the same entry, so the trail never shows a change without it.
/// </summary>
[GenerateSerializer, Immutable, Alias("prioritise.moderation.action-recorded")]
public sealed record ActionRecorded(
    [property: Id(0)] ModerationAction Action,
    [property: Id(1)] AuditEvent Event,
    [property: Id(2)] string? Slot = null,
    [property: Id(3)] string? Remembered = null,
    [property: Id(4)] AuditEvent? Withdrew = null) : IModerationEvent;

/// <summary>(issue 14) The chair marked the moderated list ready for finance.</summary>
[GenerateSerializer, Immutable, Alias("prioritise.moderation.marked-ready")]
public sealed record MarkedReady(
    [property: Id(0)] ReadyMark Mark,
    [property: Id(1)] AuditEvent Event) : IModerationEvent;

/// <summary>(issue 14) The chair withdrew the ready-for-finance mark without changing the list.</summary>
[GenerateSerializer, Immutable, Alias("prioritise.moderation.ready-withdrawn")]
public sealed record ReadyWithdrawn(
    [property: Id(0)] AuditEvent Event) : IModerationEvent;

/// <summary>Finance confirmed the funded cut-off; the idempotency key as for <see cref="ActionRecorded"/>.</summary>
[GenerateSerializer, Immutable, Alias("prioritise.moderation.decision-confirmed")]
public sealed record DecisionConfirmed(
    [property: Id(0)] Decision Decision,
    [property: Id(1)] AuditEvent Event,
    [property: Id(2)] string? Slot = null,
    [property: Id(3)] string? Remembered = null) : IModerationEvent;

/// <summary>Finance revised the funding cap, reopening a confirmed decision.</summary>
[GenerateSerializer, Immutable, Alias("prioritise.moderation.cap-revised")]
public sealed record CapRevised(
    [property: Id(0)] CapRevision Revision,
    [property: Id(1)] AuditEvent Event) : IModerationEvent;

/// <summary>
/// <para>
/// <b>Read only: what releases before the explicit events wrote.</b> One change to the moderation
/// as a diff of two states: the values the change set and the one action, decision, cap revision,
/// audit event and idempotency key it added. Journals written by those releases hold these;
/// replaying one gives the state it gave then (<see cref="ApplyTo"/>). Nothing writes them now.
/// </para>
/// <para>
/// Stored as its own type (the journal's entry type then), so its bytes name no type; the events
/// after it are stored as <see cref="IModerationEvent"/> and name theirs
/// (<see cref="ModerationJournalCodec"/>).
/// </para>
/// </summary>
[GenerateSerializer, Immutable, Alias("prioritise.moderation.change")]
public sealed record ModerationChange : IModerationEvent
{
    [Id(0)] public decimal FundingCap { get; init; }
    [Id(1)] public bool Confirmed { get; init; }
    [Id(2)] public long Version { get; init; }
    [Id(3)] public ModerationAction? Action { get; init; }
    [Id(4)] public Decision? Decision { get; init; }
    [Id(5)] public CapRevision? CapRevision { get; init; }
    [Id(6)] public AuditEvent? Event { get; init; }
    /// <summary>The idempotency key remembered, and whether the memory was emptied first (it is bounded).</summary>
    [Id(7)] public string? AppliedKey { get; init; }
    [Id(8)] public string? AppliedValue { get; init; }
    [Id(9)] public bool AppliedReset { get; init; }

    /// <summary>How many idempotency keys are remembered before the memory starts again.</summary>
    public const int RememberedKeys = ModerationState.RememberedKeys;

    /// <summary>
    /// The change that takes <paramref name="from"/> to <paramref name="to"/> and remembers the
    /// request's idempotency key, if it had one (<paramref name="key"/> with what it produced):
    /// how releases before the explicit events wrote their entries; kept so tests can write them.
    /// </summary>
    [Obsolete("Moderation journals record explicit events (IModerationEvent); this writes the old format, for tests of replay only.")]
    public static ModerationChange Between(ModerationState from, ModerationState to, string? key = null, string? value = null)
    {
        if (!ReferenceEquals(from.Applied, to.Applied))
            throw new InvalidOperationException("Idempotency keys are remembered by the change itself, not set on the state.");
        return new ModerationChange
        {
            FundingCap = to.FundingCap,
            Confirmed = to.Confirmed,
            Version = to.Version,
            Action = Added(from.Actions, to.Actions),
            Decision = Added(from.Decisions, to.Decisions),
            CapRevision = Added(from.CapRevisions, to.CapRevisions),
            Event = Added(from.Events, to.Events),
            AppliedKey = key,
            AppliedValue = key is null ? null : value ?? throw new ArgumentNullException(nameof(value)),
            AppliedReset = key is not null && from.Applied.Count >= RememberedKeys,
        };
    }

    /// <summary>The state after this change, as the release that wrote it computed it.</summary>
    public ModerationState ApplyTo(ModerationState state)
    {
        var applied = AppliedReset ? ImmutableDictionary<string, string>.Empty : state.Applied;
        return state with
        {
            FundingCap = FundingCap,
            Confirmed = Confirmed,
            Version = Version,
            Actions = Action is null ? state.Actions : state.Actions.Add(Action),
            Decisions = Decision is null ? state.Decisions : state.Decisions.Add(Decision),
            CapRevisions = CapRevision is null ? state.CapRevisions : state.CapRevisions.Add(CapRevision),
            Events = Event is null ? state.Events : state.Events.Add(Event),
            Applied = AppliedKey is null ? applied : applied.SetItem(AppliedKey, AppliedValue!),
        };
    }

    /// <summary>The one item a list gained, checking it only gained (at most one).</summary>
    private static T? Added<T>(ImmutableList<T> from, ImmutableList<T> to) where T : class
    {
        var kept = from.Count == 0 || (to.Count >= from.Count && ReferenceEquals(to[from.Count - 1], from[^1]));
        if (!kept || to.Count > from.Count + 1)
            throw new InvalidOperationException("A moderation change may only add one item to each of its lists.");
        return to.Count == from.Count ? null : to[^1];
    }
}

/// <summary>
/// The moderation journal's entries as bytes. Events are written as <see cref="IModerationEvent"/>,
/// so each entry names its type (by alias). Entries from releases before the events were written
/// as <see cref="ModerationChange"/> itself, the journal's entry type then, so they name none
/// (schema "expected"): the entry's first field header tells the two apart, and both replay in
/// the one stream, old entries first.
/// </summary>
public sealed class ModerationJournalCodec(Serializer serializer, SerializerSessionPool sessions)
{
    public byte[] Write(IModerationEvent entry) => serializer.SerializeToArray(entry);

    public IModerationEvent? Read(byte[] entry) =>
        NamesItsType(entry) ? serializer.Deserialize<IModerationEvent>(entry) : serializer.Deserialize<ModerationChange>(entry);

    private bool NamesItsType(byte[] entry)
    {
        using var session = sessions.GetSession();
        var reader = Reader.Create(entry, session);
        return FieldHeaderCodec.ReadFieldHeader(ref reader).SchemaType != SchemaType.Expected;
    }
}
