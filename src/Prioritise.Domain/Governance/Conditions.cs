using Prioritise.Domain.Moderation;

namespace Prioritise.Domain.Governance;

public enum ConditionStatus { Open, Met, Waived }

public enum DischargeOutcome { Met, Waived }

/// <summary>
/// A condition of a decision as a thing to discharge before money moves: open until the chair or
/// finance records it met (with the evidence) or waived (with the reason).
/// </summary>
public sealed record Condition(
    string Id,
    string BidId,
    string Text,
    ConditionStatus Status = ConditionStatus.Open,
    string? Evidence = null,
    string? Reason = null,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null);

public static class ConditionRules
{
    /// <summary>
    /// The decision's conditions, one per bid and condition: a condition set on a joint award is
    /// one for each bid in it, because each scheme discharges its own. Ids are stable: the decision's
    /// number, the bid and the condition's place on that bid ("d1-send-1").
    /// </summary>
    public static IReadOnlyList<Condition> Of(Decision decision) =>
        decision.Rows
            .SelectMany(row => row.Conditions.Select((text, i) =>
                new Condition($"d{decision.Number}-{row.Result.BidId}-{i + 1}", row.Result.BidId, text)))
            .ToList();

    /// <summary>The condition discharged, or a refusal (nothing changes).</summary>
    public static Condition Discharge(Condition condition, DischargeOutcome outcome, string? evidence, string? reason, string by, DateTimeOffset at)
    {
        if (condition.Status != ConditionStatus.Open)
            throw DomainException.Conflict("status",
                $"This condition was already {(condition.Status == ConditionStatus.Met ? "met" : "waived")} on {condition.DecidedAt:d MMMM yyyy}.");
        evidence = string.IsNullOrWhiteSpace(evidence) ? null : evidence.Trim();
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (outcome == DischargeOutcome.Met && evidence is null)
            throw DomainException.Invalid("evidence", "Say what shows the condition is met (the assurance received, a document, a minute).");
        if (outcome == DischargeOutcome.Waived && reason is null)
            throw DomainException.Invalid("reason", "Say why the condition is waived.");
        return condition with
        {
            Status = outcome == DischargeOutcome.Met ? ConditionStatus.Met : ConditionStatus.Waived,
            Evidence = evidence,
            Reason = reason,
            DecidedBy = by,
            DecidedAt = at,
        };
    }
}
