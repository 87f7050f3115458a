using Prioritise.Domain.Audit;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Mail;

namespace Prioritise.Grains.Governance;

/// <summary>
/// An entry in a round's governance journal: one thing that happened after the decision, written
/// once, with one <c>Apply</c> on <see cref="GovernanceState"/>. Each carries its audit line, so
/// the trail never shows a change without its entry nor an entry without its change.
/// </summary>
public interface IGovernanceEvent;

/// <summary>The secretary named the bodies (in order) and the feedback policy.</summary>
[GenerateSerializer, Immutable, Alias("prioritise.governance.set")]
public sealed record GovernanceSet(
    [property: Id(0)] IReadOnlyList<GoverningBody> Bodies,
    [property: Id(1)] FeedbackPolicy FeedbackPolicy,
    [property: Id(2)] AuditEvent Event,
    [property: Id(3)] Prioritise.Domain.Reports.PaperDetails? Paper = null) : IGovernanceEvent;

/// <summary>
/// A body's resolution on decision <paramref name="Number"/>. When it approved the decision, the
/// outcome letters are owed in the same entry (<paramref name="Letters"/>; MultiGrainStep) and
/// <paramref name="Approved"/> says so in the trail.
/// </summary>
[GenerateSerializer, Immutable, Alias("prioritise.governance.resolution")]
public sealed record ResolutionRecorded(
    [property: Id(0)] int Number,
    [property: Id(1)] Resolution Resolution,
    [property: Id(2)] AuditEvent Event,
    [property: Id(3)] IReadOnlyList<Letter>? Letters = null,
    [property: Id(4)] AuditEvent? Approved = null) : IGovernanceEvent;

/// <summary>A round with no governance: finance's confirmation approved decision <paramref name="Number"/>; its letters are owed.</summary>
[GenerateSerializer, Immutable, Alias("prioritise.governance.approved-on-confirmation")]
public sealed record ApprovedOnConfirmation(
    [property: Id(0)] int Number,
    [property: Id(1)] IReadOnlyList<Letter> Letters,
    [property: Id(2)] AuditEvent Event) : IGovernanceEvent;

/// <summary>The outbox holds the letters owed (by Message-ID): the follow-up is done.</summary>
[GenerateSerializer, Immutable, Alias("prioritise.governance.letters-handed-over")]
public sealed record LettersHandedOver([property: Id(0)] int Count) : IGovernanceEvent;

[GenerateSerializer, Immutable, Alias("prioritise.governance.condition-discharged")]
public sealed record ConditionDischarged(
    [property: Id(0)] Condition Condition,
    [property: Id(1)] AuditEvent Event) : IGovernanceEvent;

[GenerateSerializer, Immutable, Alias("prioritise.governance.funds-released")]
public sealed record FundsReleased(
    [property: Id(0)] Release Release,
    [property: Id(1)] AuditEvent Event) : IGovernanceEvent;

[GenerateSerializer, Immutable, Alias("prioritise.governance.return-filed")]
public sealed record ReturnFiled(
    [property: Id(0)] MonitoringReturn Return,
    [property: Id(1)] AuditEvent Event) : IGovernanceEvent;

[GenerateSerializer, Immutable, Alias("prioritise.governance.feedback-written")]
public sealed record FeedbackWritten(
    [property: Id(0)] BidFeedback Feedback,
    [property: Id(1)] AuditEvent Event) : IGovernanceEvent;
