using System.Collections.Immutable;
using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Grains.Storage;

namespace Prioritise.Grains.Moderation;

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
}

/// <summary>
/// One change to the moderation as its journal keeps it: the values the change set and the one
/// action, decision, cap revision, audit event and idempotency key it added. Every change the
/// grain makes adds to its lists and never rewrites them, so this is all a change is.
/// </summary>
[GenerateSerializer, Immutable, Alias("prioritise.moderation.change")]
public sealed record ModerationChange
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
    public const int RememberedKeys = 10_000;

    /// <summary>
    /// The change that takes <paramref name="from"/> to <paramref name="to"/> and remembers the
    /// request's idempotency key, if it had one (<paramref name="key"/> with what it produced).
    /// </summary>
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

    /// <summary>The state after this change.</summary>
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

/// <summary>The pre-moderation ranking as it stood when scoring closed: large, and written once.</summary>
[GenerateSerializer]
public sealed record RankingSnapshot
{
    [Id(0)] public RoundResults? Ranking { get; init; }
}

/// <summary>
/// A round's moderation session. Each change (an action, a decision, a cap revision) is one entry
/// in the moderation's journal, so the two-hundredth action costs what the first did; the state is
/// the fold of the entries over the snapshot (what releases before the journal wrote as the whole
/// state, read and never written again).
/// </summary>
public sealed class ModerationGrain(
    [PersistentState("moderation", StorageNames.Default)] IPersistentState<ModerationState> snapshot,
    [PersistentState("moderation-ranking", StorageNames.Default)] IPersistentState<RankingSnapshot> ranking,
    IEventJournal journal,
    Orleans.Serialization.Serializer<ModerationChange> changes)
    : Grain, IModerationGrain
{
    private ModerationState _durable = new();
    private ModeratedList? _current;
    private GrainJournal<ModerationChange> _journal = null!;

    private string? _roundId;
    private string RoundId => _roundId ??= GrainKeys.Parts(this.GetPrimaryKeyString())[1];
    private ModerationState State => _durable;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _journal = new GrainJournal<ModerationChange>(journal, changes, this, "moderation/" + this.GetPrimaryKeyString());
        _durable = await _journal.Replay(snapshot.State, (state, change) => change.ApplyTo(state));
        // The follow-up of the last decision or cap revision (MultiGrainStep), in case a crash
        // came between its write and the round hearing of it: from a timer, not from here, so the
        // activation never waits on the round.
        if (Ranking is not null)
            this.RegisterGrainTimer(_ => TellRound(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    /// <summary>The follow-up of a confirmation or a cap revision: the round takes the decision's status. Idempotent.</summary>
    private Task TellRound() => GrainFactory.Round(RoundId).SetDecided(State.Confirmed);

    private ModeratedList Current => _current ??= ModerationRules.Replay(Ranking!, State.Actions, State.FundingCap);

    private RoundResults? Ranking => State.Version > 0 ? ranking.State.Ranking : null;

    /// <summary>
    /// Writes the change to <paramref name="next"/> (and the request's idempotency key, if any);
    /// memory then holds exactly what replaying the journal gives.
    /// </summary>
    private async Task Commit(ModerationState next, string? idempotencyKey = null, string? produced = null)
    {
        var change = ModerationChange.Between(State, next, idempotencyKey, produced);
        await _journal.Append(change);
        // Only once the change is durable does memory move on; a failed append changes nothing.
        _durable = change.ApplyTo(State);
        _current = null;
    }

    // Start is interleaved (it may come while a Get waits on the round to finish a close): calls
    // that overlap share the one write in flight, so moderation starts once.
    private Task? _starting;

    Task IModerationGrain.Start(Caller caller, RoundResults results)
    {
        if (Ranking is not null) return Task.CompletedTask;
        if (_starting is null || _starting.IsCompleted) _starting = StartOnce(caller, results);
        return _starting;
    }

    Task<bool?> IModerationGrain.DecisionConfirmed() => Task.FromResult(Ranking is null ? (bool?)null : _durable.Confirmed);

    private async Task StartOnce(Caller caller, RoundResults results)
    {
        // The ranking first: moderation counts as started only once the state naming it is written.
        if (ranking.State.Ranking is null) await ranking.Commit(new RankingSnapshot { Ranking = results });
        await Commit(WithEvent(State with { FundingCap = results.FundingCap, Version = 1 },
            caller, AuditActions.ModerationStarted,
            $"Moderation started on the ranking of {results.Bids.Count} bids; the cap line funds GBP {results.FundedTotal:N2} of GBP {results.FundingCap:N2}."));
    }

    async Task<ModerationView> IModerationGrain.Get(Caller caller)
    {
        var reader = await Require(caller, adminToo: true, CommitteeRole.Chair, CommitteeRole.Finance);
        return View(reader);
    }

    async Task<ActionTaken> IModerationGrain.Act(Caller caller, ModerationCommand command, string? idempotencyKey)
    {
        var reader = await Require(caller, adminToo: false, CommitteeRole.Chair);
        var slot = idempotencyKey is null ? null : Idempotency.Slot("action", caller.Id, idempotencyKey);
        var fingerprint = Idempotency.Fingerprint(command);
        if (slot is not null && Idempotency.Earlier(State.Applied, slot, fingerprint) is { } earlier)
            return new ActionTaken(earlier, View(reader));
        RequireOpen("take moderation actions");
        RequireVersion(command.ExpectedVersion);

        var action = ModerationRules.Accept(command, Current, State.Actions, $"a{State.Actions.Count + 1}", caller.Id, DateTimeOffset.UtcNow);
        var next = State with { Actions = State.Actions.Add(action), Version = State.Version + 1 };
        await Commit(WithEvent(next, caller, AuditActions.ModerationAction, $"{action.Id}: {action.Describe()}", action.Reason, action.BidId),
            slot, Idempotency.Remembered(action.Id, fingerprint));
        PrioritiseMetrics.ModerationActions.Add(1);
        return new ActionTaken(action.Id, View(reader));
    }

    async Task<Decision> IModerationGrain.Confirm(Caller caller, ConfirmCommand command, string? idempotencyKey)
    {
        var reader = await Require(caller, adminToo: false, CommitteeRole.Finance);
        var slot = idempotencyKey is null ? null : Idempotency.Slot("decision", caller.Id, idempotencyKey);
        var fingerprint = Idempotency.Fingerprint(command);
        if (slot is not null && Idempotency.Earlier(State.Applied, slot, fingerprint) is { } earlier)
        {
            // A retry finishes the step if a crash cut the first attempt short (MultiGrainStep).
            await TellRound();
            return Disclosure.Decision(State.Decisions[int.Parse(earlier, System.Globalization.CultureInfo.InvariantCulture) - 1], reader);
        }
        RequireOpen("confirm a decision");
        RequireVersion(command.ExpectedVersion);

        var number = State.Decisions.Count + 1;
        var decision = Confirmation.Confirm(Current, number, caller.Id, DateTimeOffset.UtcNow, command, State.Actions.Count);
        var next = State with { Decisions = State.Decisions.Add(decision), Confirmed = true, Version = State.Version + 1 };
        var what = $"Decision {number} confirmed: GBP {decision.FundedTotal:N2} funded against a cap of GBP {decision.FundingCap:N2}"
                   + (decision.OverCommitmentAccepted ? $", over-commitment of GBP {decision.OverCommitment:N2} knowingly accepted." : $", headroom GBP {decision.Headroom:N2}.");
        await Commit(WithEvent(next, caller, AuditActions.DecisionConfirmed, what, decision.Reason),
            slot, Idempotency.Remembered(number.ToString(System.Globalization.CultureInfo.InvariantCulture), fingerprint));
        PrioritiseMetrics.DecisionsConfirmed.Add(1);
        // The decision written is the step's intent; telling the round is its follow-up, sent
        // again by a retry and on this grain's next activation (MultiGrainStep).
        await TellRound();
        return Disclosure.Decision(decision, reader);
    }

    async Task<Decision> IModerationGrain.GetDecision(Caller caller, int number)
    {
        var reader = await Require(caller, adminToo: true, CommitteeRole.Chair, CommitteeRole.Finance);
        return number >= 1 && number <= State.Decisions.Count
            ? Disclosure.Decision(State.Decisions[number - 1], reader)
            : throw DomainException.NotFound("number", $"No decision {number} for this round.");
    }

    async Task<IReadOnlyList<Decision>> IModerationGrain.GetDecisions(Caller caller)
    {
        var reader = await Require(caller, adminToo: true, CommitteeRole.Chair, CommitteeRole.Finance);
        return State.Decisions.Select(d => Disclosure.Decision(d, reader)).ToList();
    }

    async Task<CapRevision> IModerationGrain.ReviseCap(Caller caller, CapRevisionCommand command)
    {
        await Require(caller, adminToo: false, CommitteeRole.Finance);
        RequireStarted();
        if (command.FundingCap is not { } cap || !Money.IsValidPositive(cap))
            throw DomainException.Invalid("fundingCap", "'fundingCap' must be more than zero, in pounds with at most two decimal places.");
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > Domain.Validation.TextRules.LongText || !Domain.Validation.TextRules.IsPlainText(reason))
            throw DomainException.Invalid("reason", "A cap revision needs a reason (plain text, at most 4000 characters).");

        var revision = new CapRevision(State.FundingCap, cap, reason, caller.Id, DateTimeOffset.UtcNow,
            Current.FundedTotal, Confirmation.NoLongerFit(Current, cap));
        var reopened = State.Confirmed;
        var what = $"Funding cap revised from GBP {revision.PreviousCap:N2} to GBP {cap:N2}; "
                   + (revision.NoLongerFit.Count == 0 ? "every funded scheme still fits." : $"no longer fit: {string.Join(", ", revision.NoLongerFit)}.")
                   + (reopened ? " Moderation reopened for a new decision." : "");
        await Commit(WithEvent(State with
        {
            FundingCap = cap,
            CapRevisions = State.CapRevisions.Add(revision),
            Confirmed = false,
            Version = State.Version + 1,
        }, caller, AuditActions.CapRevised, what, reason));
        // Told even when nothing reopened: a revision retried after a crash finds the decision
        // already reopened, and the round may not have heard (MultiGrainStep).
        await TellRound();
        return revision;
    }

    Task<IReadOnlyList<AuditEvent>> IModerationGrain.GetAudit() => Task.FromResult<IReadOnlyList<AuditEvent>>(_durable.Events);

    /// <summary>The session as this reader may see it: figures of bids they are conflicted on withheld.</summary>
    private ModerationView View(Reader reader) => new(Disclosure.List(Current, reader), State.Actions, State.Version, State.Confirmed,
        State.Decisions.Select(d => d.Number).ToList(), State.CapRevisions);

    /// <summary>
    /// Members need one of the roles on this round's committee. Administrators may read, but the
    /// chair's and finance's decisions are theirs alone.
    /// </summary>
    private async Task<Reader> Require(Caller caller, bool adminToo, params CommitteeRole[] roles)
    {
        // A caller with no part in the round is told it does not exist, as for a round that does not.
        var reader = await GrainFactory.Round(RoundId).ReaderOf(caller);
        if (reader is null || (!reader.IsAdmin && reader.Seat is null))
            throw DomainException.NotFound("roundId", $"No round '{RoundId}'.");
        if (Ranking is null && (await GrainFactory.Round(RoundId).Find())?.Status >= RoundStatus.Moderation)
            // Scoring closed but the close never reached here (a crash mid-step): have the round
            // finish it, which starts this moderation, rather than answer 409 for good.
            await GrainFactory.Round(RoundId).ResumePendingSteps();
        if (reader.IsAdmin)
        {
            if (!adminToo) throw DomainException.Forbidden($"Only the committee's {Named(roles)} may do this, not an administrator.");
        }
        else if (!roles.Any(reader.Has))
            throw DomainException.Forbidden($"Only the committee's {Named(roles)} may do this.");
        RequireStarted();
        return reader;
    }

    private static string Named(CommitteeRole[] roles) => string.Join(" or ", roles).ToLowerInvariant();

    private void RequireStarted()
    {
        if (Ranking is null)
            throw DomainException.Conflict("status", "Moderation starts when scoring closes.");
    }

    private void RequireOpen(string doing)
    {
        if (State.Confirmed)
            throw DomainException.Conflict("status", $"Cannot {doing}: the funded cut-off is confirmed (decision {State.Decisions.Count}). A cap revision reopens moderation.");
    }

    private void RequireVersion(long? expected)
    {
        if (expected is { } v && v != State.Version)
            throw DomainException.Conflict("expectedVersion", $"The moderation has changed (version {State.Version}, you expected {v}); reload and try again.");
    }


    private ModerationState WithEvent(ModerationState state, Caller caller, string action, string what, string? why = null, string? bidId = null) =>
        state with { Events = state.Events.Append("moderation", caller.Id, action, what, why, bidId) };
}
