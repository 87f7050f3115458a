using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Reports;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;
using Prioritise.Grains.Storage;

namespace Prioritise.Grains.Governance;

/// <summary>
/// A round after finance's decision (issue 16): holds the governance journal, orders requests and
/// asks the domain (<see cref="GovernanceRules"/>, <see cref="ConditionRules"/>, <see cref="FundingRules"/>,
/// <see cref="OutcomeRules"/>). The decisions are the moderation's, read from its durable state;
/// who may is <see cref="RoundPolicy"/>'s. A decision's status is never stored: it is worked out
/// from the bodies, the resolutions and whether a later decision exists, so it cannot drift.
/// </summary>
public sealed partial class GovernanceGrain(IEventJournal journal, Orleans.Serialization.Serializer<IGovernanceEvent> serializer)
    : Grain, IGovernanceGrain
{
    private GovernanceState _state = new();
    private GrainJournal<IGovernanceEvent> _journal = null!;
    private string? _roundId;
    private string RoundId => _roundId ??= GrainKeys.Parts(this.GetPrimaryKeyString())[1];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _journal = new GrainJournal<IGovernanceEvent>(journal, serializer, this, "governance/" + this.GetPrimaryKeyString());
        _state = await _journal.Replay(new GovernanceState(), (state, entry) => state.Apply(entry));
        // Letters written but not yet in the outbox (a crash after the write that owed them).
        if (_state.MailOwed.Count > 0)
            this.RegisterGrainTimer(_ => HandOverMail(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Writes the event, then moves memory on: memory holds what replaying the journal gives.</summary>
    private async Task Commit(IGovernanceEvent entry)
    {
        var next = _state.Apply(entry);
        await _journal.Append(entry);
        _state = next;
    }

    /// <summary>Who is asking, the round as it stands and its decisions (the last is the one in force).</summary>
    private sealed record Context(Reader Reader, RoundView Round, IReadOnlyList<Decision> Decisions)
    {
        public Decision? InForce => Decisions.Count == 0 ? null : Decisions[^1];
    }

    private async Task<Context> Require(Caller caller, params RoundAction[] actions)
    {
        var round = GrainFactory.Round(RoundId);
        var reader = await round.ReaderOf(caller) ?? throw RoundPolicy.NoSuchRound(RoundId);
        if (!actions.Any(a => RoundPolicy.Allows(reader, a))) RoundPolicy.Require(reader, actions[0], RoundId);
        var view = (await round.Find())!;
        var decisions = view.Status >= RoundStatus.Moderation ? await GrainFactory.Moderation(RoundId).Decisions() : [];
        return new Context(reader, view, decisions);
    }

    private DecisionStatus StatusOf(Context c, int number) =>
        GovernanceRules.Status(_state.Bodies, _state.ResolutionsOf(number), number < c.Decisions.Count);

    private DecisionStanding Standing(Context c, int number)
    {
        var status = StatusOf(c, number);
        var resolutions = _state.ResolutionsOf(number);
        return new DecisionStanding(number, status, _state.Bodies, resolutions,
            status == DecisionStatus.Confirmed ? GovernanceRules.Next(_state.Bodies, resolutions) : null);
    }

    private static Decision Numbered(Context c, int number) =>
        number >= 1 && number <= c.Decisions.Count ? c.Decisions[number - 1]
            : throw DomainException.NotFound("number", $"No decision {number} for this round.");

    private static Decision InForce(Context c) =>
        c.InForce ?? throw DomainException.Conflict("status", "Finance has not confirmed a decision for this round yet.");

    private GovernanceView View(Context c) =>
        new(_state.Bodies, _state.FeedbackPolicy, c.Decisions.Select(d => Standing(c, d.Number)).ToList(), _state.Paper);

    async Task<GovernanceView> IGovernanceGrain.Get(Caller caller) => View(await Require(caller, RoundAction.ReadFunding));

    async Task<GovernanceView> IGovernanceGrain.Set(Caller caller, SetGovernance command)
    {
        var c = await Require(caller, RoundAction.SetGovernance);
        Validate.Check(new SetGovernanceValidator(), command);
        var bodies = command.Bodies!.Select(b => b.ToBody()).ToList();
        GovernanceRules.CheckChange(bodies, c.InForce is { } d ? _state.ResolutionsOf(d.Number) : [], c.InForce is { } f ? StatusOf(c, f.Number) : null);
        var policy = command.FeedbackPolicy ?? _state.FeedbackPolicy;
        var what = bodies.Count == 0
            ? "Governance set: no bodies; finance's confirmation approves the decision."
            : $"Governance set: {string.Join(", then ", bodies.Select(b => $"{b.Name} ({(b.Power == BodyPower.Approve ? "approves" : "endorses")})"))}.";
        await Commit(new GovernanceSet(bodies, policy, Audit(caller, AuditActions.GovernanceSet, $"{what} Feedback policy: {Words(policy)}."),
            command.Paper ?? _state.Paper));
        return View(c);
    }

    async Task<DecisionStanding> IGovernanceGrain.Resolve(Caller caller, int number, RecordResolution command)
    {
        var c = await Require(caller, RoundAction.RecordResolution);
        Validate.Check(new RecordResolutionValidator(), command);
        var decision = Numbered(c, number);
        var before = _state.ResolutionsOf(number);
        GovernanceRules.Check(_state.Bodies, before, number < c.Decisions.Count, command.BodyId!, command.Outcome!.Value);
        var body = _state.Bodies.First(b => b.Id == command.BodyId);
        var resolution = new Resolution(body.Id, command.Outcome.Value, command.MeetingDate!.Value, Trimmed(command.MinuteRef), Trimmed(command.Note),
            caller.Id, DateTimeOffset.UtcNow);
        var after = before.Add(resolution);
        var approved = GovernanceRules.Status(_state.Bodies, after, false) == DecisionStatus.Approved;
        var recorded = Audit(caller, AuditActions.ResolutionRecorded,
            $"{body.Name} {Words(resolution.Outcome)} decision {number} on {resolution.MeetingDate:d MMMM yyyy}{(resolution.MinuteRef is { } m ? $" (minute {m})" : "")}.",
            resolution.Note);
        // The outcome letters are owed in the same entry as the approval (MultiGrainStep).
        var letters = approved && !_state.Lettered.Contains(number) ? await OutcomeLetters(c, decision, after) : null;
        await Commit(new ResolutionRecorded(number, resolution, recorded, letters, approved
            ? recorded with { Sequence = recorded.Sequence + 1, Action = AuditActions.DecisionApproved, What = $"Decision {number} approved by {body.Name}.", Why = null }
            : null));
        await HandOverMail();
        return Standing(c, number);
    }

    async Task<DecisionStanding> IGovernanceGrain.Standing(Caller caller, int number)
    {
        // Every reader of the moderation (the chair, finance) also reads the money and the governance.
        var c = await Require(caller, RoundAction.ReadFunding);
        return Standing(c, Numbered(c, number).Number);
    }

    async Task IGovernanceGrain.DecisionConfirmed(Decision decision)
    {
        if (_state.Bodies.Count == 0 && !_state.Lettered.Contains(decision.Number))
        {
            var round = await GrainFactory.Round(RoundId).Find();
            var c = new Context(Reader.Administrator(MultiGrainStep.System.Id), round!, [decision]);
            var letters = await OutcomeLetters(c, decision, []);
            // A round without applications owes no letters, and its trail reads as in v1.
            if (letters.Count > 0)
                await Commit(new ApprovedOnConfirmation(decision.Number, letters, Audit(MultiGrainStep.System, AuditActions.DecisionApproved,
                    $"Decision {decision.Number} approved when finance confirmed it: the round names no bodies for it to pass through.")));
        }
        await HandOverMail();
    }

    Task<IReadOnlyList<AuditEvent>> IGovernanceGrain.GetAudit() => Task.FromResult<IReadOnlyList<AuditEvent>>(_state.Events);

    private AuditEvent Audit(Caller caller, string action, string what, string? why = null, string? bidId = null) =>
        new("governance", _state.Events.Count + 1, DateTimeOffset.UtcNow, caller.Id, action, what, why, bidId);

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Words(ResolutionOutcome outcome) => outcome.ToString().ToLowerInvariant();

    private static string Words(FeedbackPolicy policy) =>
        policy == FeedbackPolicy.WithScores ? "applicants see their bid's mean, band and rank" : "applicants see their outcome and feedback only";
}
