using System.Collections.Immutable;
using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Domain.Validation;
using Prioritise.Grains.Storage;

namespace Prioritise.Grains.Moderation;

/// <summary>
/// A round's moderation session. Each change is one event in the moderation's journal
/// (<see cref="ModerationStarted"/>, <see cref="ActionRecorded"/>, <see cref="DecisionConfirmed"/>,
/// <see cref="CapRevised"/>), so the two-hundredth action costs what the first did; the state is
/// the fold of the events over the snapshot (what releases before the journal wrote as the whole
/// state, read and never written again), each by its one <see cref="ModerationState.Apply"/>.
/// </summary>
public sealed class ModerationGrain(
    [PersistentState("moderation", StorageNames.Default)] IPersistentState<ModerationState> snapshot,
    [PersistentState("moderation-ranking", StorageNames.Default)] IPersistentState<RankingSnapshot> ranking,
    IEventJournal journal,
    Orleans.Serialization.Serializer serializer,
    Orleans.Serialization.Session.SerializerSessionPool sessions)
    : Grain, IModerationGrain
{
    private ModerationState _durable = new();
    private ModeratedList? _current;
    private GrainJournal<IModerationEvent> _journal = null!;

    private string? _roundId;
    private string RoundId => _roundId ??= GrainKeys.Parts(this.GetPrimaryKeyString())[1];
    private ModerationState State => _durable;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var codec = new ModerationJournalCodec(serializer, sessions);
        _journal = new GrainJournal<IModerationEvent>(journal, codec.Write, codec.Read, this, "moderation/" + this.GetPrimaryKeyString());
        _durable = await _journal.Replay(snapshot.State, (state, entry) => state.Apply(entry));
        // The follow-up of the last decision or cap revision (MultiGrainStep), in case a crash
        // came between its write and the round hearing of it: from a timer, not from here, so the
        // activation never waits on the round.
        if (Ranking is not null)
            this.RegisterGrainTimer(_ => TellRound(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    /// <summary>
    /// The follow-up of a confirmation or a cap revision: the round takes the decision's status, and
    /// the governance hears of a confirmed decision (approved now when the round names no bodies;
    /// issue 16). Idempotent.
    /// </summary>
    private async Task TellRound()
    {
        await GrainFactory.Round(RoundId).SetDecided(State.Confirmed);
        if (State.Confirmed && State.Decisions.Count > 0)
            await GrainFactory.Governance(RoundId).DecisionConfirmed(State.Decisions[^1]);
    }

    private ModeratedList Current => _current ??= ModerationRules.Replay(Ranking!, State.Actions, State.FundingCap);

    private RoundResults? Ranking => State.Version > 0 ? ranking.State.Ranking : null;

    /// <summary>
    /// Writes the event and applies it, as replaying the journal will: memory then holds exactly
    /// what replaying the journal gives.
    /// </summary>
    private async Task Commit(IModerationEvent entry)
    {
        var next = State.Apply(entry);
        await _journal.Append(entry);
        // Only once the event is durable does memory move on; a failed append changes nothing.
        _durable = next;
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
        await Commit(new ModerationStarted(results.FundingCap, Audit(caller, AuditActions.ModerationStarted,
            $"Moderation started on the ranking of {results.Bids.Count} bids; the cap line funds GBP {results.FundedTotal:N2} of GBP {results.FundingCap:N2}.")));
    }

    async Task<ModerationView> IModerationGrain.Get(Caller caller)
    {
        var reader = await Require(caller, RoundAction.ReadModeration);
        return View(reader);
    }

    async Task<ActionTaken> IModerationGrain.Act(Caller caller, ModerationCommand command, string? idempotencyKey)
    {
        var reader = await Require(caller, RoundAction.Moderate);
        Validate.Check(new ModerationCommandValidator(), command);
        var slot = idempotencyKey is null ? null : Idempotency.Slot("action", caller.Id, idempotencyKey);
        var fingerprint = Idempotency.Fingerprint(command);
        if (slot is not null && Idempotency.Earlier(State.Applied, slot, fingerprint) is { } earlier)
            return new ActionTaken(earlier, View(reader));
        RequireOpen("take moderation actions");
        RequireVersion(command.ExpectedVersion);

        var action = ModerationRules.Accept(command, Current, State.Actions, $"a{State.Actions.Count + 1}", caller.Id, DateTimeOffset.UtcNow);
        // Any change of the list leaves a standing ready mark behind; the trail says so in the same entry.
        var recorded = Audit(caller, AuditActions.ModerationAction, $"{action.Id}: {action.Describe()}", action.Reason, action.BidId);
        var withdrew = Confirmation.Standing(State.Ready, State.Version) is null ? null
            : recorded with { Sequence = recorded.Sequence + 1, Action = AuditActions.ReadyWithdrawn,
                What = $"Ready for finance withdrawn: the chair changed the list ({action.Id}).", Why = null, BidId = null };
        await Commit(new ActionRecorded(action, recorded, slot, slot is null ? null : Idempotency.Remembered(action.Id, fingerprint), withdrew));
        PrioritiseMetrics.ModerationActions.Add(1);
        return new ActionTaken(action.Id, View(reader));
    }

    async Task<Decision> IModerationGrain.Confirm(Caller caller, ConfirmCommand command, string? idempotencyKey)
    {
        var reader = await Require(caller, RoundAction.Confirm);
        Validate.Check(new ConfirmCommandValidator(), command);
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
        Confirmation.RequireReady(State.Ready, State.Version, command.ModerationVersion);

        var number = State.Decisions.Count + 1;
        var decision = Confirmation.Confirm(Current, number, caller.Id, DateTimeOffset.UtcNow, command, State.Actions.Count);
        var what = $"Decision {number} confirmed: GBP {decision.FundedTotal:N2} funded against a cap of GBP {decision.FundingCap:N2}"
                   + (decision.OverCommitmentAccepted ? $", over-commitment of GBP {decision.OverCommitment:N2} knowingly accepted." : $", headroom GBP {decision.Headroom:N2}.");
        await Commit(new DecisionConfirmed(decision, Audit(caller, AuditActions.DecisionConfirmed, what, decision.Reason),
            slot, slot is null ? null : Idempotency.Remembered(number.ToString(System.Globalization.CultureInfo.InvariantCulture), fingerprint)));
        PrioritiseMetrics.DecisionsConfirmed.Add(1);
        // The decision written is the step's intent; telling the round is its follow-up, sent
        // again by a retry and on this grain's next activation (MultiGrainStep).
        await TellRound();
        return Disclosure.Decision(decision, reader);
    }

    async Task<ModerationView> IModerationGrain.MarkReady(Caller caller, ReadyCommand command)
    {
        var reader = await Require(caller, RoundAction.Moderate);
        Validate.Check(new ReadyCommandValidator(), command);
        RequireOpen("mark the list ready for finance");
        if (Confirmation.MarkReady(State.Ready, State.Version, caller.Id, DateTimeOffset.UtcNow, command) is { } mark)
        {
            var list = Current;
            var what = $"The chair marked the list ready for finance: {list.Rows.Count(r => r.Funded)} bids funded, GBP {list.FundedTotal:N2} against a cap of GBP {list.FundingCap:N2}.";
            await Commit(new MarkedReady(mark, Audit(caller, AuditActions.ReadyForFinance, what, mark.Note)));
        }
        return View(reader);
    }

    async Task<ModerationView> IModerationGrain.WithdrawReady(Caller caller)
    {
        var reader = await Require(caller, RoundAction.Moderate);
        RequireOpen("withdraw the ready mark");
        if (Confirmation.Standing(State.Ready, State.Version) is not null)
            await Commit(new ReadyWithdrawn(Audit(caller, AuditActions.ReadyWithdrawn, "Ready for finance withdrawn by the chair.")));
        return View(reader);
    }

    Task<IReadOnlyList<Decision>> IModerationGrain.Decisions() => Task.FromResult<IReadOnlyList<Decision>>(_durable.Decisions);

    async Task<Decision> IModerationGrain.GetDecision(Caller caller, int number)
    {
        var reader = await Require(caller, RoundAction.ReadModeration, RoundAction.ReadFunding);
        return number >= 1 && number <= State.Decisions.Count
            ? Disclosure.Decision(State.Decisions[number - 1], reader)
            : throw DomainException.NotFound("number", $"No decision {number} for this round.");
    }

    async Task<IReadOnlyList<Decision>> IModerationGrain.GetDecisions(Caller caller)
    {
        var reader = await Require(caller, RoundAction.ReadModeration, RoundAction.ReadFunding);
        return State.Decisions.Select(d => Disclosure.Decision(d, reader)).ToList();
    }

    async Task<CapRevision> IModerationGrain.ReviseCap(Caller caller, CapRevisionCommand command)
    {
        await Require(caller, RoundAction.ReviseCap);
        Validate.Check(new CapRevisionCommandValidator(), command);
        var cap = command.FundingCap!.Value;
        var reason = command.Reason!.Trim();

        var revision = new CapRevision(State.FundingCap, cap, reason, caller.Id, DateTimeOffset.UtcNow,
            Current.FundedTotal, Confirmation.NoLongerFit(Current, cap));
        var reopened = State.Confirmed;
        var what = $"Funding cap revised from GBP {revision.PreviousCap:N2} to GBP {cap:N2}; "
                   + (revision.NoLongerFit.Count == 0 ? "every funded scheme still fits." : $"no longer fit: {string.Join(", ", revision.NoLongerFit)}.")
                   + (reopened ? " Moderation reopened for a new decision." : "");
        await Commit(new CapRevised(revision, Audit(caller, AuditActions.CapRevised, what, reason)));
        // Told even when nothing reopened: a revision retried after a crash finds the decision
        // already reopened, and the round may not have heard (MultiGrainStep).
        await TellRound();
        return revision;
    }

    Task<IReadOnlyList<AuditEvent>> IModerationGrain.GetAudit() => Task.FromResult<IReadOnlyList<AuditEvent>>(_durable.Events);

    /// <summary>The session as this reader may see it: figures of bids they are conflicted on withheld.</summary>
    private ModerationView View(Reader reader) => new(Disclosure.List(Current, reader), State.Actions, State.Version, State.Confirmed,
        State.Decisions.Select(d => d.Number).ToList(), State.CapRevisions,
        Confirmation.Standing(State.Ready, State.Version), Confirmation.Withdrawn(State.Ready, State.Version));

    /// <summary>
    /// Members need one of the roles on this round's committee. Administrators may read, but the
    /// chair's and finance's decisions are theirs alone.
    /// </summary>
    /// <param name="actions">Any one of them will do (issue 16: decisions are read by readers of the
    /// moderation and by those who follow the decision through governance, the secretary among them);
    /// a caller allowed none is refused as for the first.</param>
    private async Task<Reader> Require(Caller caller, params RoundAction[] actions)
    {
        // Who may is RoundPolicy's; the round knows the caller's seat (null: none, told 404).
        var reader = await GrainFactory.Round(RoundId).ReaderOf(caller) ?? throw RoundPolicy.NoSuchRound(RoundId);
        if (!actions.Any(a => RoundPolicy.Allows(reader, a))) RoundPolicy.Require(reader, actions[0], RoundId);
        if (Ranking is null && (await GrainFactory.Round(RoundId).Find())?.Status >= RoundStatus.Moderation)
            // Scoring closed but the close never reached here (a crash mid-step): have the round
            // finish it, which starts this moderation, rather than answer 409 for good.
            await GrainFactory.Round(RoundId).ResumePendingSteps();
        RequireStarted();
        return reader;
    }

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

    /// <summary>The moderation trail's next audit event, for the event that records it.</summary>
    private AuditEvent Audit(Caller caller, string action, string what, string? why = null, string? bidId = null) =>
        new("moderation", State.Events.Count + 1, DateTimeOffset.UtcNow, caller.Id, action, what, why, bidId);
}
