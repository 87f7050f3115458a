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

/// <param name="ModerationVersion">(issue 14) The moderation's version the confirming reader was shown; when given
/// and not the session's version, the confirmation is refused (<see cref="Confirmation.RequireReady"/>).
/// Left out of the idempotency fingerprint when not given, so a v1 body fingerprints as it did.</param>
public sealed record ConfirmCommand(bool? AcceptOverCommitment, string? Reason, long? ExpectedVersion,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    long? ModerationVersion = null);

/// <summary>
/// (issue 14) The chair's word that the moderated list is the one finance should confirm: who,
/// when, and the moderation's version it was given at. It stands only while the version is that
/// one: any later change of the list (an action, an explicit withdrawal) leaves it behind.
/// </summary>
public sealed record ReadyMark(string By, DateTimeOffset At, long Version, string? Note);

/// <summary>(issue 14) The chair marks the session ready for finance, with an optional note.</summary>
public sealed record ReadyCommand(string? Note);

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

    /// <summary>(issue 14) The chair's mark as it stands now: given, and nothing has changed since (null otherwise).</summary>
    public static ReadyMark? Standing(ReadyMark? mark, long version) => mark is not null && mark.Version == version ? mark : null;

    /// <summary>
    /// (issue 14) Whether the chair marked the list ready and then changed it (or withdrew the mark):
    /// the chair is mid-change. A session never marked is not withdrawn.
    /// </summary>
    public static bool Withdrawn(ReadyMark? mark, long version) => mark is not null && mark.Version != version;

    /// <summary>
    /// (issue 14) Whether finance may confirm the list as it stands. The v1 contract lets finance
    /// confirm a session the chair never marked (acceptance checks and the seed loader do), so only
    /// a mark given and then withdrawn refuses: the chair is still changing the list. A confirming
    /// reader who says which version they were shown is refused if it is no longer the session's.
    /// </summary>
    public static void RequireReady(ReadyMark? mark, long version, long? moderationVersion)
    {
        if (Withdrawn(mark, version))
            throw DomainException.Conflict("readyForFinance",
                "The chair is still changing the list: it was marked ready for finance, then changed. Ask the chair to mark it ready again.");
        if (moderationVersion is { } shown && shown != version)
            throw DomainException.Conflict("moderationVersion",
                "The list has changed since it was shown to you. Read it again before confirming.");
    }

    /// <summary>
    /// (issue 14) The chair's mark, given at the version the marking itself moves the session to
    /// (<paramref name="version"/> + 1); null when a mark already stands, so marking again changes nothing.
    /// </summary>
    public static ReadyMark? MarkReady(ReadyMark? mark, long version, string actor, DateTimeOffset at, ReadyCommand command)
    {
        if (Standing(mark, version) is not null) return null;
        var note = command.Note?.Trim();
        return new ReadyMark(actor, at, version + 1, string.IsNullOrEmpty(note) ? null : note);
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

/// <summary>(issue 14) One bid's award in two decisions (null where it was not funded).</summary>
public sealed record AwardChange(string BidId, string Title, decimal? Before, decimal? After);

/// <summary>
/// (issue 14) What changed from one decision to a later one (after a cap revision): the cap, the
/// funded total, the bids newly out of and newly in the funded list, and the awards that changed
/// for bids funded in both, each in the later decision's order (newly out: the earlier one's).
/// </summary>
public sealed record DecisionChanges(
    int Earlier,
    int Later,
    decimal CapBefore,
    decimal CapAfter,
    decimal FundedBefore,
    decimal FundedAfter,
    IReadOnlyList<AwardChange> NoLongerFunded,
    IReadOnlyList<AwardChange> NewlyFunded,
    IReadOnlyList<AwardChange> AwardsChanged)
{
    public bool Nothing => CapBefore == CapAfter && NoLongerFunded.Count == 0 && NewlyFunded.Count == 0 && AwardsChanged.Count == 0;

    public static DecisionChanges Between(Decision earlier, Decision later)
    {
        var before = earlier.Rows.Where(r => r.Funded).ToDictionary(r => r.Result.BidId, StringComparer.Ordinal);
        var after = later.Rows.Where(r => r.Funded).ToDictionary(r => r.Result.BidId, StringComparer.Ordinal);
        return new DecisionChanges(earlier.Number, later.Number, earlier.FundingCap, later.FundingCap, earlier.FundedTotal, later.FundedTotal,
            earlier.Rows.Where(r => r.Funded && !after.ContainsKey(r.Result.BidId))
                .Select(r => new AwardChange(r.Result.BidId, r.Result.Title, r.Award, null)).ToList(),
            later.Rows.Where(r => r.Funded && !before.ContainsKey(r.Result.BidId))
                .Select(r => new AwardChange(r.Result.BidId, r.Result.Title, null, r.Award)).ToList(),
            later.Rows.Where(r => r.Funded && before.TryGetValue(r.Result.BidId, out var b) && b.Award != r.Award)
                .Select(r => new AwardChange(r.Result.BidId, r.Result.Title, before[r.Result.BidId].Award, r.Award)).ToList());
    }
}
