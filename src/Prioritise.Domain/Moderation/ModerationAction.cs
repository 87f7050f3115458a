namespace Prioritise.Domain.Moderation;

public enum ModerationActionType { Move, Award, JointAward, Condition, Decline, SetFundingLine, Revert }

/// <summary>
/// One decision the chair took in the moderation session, with who, when and why. Actions are
/// never edited or removed: a revert is itself an action naming the one it undoes.
/// </summary>
public sealed record ModerationAction(
    string Id,
    ModerationActionType Type,
    string Actor,
    DateTimeOffset At,
    string? Reason,
    string? BidId = null,
    string? Before = null,
    string? After = null,
    decimal? Amount = null,
    IReadOnlyList<string>? BidIds = null,
    string? Text = null,
    string? AfterBidId = null,
    string? ActionId = null)
{
    /// <summary>A short sentence for the audit trail and the action history.</summary>
    public string Describe() => Type switch
    {
        ModerationActionType.Move => Before is not null ? $"Moved {BidId} before {Before}." : $"Moved {BidId} after {After}.",
        ModerationActionType.Award => $"Partial award of GBP {Amount:N2} to {BidId}.",
        ModerationActionType.JointAward => $"Joint award of GBP {Amount:N2} across {string.Join(", ", BidIds ?? [])}.",
        ModerationActionType.Condition => $"Condition on {BidId}: {Text}",
        ModerationActionType.Decline => $"Declined {BidId}.",
        ModerationActionType.SetFundingLine => AfterBidId is null ? "Funding line returned to the cap." : $"Funding line set after {AfterBidId}.",
        ModerationActionType.Revert => $"Reverted action {ActionId}.",
        _ => Type.ToString(),
    };
}

/// <summary>A moderation action as a chair sends it, before it is checked.</summary>
public sealed record ModerationCommand(
    ModerationActionType? Type,
    string? BidId,
    string? Before,
    string? After,
    decimal? Amount,
    IReadOnlyList<string>? BidIds,
    string? Text,
    string? AfterBidId,
    string? ActionId,
    string? Reason,
    long? ExpectedVersion);
