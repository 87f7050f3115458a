namespace Prioritise.Domain.Audit;

/// <summary>
/// (issue 14) A reader's filter over the audit trail they may see (<see cref="Rounds.Disclosure.Audit"/>
/// decides what that is; this only narrows it): by bid, by member (who acted, or whose sheet or
/// seat it was) and by kind (the event's action). Each entry keeps its place in the whole trail,
/// so "entry 41" means the same filtered or not.
/// </summary>
public sealed record AuditFilter(string? BidId = null, string? MemberId = null, string? Kind = null)
{
    public bool IsEmpty => BidId is null && MemberId is null && Kind is null;

    public bool Matches(AuditEvent e) =>
        (BidId is null || e.BidId == BidId)
        && (MemberId is null || e.Actor == MemberId || e.MemberId == MemberId)
        && (Kind is null || e.Action == Kind);

    /// <summary>The entries that match, each with its position (from 1) in the whole trail.</summary>
    public IReadOnlyList<(int Position, AuditEvent Event)> Apply(IReadOnlyList<AuditEvent> trail) =>
        trail.Select((e, i) => (Position: i + 1, Event: e)).Where(p => Matches(p.Event)).ToList();

    /// <summary>A kind of event in the committee's words, for the filter's choices and the page.</summary>
    public static string KindName(string action) => action switch
    {
        AuditActions.RoundCreated => "Round created",
        AuditActions.MemberAppointed => "Member appointed",
        AuditActions.BidAdded => "Bid added",
        AuditActions.ConflictRecorded => "Conflict recorded",
        AuditActions.ScoringOpened => "Scoring opened",
        AuditActions.ScoringClosed => "Scoring closed",
        AuditActions.SheetSubmitted => "Score sheet submitted",
        AuditActions.SheetReplaced => "Score sheet replaced",
        AuditActions.DraftSaved => "Draft saved",
        AuditActions.ModerationStarted => "Moderation started",
        AuditActions.ModerationAction => "Moderation action",
        AuditActions.DecisionConfirmed => "Decision confirmed",
        AuditActions.CapRevised => "Cap revised",
        AuditActions.ModerationReopened => "Moderation reopened",
        AuditActions.ReadyForFinance => "Marked ready for finance",
        AuditActions.ReadyWithdrawn => "Ready mark withdrawn",
        // Kinds added later read as their name until given words here.
        _ => action,
    };
}
