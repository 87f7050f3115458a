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
    /// <summary>A short sentence for the audit trail: bids named by their ids.</summary>
    public string Describe() => Describe(id => id);

    /// <summary>
    /// A short sentence for the action history, each bid the action refers to (its bid, the bid it
    /// moved before or after, a joint award's bids, the bid the line is set after) named by
    /// <paramref name="nameOf"/>. The chair's free text (a condition) is written as it was typed.
    /// </summary>
    public string Describe(Func<string, string> nameOf)
    {
        string Bid(string? id) => id is null ? "" : nameOf(id);
        return Type switch
        {
            ModerationActionType.Move => Before is not null ? $"Moved {Bid(BidId)} before {Bid(Before)}." : $"Moved {Bid(BidId)} after {Bid(After)}.",
            ModerationActionType.Award => $"Partial award of GBP {Amount:N2} to {Bid(BidId)}.",
            ModerationActionType.JointAward => $"Joint award of GBP {Amount:N2} across {string.Join(", ", (BidIds ?? []).Select(Bid))}.",
            ModerationActionType.Condition => $"Condition on {Bid(BidId)}: {Text}",
            ModerationActionType.Decline => $"Declined {Bid(BidId)}.",
            ModerationActionType.SetFundingLine => AfterBidId is null ? "Funding line returned to the cap." : $"Funding line set after {Bid(AfterBidId)}.",
            ModerationActionType.Revert => $"Reverted action {ActionId}.",
            _ => Type.ToString(),
        };
    }
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
