namespace Prioritise.Domain.Rounds;

/// <summary>What someone asks to do to a round (or a member's record).</summary>
public enum RoundAction
{
    /// <summary>See the round, its bids and one's own progress.</summary>
    Read,
    /// <summary>The committee with roles, conflicts and scoring progress.</summary>
    ReadCommittee,
    Appoint,
    AddBid,
    RecordConflict,
    OpenScoring,
    CloseScoring,
    /// <summary>Results and analysis (what of them: <see cref="Disclosure"/>).</summary>
    ReadResults,
    /// <summary>The scorers' totals without names, for the spread chart.</summary>
    ReadScorerTotals,
    ReadAudit,
    /// <summary>The moderated list, decisions and cap revisions.</summary>
    ReadModeration,
    Moderate,
    Confirm,
    ReviseCap,
    ScoreSheet,

    // ---- the call for bids and applications (issue 15) ----
    /// <summary>Set the round's application form.</summary>
    SetApplicationForm,
    /// <summary>Read the form in force (anyone on the round).</summary>
    ReadApplicationForm,
    /// <summary>Open or close the call for applications.</summary>
    RunCall,
    /// <summary>Start, change, submit an application and attach files to it: one's own only.</summary>
    Apply,
    /// <summary>Read applications: all of them, or (an applicant) one's own (<see cref="RoundPolicy.MayReadApplication"/>).</summary>
    ReadApplications,
    /// <summary>Accept, return or reject a submitted application.</summary>
    Screen,
}

/// <summary>
/// Who may do what: the one home of the service's permissions (docs/architecture.md). Pure: it is
/// asked with who is acting (the administrator, or a member and their seat on the round's
/// committee, null when they have none) and answers allowed, forbidden (403, with the reason) or
/// "no such round" (404) for a member with no part in the round, who learns nothing of it.
/// Grains ask it where a request enters them; pages ask <see cref="Allows"/> to decide what to show.
/// What a permitted reader then sees of the scores is <see cref="Disclosure"/>'s; in which status
/// the round must be is <see cref="RoundLifecycle"/>'s.
/// </summary>
public static class RoundPolicy
{
    /// <summary>Committee roles that may take each action; the administrator is handled first.</summary>
    private static CommitteeRole[]? Roles(RoundAction action) => action switch
    {
        RoundAction.Read or RoundAction.ReadResults => [CommitteeRole.Scorer, CommitteeRole.Chair, CommitteeRole.Finance],
        RoundAction.ReadCommittee or RoundAction.RecordConflict or RoundAction.OpenScoring or RoundAction.CloseScoring => [CommitteeRole.Chair],
        RoundAction.ReadScorerTotals or RoundAction.ReadAudit or RoundAction.ReadModeration => [CommitteeRole.Chair, CommitteeRole.Finance],
        RoundAction.Moderate => [CommitteeRole.Chair],
        RoundAction.Confirm or RoundAction.ReviseCap => [CommitteeRole.Finance],
        RoundAction.ScoreSheet => [CommitteeRole.Scorer],
        // Setting the round up is the administrator's alone.
        RoundAction.Appoint or RoundAction.AddBid => null,
        _ => ApplicationRoles(action),
    };

    // ---- the call for bids and applications (issue 15): kept apart from the rest to read on its own ----

    /// <summary>
    /// The secretary runs the form, the call and screening (the administrator may too); applicants
    /// apply (never the administrator: an application is a member's own); the secretary, the chair
    /// and applicants read applications (an applicant only their own); scorers read an application
    /// on the score sheet, once it is a bid (<see cref="Disclosure.MayReadApplication"/>).
    /// </summary>
    private static CommitteeRole[]? ApplicationRoles(RoundAction action) => action switch
    {
        RoundAction.SetApplicationForm or RoundAction.RunCall or RoundAction.Screen => [CommitteeRole.Secretary],
        RoundAction.ReadApplicationForm =>
            [CommitteeRole.Secretary, CommitteeRole.Applicant, CommitteeRole.Chair, CommitteeRole.Scorer, CommitteeRole.Finance],
        RoundAction.Apply => [CommitteeRole.Applicant],
        RoundAction.ReadApplications => [CommitteeRole.Secretary, CommitteeRole.Chair, CommitteeRole.Applicant],
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>
    /// Actions that are the committee's own judgement: the administrator may watch but not take
    /// them (the chair's moderation, finance's decision and cap, and a member's own sheet).
    /// </summary>
    private static bool CommitteeOnly(RoundAction action) =>
        action is RoundAction.Moderate or RoundAction.Confirm or RoundAction.ReviseCap or RoundAction.ScoreSheet or RoundAction.Apply;

    public static bool Allows(bool isAdmin, CommitteeSeat? seat, RoundAction action) =>
        Refusal(isAdmin, seat, action, "") is null;

    public static bool Allows(Reader reader, RoundAction action) => Allows(reader.IsAdmin, reader.Seat, action);

    /// <summary>Throws the refusal, if any: 404 for a member with no part in the round, 403 otherwise.</summary>
    public static void Require(bool isAdmin, CommitteeSeat? seat, RoundAction action, string roundId)
    {
        if (Refusal(isAdmin, seat, action, roundId) is { } refusal) throw refusal;
    }

    public static void Require(Reader reader, RoundAction action, string roundId) => Require(reader.IsAdmin, reader.Seat, action, roundId);

    private static DomainException? Refusal(bool isAdmin, CommitteeSeat? seat, RoundAction action, string roundId)
    {
        var roles = Roles(action);
        if (isAdmin)
            return CommitteeOnly(action)
                ? DomainException.Forbidden(action == RoundAction.ScoreSheet
                    ? "A member may only save their own score sheet."
                    : $"Only the committee's {Named(roles!)} may do this, not an administrator.")
                : null;
        if (seat is null) return NoSuchRound(roundId);
        if (roles is null) return DomainException.Forbidden("Only an administrator may do this.");
        if (roles.Any(seat.Has)) return null;
        return DomainException.Forbidden(action == RoundAction.ScoreSheet
            ? $"'{seat.MemberId}' is not a scorer on this round's committee."
            : $"Only the committee's {Named(roles)} may do this.");
    }

    /// <summary>
    /// Whether a reader allowed <see cref="RoundAction.ReadApplications"/> may read this one: the
    /// administrator, the secretary and the chair read every application; an applicant only their own.
    /// </summary>
    public static bool MayReadApplication(Reader reader, string applicantId) =>
        reader.IsAdmin || reader.Has(CommitteeRole.Secretary) || reader.Has(CommitteeRole.Chair) || reader.Id == applicantId;

    /// <summary>An application is changed only by the member who made it.</summary>
    public static void RequireOwnApplication(Reader reader, string applicantId)
    {
        if (reader.IsAdmin || reader.Id != applicantId)
            throw DomainException.Forbidden("An application may be changed only by the applicant who made it.");
    }

    public static DomainException NoSuchRound(string roundId) => DomainException.NotFound("roundId", $"No round '{roundId}'.");

    private static string Named(CommitteeRole[] roles) => string.Join(" or ", roles).ToLowerInvariant();

    // ---- members' own records (no round involved) ----

    /// <summary>Registering members, issuing keys and taking backups: the administrator's alone.</summary>
    public static bool MayManageMembers(bool isAdmin) => isAdmin;

    public static void RequireAdministrator(bool isAdmin)
    {
        if (!MayManageMembers(isAdmin)) throw DomainException.Forbidden("Only an administrator may do this.");
    }

    /// <summary>A member's profile: the administrator, or that member.</summary>
    public static void RequireProfileReader(bool isAdmin, string callerId, string memberId)
    {
        if (!isAdmin && callerId != memberId) throw DomainException.Forbidden("You may read only your own profile.");
    }

    /// <summary>A score sheet is its member's own, to read or write: not even an administrator's.</summary>
    public static void RequireOwnSheet(bool isAdmin, string callerId, string memberId, bool reading)
    {
        if (isAdmin || callerId != memberId)
            throw DomainException.Forbidden(reading ? "A member may only read their own score sheet." : "A member may only save their own score sheet.");
    }
}

/// <summary>In which status of a round each change may be made: the round's state machine.</summary>
public static class RoundLifecycle
{
    private static RoundStatus[] AllowedIn(RoundAction action) => action switch
    {
        RoundAction.Appoint or RoundAction.RecordConflict => [RoundStatus.Setup, RoundStatus.Scoring, RoundStatus.Moderation],
        RoundAction.AddBid => [RoundStatus.Setup, RoundStatus.Scoring],
        RoundAction.OpenScoring => [RoundStatus.Setup],
        RoundAction.CloseScoring or RoundAction.ScoreSheet => [RoundStatus.Scoring],
        // Issue 15: the form is settled before anyone applies; applications become bids until scoring closes.
        RoundAction.SetApplicationForm => [RoundStatus.Setup],
        RoundAction.RunCall or RoundAction.Apply or RoundAction.Screen => [RoundStatus.Setup, RoundStatus.Scoring],
        _ => Enum.GetValues<RoundStatus>(),
    };

    private static string Doing(RoundAction action) => action switch
    {
        RoundAction.Appoint => "appoint members",
        RoundAction.RecordConflict => "record conflicts",
        RoundAction.AddBid => "add bids",
        RoundAction.OpenScoring => "open scoring",
        RoundAction.CloseScoring => "close scoring",
        RoundAction.SetApplicationForm => "change the application form",
        RoundAction.RunCall => "open or close the call for applications",
        RoundAction.Apply => "change applications",
        RoundAction.Screen => "screen applications",
        _ => action.ToString(),
    };

    public static bool Allows(RoundStatus status, RoundAction action) => AllowedIn(action).Contains(status);

    /// <summary>409 when the round's status does not allow the change.</summary>
    public static void Require(RoundStatus status, RoundAction action)
    {
        if (Allows(status, action)) return;
        if (action == RoundAction.ScoreSheet)
            throw DomainException.Conflict("status", $"Scoring is not open: the round is in {status.ToString().ToLowerInvariant()}.");
        throw DomainException.Conflict("status", $"Cannot {Doing(action)} while the round is in {status.ToString().ToLowerInvariant()}.");
    }
}
