namespace Prioritise.Domain.Audit;

/// <summary>
/// An immutable record of one change to a round: who, when, what and why. Events are appended,
/// never edited; a replaced sheet or a reverted action is a new event, so nothing is erased.
/// </summary>
/// <param name="Source">Which part of the round wrote it ("round", or "bid:{bidId}" for sheets), with
/// <paramref name="Sequence"/> a gap-free counter within that source.</param>
public sealed record AuditEvent(
    string Source,
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string Action,
    string What,
    string? Why = null,
    string? BidId = null,
    string? MemberId = null);

/// <summary>
/// The service's own actors in the audit trail, beside members (who act under their ids). Members
/// may not take these ids (<see cref="Ids.ReservedForMembers"/>), so an entry by one of them is
/// always the service or its administrator, and reads so unmistakably.
/// </summary>
public static class AuditActors
{
    public const string Administrator = "admin";
    public const string CommandLine = "cli";
    public const string SeedLoader = "seed";
    public const string Service = "system";

    public static readonly IReadOnlyList<string> All = [Administrator, CommandLine, SeedLoader, Service];

    /// <summary>"administrator", "service" or "member".</summary>
    public static string Kind(string actor) => actor switch
    {
        Administrator or CommandLine => "administrator",
        SeedLoader or Service => "service",
        _ => "member",
    };

    /// <summary>How the trail names the actor to a reader: the service's actors in words, a member by their name when known.</summary>
    public static string Label(string actor, Func<string, string?>? memberName = null) => actor switch
    {
        Administrator => "Administrator (admin key)",
        CommandLine => "Administrator (command-line tool)",
        SeedLoader => "Seed loader (the service)",
        Service => "The service",
        _ => memberName?.Invoke(actor) ?? actor,
    };
}

public static class AuditActions
{
    public const string RoundCreated = "roundCreated";
    public const string MemberAppointed = "memberAppointed";
    public const string BidAdded = "bidAdded";
    public const string ConflictRecorded = "conflictRecorded";
    public const string ScoringOpened = "scoringOpened";
    public const string ScoringClosed = "scoringClosed";
    public const string SheetSubmitted = "sheetSubmitted";
    public const string SheetReplaced = "sheetReplaced";
    public const string DraftSaved = "draftSaved";
    public const string ModerationStarted = "moderationStarted";
    public const string ModerationAction = "moderationAction";
    public const string DecisionConfirmed = "decisionConfirmed";
    public const string CapRevised = "capRevised";
    public const string ModerationReopened = "moderationReopened";
    // Corrections (issue 14): each with its reason.
    public const string RoundCorrected = "roundCorrected";
    public const string BidCorrected = "bidCorrected";
    public const string BidWithdrawn = "bidWithdrawn";
    public const string SeatRemoved = "seatRemoved";
    public const string RegisterCorrected = "registerCorrected";
    /// <summary>(issue 14) The chair marked the moderated list ready for finance, or the mark was withdrawn.</summary>
    public const string ReadyForFinance = "readyForFinance";
    public const string ReadyWithdrawn = "readyWithdrawn";

    // The call for bids and applications (issue 15).
    public const string ApplicationFormSet = "applicationFormSet";
    public const string CallOpened = "callOpened";
    public const string CallClosed = "callClosed";
    public const string ApplicationStarted = "applicationStarted";
    public const string ApplicationSaved = "applicationSaved";
    public const string ApplicationSubmitted = "applicationSubmitted";
    public const string ApplicationReturned = "applicationReturned";
    public const string ApplicationAccepted = "applicationAccepted";
    public const string ApplicationRejected = "applicationRejected";
    public const string AttachmentAdded = "attachmentAdded";
    // After the decision (issue 16).
    public const string GovernanceSet = "governanceSet";
    public const string ResolutionRecorded = "resolutionRecorded";
    public const string DecisionApproved = "decisionApproved";
    public const string ConditionDischarged = "conditionDischarged";
    public const string FundsReleased = "fundsReleased";
    public const string ReturnFiled = "returnFiled";
    public const string FeedbackWritten = "feedbackWritten";

    /// <summary>
    /// Appends the next event of one source's trail, numbered without gaps, at <paramref name="at"/>
    /// (now when not given: a replayed journal entry gives the time it was first written).
    /// </summary>
    public static System.Collections.Immutable.ImmutableList<AuditEvent> Append(
        this System.Collections.Immutable.ImmutableList<AuditEvent> trail, string source, string actor, string action,
        string what, string? why = null, string? bidId = null, string? memberId = null, DateTimeOffset? at = null) =>
        trail.Add(new AuditEvent(source, trail.Count + 1, at ?? DateTimeOffset.UtcNow, actor, action, what, why, bidId, memberId));

    /// <summary>Stable total order for a round's trail assembled from several sources.</summary>
    public static IReadOnlyList<AuditEvent> Merge(IEnumerable<AuditEvent> events) =>
        events.OrderBy(e => e.At).ThenBy(e => e.Source == "round" ? 0 : 1)
              .ThenBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Sequence).ToList();
}
