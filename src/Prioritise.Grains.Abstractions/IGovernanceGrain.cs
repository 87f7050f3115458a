using Orleans.Concurrency;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Validation;

namespace Prioritise.Grains;

/// <summary>
/// What happens to a round after finance's decision (issue 16; docs/api.md "After the decision"),
/// key <c>governance/{r}</c>: the bodies the decision passes through and their resolutions, the
/// conditions' discharge, releases of money, monitoring returns, the chair's feedback and the
/// outcome letters. The decisions themselves stay the moderation's; this grain reads them.
/// </summary>
public interface IGovernanceGrain : IGrainWithStringKey
{
    Task<GovernanceView> Get(Caller caller);
    /// <summary>Names (or renames) the bodies, in order, until a decision is approved.</summary>
    Task<GovernanceView> Set(Caller caller, SetGovernance command);
    Task<DecisionStanding> Resolve(Caller caller, int number, RecordResolution command);
    /// <summary>Where decision <paramref name="number"/> stands; for readers of decisions or of the money.</summary>
    Task<DecisionStanding> Standing(Caller caller, int number);
    /// <summary>The conditions of the decision in force, each open, met or waived.</summary>
    Task<IReadOnlyList<Condition>> Conditions(Caller caller);
    Task<Condition> Discharge(Caller caller, string conditionId, DischargeCondition command);
    Task<Release> Release(Caller caller, ReleaseFunds command);
    Task<FundingView> Funding(Caller caller);
    Task<MonitoringReturn> FileReturn(Caller caller, string bidId, FileReturn command);
    /// <summary>The returns filed for one scheme, for its own applicant (the outcome page lists them).</summary>
    Task<IReadOnlyList<MonitoringReturn>> Returns(Caller caller, string bidId);
    Task<BidFeedback> WriteFeedback(Caller caller, string bidId, WriteFeedback command);
    /// <summary>The chair's feedback on every bid (the chair and the secretary).</summary>
    Task<IReadOnlyList<BidFeedback>> Feedback(Caller caller);
    Task<ApplicationOutcome> Outcome(Caller caller, string applicationId);
    /// <summary>The board paper of decision <paramref name="number"/>, as this reader may see its figures.</summary>
    Task<Prioritise.Domain.Reports.BoardPaper> Paper(Caller caller, int number);

    /// <summary>
    /// The moderation's follow-up of a confirmation (MultiGrainStep): a round with no governance has
    /// its decision approved now, and its outcome letters are owed. Idempotent. Reads nothing of the
    /// moderation, so the moderation may wait on it.
    /// </summary>
    Task DecisionConfirmed(Decision decision);

    /// <summary>The grain's audit events, for the round's trail; durable state only.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<AuditEvent>> GetAudit();
}

[GenerateSerializer, Immutable]
public sealed record DecisionStanding(
    [property: Id(0)] int Number,
    [property: Id(1)] DecisionStatus Status,
    [property: Id(2)] IReadOnlyList<GoverningBody> Bodies,
    [property: Id(3)] IReadOnlyList<Resolution> Resolutions,
    [property: Id(4)] GoverningBody? Next);

[GenerateSerializer, Immutable]
public sealed record GovernanceView(
    [property: Id(0)] IReadOnlyList<GoverningBody> Bodies,
    [property: Id(1)] FeedbackPolicy FeedbackPolicy,
    [property: Id(2)] IReadOnlyList<DecisionStanding> Decisions,
    [property: Id(3)] Prioritise.Domain.Reports.PaperDetails? Paper = null);

/// <summary>The money of the decision in force (null before any decision), with every release and return.</summary>
[GenerateSerializer, Immutable]
public sealed record FundingView(
    [property: Id(0)] int? DecisionNumber,
    [property: Id(1)] DecisionStatus? Status,
    [property: Id(2)] FundingPosition Position,
    [property: Id(3)] IReadOnlyList<Condition> Conditions,
    [property: Id(4)] IReadOnlyList<Release> Releases,
    [property: Id(5)] IReadOnlyList<MonitoringReturn> Returns);
