namespace Prioritise.Domain.Moderation;

/// <summary>
/// Finance's confirmation of the funded cut-off: the moderated list frozen as it stood, numbered,
/// never changed afterwards. A later cap revision leads to a new decision; this one stays readable.
/// </summary>
public sealed record Decision(
    int Number,
    DateTimeOffset ConfirmedAt,
    string ConfirmedBy,
    decimal FundingCap,
    decimal FundedTotal,
    decimal Headroom,
    decimal OverCommitment,
    bool OverCommitmentAccepted,
    string? Reason,
    string? FundingLineAfter,
    IReadOnlyList<ModeratedRow> Rows,
    int ActionsConsidered);

public sealed record ConfirmCommand(bool? AcceptOverCommitment, string? Reason, long? ExpectedVersion);

public sealed record CapRevisionCommand(decimal? FundingCap, string? Reason);

/// <summary>What a revised pot means for the funded list: which schemes, from the bottom up, no longer fit.</summary>
public sealed record CapRevision(
    decimal PreviousCap,
    decimal FundingCap,
    string Reason,
    string RevisedBy,
    DateTimeOffset RevisedAt,
    decimal FundedTotal,
    IReadOnlyList<string> NoLongerFit);

public static class Confirmation
{
    public static Decision Confirm(ModeratedList list, int number, string actor, DateTimeOffset at, ConfirmCommand command, int actions)
    {
        // The reason's form was checked where the command entered the grain (ConfirmCommandValidator).
        var reason = command.Reason?.Trim();
        if (list.OverCommitment > 0)
        {
            if (command.AcceptOverCommitment != true)
                throw DomainException.Conflict("acceptOverCommitment",
                    $"The funded total of {Display.Pounds(list.FundedTotal)} is over the cap of {Display.Pounds(list.FundingCap)} by {Display.Pounds(list.OverCommitment)}: confirm only by accepting the over-commitment, with a reason.");
            if (string.IsNullOrEmpty(reason))
                throw DomainException.Invalid("reason", "Accepting an over-commitment needs a reason.");
        }
        return new Decision(number, at, actor, list.FundingCap, list.FundedTotal, list.Headroom, list.OverCommitment,
            list.OverCommitment > 0, string.IsNullOrEmpty(reason) ? null : reason, list.FundingLineAfter, list.Rows, actions);
    }

    /// <summary>
    /// Walks the funded rows from the bottom up, dropping schemes (a joint group as one) until the
    /// rest fit the new cap.
    /// </summary>
    public static IReadOnlyList<string> NoLongerFit(ModeratedList list, decimal newCap)
    {
        var funded = list.Rows.Where(r => r.Funded).ToList();
        var total = funded.Sum(r => r.Award);
        var dropped = new List<string>();
        var i = funded.Count - 1;
        while (i >= 0 && total > newCap)
        {
            var group = funded[i].JointGroup;
            do
            {
                total -= funded[i].Award;
                dropped.Add(funded[i].Result.BidId);
                i--;
            } while (group is not null && i >= 0 && funded[i].JointGroup == group);
        }
        return dropped;
    }
}
