using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Reports;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;

namespace Prioritise.Grains.Governance;

/// <summary>Conditions, releases, returns, feedback, outcomes and the paper (issue 16 items 3 to 6).</summary>
public sealed partial class GovernanceGrain
{
    /// <summary>
    /// The conditions of the decision in force, each as discharged. A condition a later decision
    /// keeps (the same bid, the same words) keeps its discharge: a cap revision does not make the
    /// scheme prove again what it already proved.
    /// </summary>
    private IReadOnlyList<Condition> ConditionsOf(Decision? decision)
    {
        if (decision is null) return [];
        return ConditionRules.Of(decision).Select(c =>
            _state.Discharged.GetValueOrDefault(c.Id) is { } done ? done
            : _state.Discharged.Values.Where(d => d.BidId == c.BidId && d.Text == c.Text).OrderBy(d => d.DecidedAt).LastOrDefault() is { } earlier
                ? earlier with { Id = c.Id }
                : c).ToList();
    }

    async Task<IReadOnlyList<Condition>> IGovernanceGrain.Conditions(Caller caller) =>
        ConditionsOf((await Require(caller, RoundAction.ReadFunding, RoundAction.DischargeCondition)).InForce);

    async Task<Condition> IGovernanceGrain.Discharge(Caller caller, string conditionId, DischargeCondition command)
    {
        var c = await Require(caller, RoundAction.DischargeCondition);
        Validate.Check(new DischargeConditionValidator(), command);
        var condition = ConditionsOf(c.InForce).FirstOrDefault(x => x.Id == conditionId)
            ?? throw DomainException.NotFound("conditionId", $"No condition '{conditionId}' on the decision in force.");
        var done = ConditionRules.Discharge(condition, command.Outcome!.Value, command.Evidence, command.Reason, caller.Id, DateTimeOffset.UtcNow);
        var title = Title(c, condition.BidId);
        var what = done.Status == ConditionStatus.Met
            ? $"Condition on '{title}' met: {condition.Text} Evidence: {done.Evidence}"
            : $"Condition on '{title}' waived: {condition.Text}";
        await Commit(new ConditionDischarged(done, Audit(caller, AuditActions.ConditionDischarged, what, done.Reason, condition.BidId)));
        return done;
    }

    async Task<Release> IGovernanceGrain.Release(Caller caller, ReleaseFunds command)
    {
        var c = await Require(caller, RoundAction.ReleaseFunds);
        Validate.Check(new ReleaseFundsValidator(), command);
        var decision = InForce(c);
        FundingRules.CheckRelease(decision, StatusOf(c, decision.Number), ConditionsOf(decision), _state.Releases, command.BidId!, command.Amount!.Value);
        var release = new Release($"rel{_state.Releases.Count + 1}", command.BidId!, command.Amount.Value, Trimmed(command.Reason) ?? "",
            caller.Id, DateTimeOffset.UtcNow);
        var total = _state.Releases.Where(r => r.BidId == release.BidId).Sum(r => r.Amount) + release.Amount;
        await Commit(new FundsReleased(release, Audit(caller, AuditActions.FundsReleased,
            $"{Display.Pounds(release.Amount)} released to '{Title(c, release.BidId)}' under decision {decision.Number}; {Display.Pounds(total)} released so far.",
            Trimmed(command.Reason), release.BidId)));
        return release;
    }

    async Task<FundingView> IGovernanceGrain.Funding(Caller caller)
    {
        var c = await Require(caller, RoundAction.ReadFunding);
        if (c.InForce is not { } decision)
            return new FundingView(null, null, new FundingPosition(c.Round.Definition.FundingCap, []), [], _state.Releases, _state.Returns);
        var conditions = ConditionsOf(decision);
        return new FundingView(decision.Number, StatusOf(c, decision.Number),
            FundingRules.Position(decision, conditions, _state.Releases, _state.Returns), conditions, _state.Releases, _state.Returns);
    }

    async Task<MonitoringReturn> IGovernanceGrain.FileReturn(Caller caller, string bidId, FileReturn command)
    {
        var c = await Require(caller, RoundAction.FileReturn);
        Validate.Check(new FileReturnValidator(), command);
        var applicants = await GrainFactory.Round(RoundId).ApplicantsOfBids();
        if (applicants.GetValueOrDefault(bidId) != caller.Id)
            throw DomainException.Forbidden("You may file returns only for a scheme made from your own application.");
        var decision = InForce(c);
        if (StatusOf(c, decision.Number) != DecisionStatus.Approved || decision.Rows.FirstOrDefault(r => r.Result.BidId == bidId) is not { Funded: true })
            throw DomainException.Conflict("bidId", "Returns are filed for funded schemes, once the decision is approved.");
        var filed = new MonitoringReturn(bidId, command.Period!.Trim(), command.Spent!.Value, Trimmed(command.Note),
            command.Metrics ?? new Dictionary<string, decimal>(), caller.Id, DateTimeOffset.UtcNow);
        await Commit(new ReturnFiled(filed, Audit(caller, AuditActions.ReturnFiled,
            $"Monitoring return for '{Title(c, bidId)}', {filed.Period}: {Display.Pounds(filed.Spent)} spent"
            + (filed.Metrics.Count == 0 ? "." : $"; {string.Join(", ", filed.Metrics.Select(m => $"{m.Key} {m.Value:0.##}"))}."),
            filed.Note, bidId)));
        return filed;
    }

    async Task<IReadOnlyList<MonitoringReturn>> IGovernanceGrain.Returns(Caller caller, string bidId)
    {
        await Require(caller, RoundAction.FileReturn);
        var applicants = await GrainFactory.Round(RoundId).ApplicantsOfBids();
        if (applicants.GetValueOrDefault(bidId) != caller.Id)
            throw DomainException.Forbidden("You may read returns only for a scheme made from your own application.");
        return _state.Returns.Where(r => r.BidId == bidId).ToList();
    }

    async Task<BidFeedback> IGovernanceGrain.WriteFeedback(Caller caller, string bidId, WriteFeedback command)
    {
        var c = await Require(caller, RoundAction.WriteFeedback);
        Validate.Check(new WriteFeedbackValidator(), command);
        if (InForce(c).Rows.All(r => r.Result.BidId != bidId))
            throw DomainException.NotFound("bidId", $"No bid '{bidId}' on the decision in force.");
        var feedback = new BidFeedback(bidId, command.Text!.Trim(), command.Release == true, caller.Id, DateTimeOffset.UtcNow);
        await Commit(new FeedbackWritten(feedback, Audit(caller, AuditActions.FeedbackWritten,
            $"Feedback for '{Title(c, bidId)}' {(feedback.Released ? "written and released to the applicant" : "written (not released)")}.", null, bidId)));
        return feedback;
    }

    async Task<IReadOnlyList<BidFeedback>> IGovernanceGrain.Feedback(Caller caller)
    {
        await Require(caller, RoundAction.WriteFeedback, RoundAction.ReadFunding);
        return _state.Feedback.Values.OrderBy(f => f.BidId, StringComparer.Ordinal).ToList();
    }

    async Task<ApplicationOutcome> IGovernanceGrain.Outcome(Caller caller, string applicationId)
    {
        var c = await Require(caller, RoundAction.ReadOutcome);
        var applicants = await GrainFactory.Round(RoundId).ApplicantsOfBids();
        if (!applicants.TryGetValue(applicationId, out var applicant))
            throw DomainException.NotFound("applicationId", "This application did not become a bid on the committee's list.");
        if (!RoundPolicy.MayReadApplication(c.Reader, applicant))
            throw DomainException.Forbidden("You may read only your own application's outcome.");
        var decision = InForce(c);
        return OutcomeOf(c, decision, applicationId, StatusOf(c, decision.Number), _state.ResolutionsOf(decision.Number));
    }

    private ApplicationOutcome OutcomeOf(Context c, Decision decision, string applicationId, DecisionStatus status, IReadOnlyList<Resolution> resolutions) =>
        OutcomeRules.For(applicationId, applicationId, c.Round.Definition.Name, decision, status, _state.Bodies, resolutions,
            ConditionsOf(decision), _state.Feedback.GetValueOrDefault(applicationId), _state.FeedbackPolicy);

    async Task<BoardPaper> IGovernanceGrain.Paper(Caller caller, int number)
    {
        var c = await Require(caller, RoundAction.ReadPaper);
        var decision = Disclosure.Decision(Numbered(c, number), c.Reader);
        // The paper shows the committee that decided, by organisation: applicants are not its members.
        var seats = (await GrainFactory.Round(RoundId).Seats()).Where(s => s.Roles.Any(r => r != CommitteeRole.Applicant)).ToList();
        return BoardPaper.For(_state.Paper, c.Round.Definition, seats, decision, BoardTable.From(c.Round.Definition.Name, decision));
    }

    private static string Title(Context c, string bidId) =>
        c.InForce?.Rows.FirstOrDefault(r => r.Result.BidId == bidId)?.Result.Title ?? bidId;
}
