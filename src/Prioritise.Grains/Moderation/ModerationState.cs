using System.Collections.Immutable;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains.Moderation;

/// <summary>
/// A round's moderation as it stands: the fold of its journal's events over the snapshot (what
/// releases before the journal wrote as the whole state). Each event has one <c>Apply</c>, and
/// replaying the journal runs exactly these, so the state after a restart is the state before.
/// </summary>
[GenerateSerializer]
public sealed record ModerationState
{
    [Id(0)] public int SchemaVersion { get; init; } = 2;
    // Id 1 held the ranking in schema 1; it now has a state of its own (RankingSnapshot), written once.
    [Id(2)] public decimal FundingCap { get; init; }
    [Id(3)] public ImmutableList<ModerationAction> Actions { get; init; } = [];
    [Id(4)] public ImmutableList<Decision> Decisions { get; init; } = [];
    [Id(5)] public ImmutableList<CapRevision> CapRevisions { get; init; } = [];
    [Id(6)] public bool Confirmed { get; init; }
    /// <summary>Bumped by every change; a chair's expectedVersion must match it.</summary>
    [Id(7)] public long Version { get; init; }
    /// <summary>Idempotency-Key of each request already applied, and what it produced.</summary>
    [Id(8)] public ImmutableDictionary<string, string> Applied { get; init; } = ImmutableDictionary<string, string>.Empty;
    [Id(9)] public ImmutableList<AuditEvent> Events { get; init; } = [];
    /// <summary>
    /// (issue 14) The chair's last ready-for-finance mark since moderation started or reopened; it
    /// stands while <see cref="Version"/> is its version (<see cref="Confirmation.Standing"/>), and
    /// any later change leaves it withdrawn. A decision or a cap revision clears it.
    /// </summary>
    [Id(10)] public ReadyMark? Ready { get; init; }

    /// <summary>How many idempotency keys are remembered before the memory starts again.</summary>
    public const int RememberedKeys = 10_000;

    /// <summary>The state after <paramref name="entry"/>, one of the journal's events (or an entry written before them).</summary>
    public ModerationState Apply(IModerationEvent entry) => entry switch
    {
        ModerationStarted started => Apply(started),
        ActionRecorded recorded => Apply(recorded),
        DecisionConfirmed confirmed => Apply(confirmed),
        CapRevised revised => Apply(revised),
        MarkedReady marked => Apply(marked),
        ReadyWithdrawn withdrawn => Apply(withdrawn),
        // Written by releases before the explicit events: read, never written.
        ModerationChange change => change.ApplyTo(this),
        _ => throw new InvalidDataException($"The moderation journal holds an entry it does not know: {entry.GetType().Name}."),
    };

    /// <summary>Moderation begins at version 1 on the cap the ranking was drawn against.</summary>
    private ModerationState Apply(ModerationStarted started) =>
        this with { FundingCap = started.FundingCap, Version = 1, Events = Events.Add(started.Event) };

    private ModerationState Apply(ActionRecorded recorded) => this with
    {
        Actions = Actions.Add(recorded.Action),
        Version = Version + 1,
        Events = recorded.Withdrew is null ? Events.Add(recorded.Event) : Events.Add(recorded.Event).Add(recorded.Withdrew),
        Applied = Remember(recorded.Slot, recorded.Remembered),
    };

    /// <summary>The mark is given at the version this event moves the session to.</summary>
    private ModerationState Apply(MarkedReady marked) => this with
    {
        Ready = marked.Mark,
        Version = Version + 1,
        Events = Events.Add(marked.Event),
    };

    /// <summary>The version moves on, so the mark no longer stands and reads as withdrawn.</summary>
    private ModerationState Apply(ReadyWithdrawn withdrawn) => this with
    {
        Version = Version + 1,
        Events = Events.Add(withdrawn.Event),
    };

    /// <summary>A decision confirms the funded cut-off until a cap revision reopens it.</summary>
    private ModerationState Apply(DecisionConfirmed confirmed) => this with
    {
        Decisions = Decisions.Add(confirmed.Decision),
        Confirmed = true,
        // The mark was for this decision; the next one (after a cap revision) needs its own.
        Ready = null,
        Version = Version + 1,
        Events = Events.Add(confirmed.Event),
        Applied = Remember(confirmed.Slot, confirmed.Remembered),
    };

    /// <summary>A cap revision sets the new cap and reopens a confirmed decision.</summary>
    private ModerationState Apply(CapRevised revised) => this with
    {
        FundingCap = revised.Revision.FundingCap,
        CapRevisions = CapRevisions.Add(revised.Revision),
        Confirmed = false,
        Ready = null,
        Version = Version + 1,
        Events = Events.Add(revised.Event),
    };

    /// <summary>
    /// The idempotency memory with <paramref name="slot"/> remembered; bounded, so once it holds
    /// <see cref="RememberedKeys"/> keys it is emptied before the next one is added.
    /// </summary>
    private ImmutableDictionary<string, string> Remember(string? slot, string? produced)
    {
        if (slot is null) return Applied;
        var applied = Applied.Count >= RememberedKeys ? ImmutableDictionary<string, string>.Empty : Applied;
        return applied.SetItem(slot, produced ?? throw new InvalidDataException("An idempotency key is remembered with what it produced."));
    }
}

/// <summary>The pre-moderation ranking as it stood when scoring closed: large, and written once.</summary>
[GenerateSerializer]
public sealed record RankingSnapshot
{
    [Id(0)] public RoundResults? Ranking { get; init; }
}
