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
    /// <summary>Correct the round's definition (issue 14; what may change when: <see cref="Corrections"/>).</summary>
    Correct,
    /// <summary>Correct a bid's details (issue 14).</summary>
    CorrectBid,
    /// <summary>Withdraw a bid: kept, marked withdrawn, out of the results (issue 14).</summary>
    WithdrawBid,
    /// <summary>Take a member off the committee (issue 14).</summary>
    RemoveSeat,

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

    // ---- after the decision (issue 16) ----
    /// <summary>Name the bodies the decision passes through, and the feedback policy.</summary>
    SetGovernance,
    /// <summary>Record a body's resolution on a decision, from its minutes.</summary>
    RecordResolution,
    /// <summary>The decision's way through governance, its conditions and the money: award, released, spent.</summary>
    ReadFunding,
    /// <summary>Record a condition met (with evidence) or waived (with a reason).</summary>
    DischargeCondition,
    /// <summary>Record money released to a funded scheme.</summary>
    ReleaseFunds,
    /// <summary>File a funded scheme's monitoring return: its own applicant only.</summary>
    FileReturn,
    /// <summary>Write and release the feedback an applicant reads with their outcome.</summary>
    WriteFeedback,
    /// <summary>Read one's own application's outcome, once the decision is approved.</summary>
    ReadOutcome,
    /// <summary>The board paper of a decision.</summary>
    ReadPaper,
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
    /// <remarks>
    /// The secretary (issue 14) sets the round up and corrects it: the committee, bids, conflicts
    /// and corrections, and reads the committee, the audit and, like the rest of the committee,
    /// the results once scoring has closed (<see cref="Disclosure"/> decides the figures; the
    /// comments and named calibration stay the chair's and finance's). They never score, open or
    /// close scoring, moderate or decide, unless they also hold that role.
    /// </remarks>
    private static CommitteeRole[] Roles(RoundAction action) => action switch
    {
        RoundAction.Read or RoundAction.ReadResults => [CommitteeRole.Scorer, CommitteeRole.Chair, CommitteeRole.Finance, CommitteeRole.Secretary],
        RoundAction.ReadCommittee or RoundAction.RecordConflict => [CommitteeRole.Chair, CommitteeRole.Secretary],
        RoundAction.OpenScoring or RoundAction.CloseScoring => [CommitteeRole.Chair],
        RoundAction.ReadAudit => [CommitteeRole.Chair, CommitteeRole.Finance, CommitteeRole.Secretary],
        RoundAction.ReadScorerTotals or RoundAction.ReadModeration => [CommitteeRole.Chair, CommitteeRole.Finance],
        RoundAction.Moderate => [CommitteeRole.Chair],
        RoundAction.Confirm or RoundAction.ReviseCap => [CommitteeRole.Finance],
        RoundAction.ScoreSheet => [CommitteeRole.Scorer],
        // Setting the round up and correcting it: the secretary's (and the administrator's).
        RoundAction.Appoint or RoundAction.AddBid or RoundAction.Correct or RoundAction.CorrectBid
            or RoundAction.WithdrawBid or RoundAction.RemoveSeat => [CommitteeRole.Secretary],
        _ => ApplicationRoles(action),
    };

    // ---- the call for bids and applications (issue 15): kept apart from the rest to read on its own ----

    /// <summary>
    /// The secretary runs the form, the call and screening (the administrator may too); applicants
    /// apply (never the administrator: an application is a member's own); the secretary, the chair
    /// and applicants read applications (an applicant only their own); scorers read an application
    /// on the score sheet, once it is a bid (<see cref="Disclosure.MayReadApplication"/>).
    /// </summary>
    private static CommitteeRole[] ApplicationRoles(RoundAction action) => action switch
    {
        RoundAction.SetApplicationForm or RoundAction.RunCall or RoundAction.Screen => [CommitteeRole.Secretary],
        RoundAction.ReadApplicationForm =>
            [CommitteeRole.Secretary, CommitteeRole.Applicant, CommitteeRole.Chair, CommitteeRole.Scorer, CommitteeRole.Finance],
        RoundAction.Apply => [CommitteeRole.Applicant],
        RoundAction.ReadApplications => [CommitteeRole.Secretary, CommitteeRole.Chair, CommitteeRole.Applicant],
        _ => AfterDecisionRoles(action),
    };

    // ---- after the decision (issue 16) ----

    /// <summary>
    /// The secretary records governance from the minutes; the chair and finance discharge
    /// conditions; finance alone releases money; the chair writes feedback; applicants file their
    /// scheme's returns and read their own outcome (which is theirs: <see cref="Disclosure.MayReadApplication"/>
    /// decides whose). The chair, finance and the secretary read the money and the paper.
    /// </summary>
    private static CommitteeRole[] AfterDecisionRoles(RoundAction action) => action switch
    {
        RoundAction.SetGovernance or RoundAction.RecordResolution => [CommitteeRole.Secretary],
        RoundAction.ReadFunding or RoundAction.ReadPaper => [CommitteeRole.Chair, CommitteeRole.Finance, CommitteeRole.Secretary],
        RoundAction.DischargeCondition => [CommitteeRole.Chair, CommitteeRole.Finance],
        RoundAction.ReleaseFunds => [CommitteeRole.Finance],
        RoundAction.WriteFeedback => [CommitteeRole.Chair],
        RoundAction.FileReturn or RoundAction.ReadOutcome => [CommitteeRole.Applicant],
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>
    /// Actions that are the committee's own judgement: the administrator may watch but not take
    /// them (the chair's moderation, finance's decision and cap, and a member's own sheet).
    /// </summary>
    private static bool CommitteeOnly(RoundAction action) =>
        action is RoundAction.Moderate or RoundAction.Confirm or RoundAction.ReviseCap or RoundAction.ScoreSheet or RoundAction.Apply
            // Issue 16: discharging a condition, releasing money and feedback are the committee's; returns and outcomes the applicant's.
            or RoundAction.DischargeCondition or RoundAction.ReleaseFunds or RoundAction.WriteFeedback
            or RoundAction.FileReturn or RoundAction.ReadOutcome;

    public static bool Allows(bool isAdmin, CommitteeSeat? seat, RoundAction action) =>
        Refusal(isAdmin, false, seat, action, "") is null;

    /// <param name="isSecretary">The organisation-wide secretary (<c>Caller.IsSecretary</c>): the
    /// secretary's permissions on every round, seated or not.</param>
    public static bool Allows(bool isAdmin, bool isSecretary, CommitteeSeat? seat, RoundAction action) =>
        Refusal(isAdmin, isSecretary, seat, action, "") is null;

    public static bool Allows(Reader reader, RoundAction action) => Allows(reader.IsAdmin, reader.IsOrganisationSecretary, reader.Seat, action);

    /// <summary>Throws the refusal, if any: 404 for a member with no part in the round, 403 otherwise.</summary>
    public static void Require(bool isAdmin, CommitteeSeat? seat, RoundAction action, string roundId) =>
        Require(isAdmin, false, seat, action, roundId);

    public static void Require(bool isAdmin, bool isSecretary, CommitteeSeat? seat, RoundAction action, string roundId)
    {
        if (Refusal(isAdmin, isSecretary, seat, action, roundId) is { } refusal) throw refusal;
    }

    public static void Require(Reader reader, RoundAction action, string roundId) =>
        Require(reader.IsAdmin, reader.IsOrganisationSecretary, reader.Seat, action, roundId);

    private static DomainException? Refusal(bool isAdmin, bool isSecretary, CommitteeSeat? seat, RoundAction action, string roundId)
    {
        var roles = Roles(action);
        if (isAdmin)
            return CommitteeOnly(action)
                ? DomainException.Forbidden(action == RoundAction.ScoreSheet
                    ? "A member may only save their own score sheet."
                    : $"Only the committee's {Named(roles)} may do this, not an administrator.")
                : null;
        // The organisation-wide secretary has a part in every round: never told it does not exist.
        if (seat is null && !isSecretary) return NoSuchRound(roundId);
        if (roles.Any(role => seat?.Has(role) == true || (isSecretary && role == CommitteeRole.Secretary))) return null;
        return DomainException.Forbidden(action == RoundAction.ScoreSheet
            ? seat is null ? "You are not a scorer on this round's committee." : $"'{seat.MemberId}' is not a scorer on this round's committee."
            : $"Only the committee's {Named(roles)} may do this.");
    }

    /// <summary>
    /// Whether a reader allowed <see cref="RoundAction.ReadApplications"/> may read this one: the
    /// administrator, the secretary and the chair read every application; an applicant only their own.
    /// </summary>
    public static bool MayReadApplication(Reader reader, string applicantId) =>
        reader.IsAdmin || reader.IsOrganisationSecretary || reader.Has(CommitteeRole.Secretary) || reader.Has(CommitteeRole.Chair) || reader.Id == applicantId;

    /// <summary>An application is changed only by the member who made it.</summary>
    public static void RequireOwnApplication(Reader reader, string applicantId)
    {
        if (reader.IsAdmin || reader.Id != applicantId)
            throw DomainException.Forbidden("An application may be changed only by the applicant who made it.");
    }

    public static DomainException NoSuchRound(string roundId) => DomainException.NotFound("roundId", $"No round '{roundId}'.");

    private static string Named(CommitteeRole[] roles) => string.Join(" or ", roles).ToLowerInvariant();

    // ---- members' own records and the set-up of rounds (no round involved) ----

    /// <summary>
    /// Registering members, issuing their keys and creating rounds: the administrator, and the
    /// organisation-wide secretary the administrator appointed (issue 14).
    /// </summary>
    public static bool MayManageMembers(bool isAdmin, bool isSecretary = false) => isAdmin || isSecretary;

    public static void RequireSecretaryOrAdministrator(bool isAdmin, bool isSecretary)
    {
        if (!MayManageMembers(isAdmin, isSecretary))
            throw DomainException.Forbidden("Only the committee secretary or an administrator may do this.");
    }

    /// <summary>
    /// A new personal key: the administrator for anyone; the organisation's secretary for any
    /// member but another secretary, since a key is the member's whole identity.
    /// </summary>
    public static void RequireKeyIssuer(bool isAdmin, string callerId, string memberId, bool memberIsSecretary)
    {
        if (!isAdmin && memberIsSecretary && callerId != memberId)
            throw DomainException.Forbidden("Only an administrator may issue a key to another committee secretary.");
    }

    /// <summary>Backups, and granting the organisation-wide secretary role: the administrator's alone.</summary>
    public static void RequireAdministrator(bool isAdmin)
    {
        if (!isAdmin) throw DomainException.Forbidden("Only an administrator may do this.");
    }

    /// <summary>Every round, listed: the administrator and the organisation-wide secretary (who act on every round).</summary>
    public static bool SeesEveryRound(bool isAdmin, bool isSecretary) => isAdmin || isSecretary;

    /// <summary>A member's profile: the administrator, the organisation-wide secretary, or that member.</summary>
    public static void RequireProfileReader(bool isAdmin, string callerId, string memberId) =>
        RequireProfileReader(isAdmin, false, callerId, memberId);

    public static void RequireProfileReader(bool isAdmin, bool isSecretary, string callerId, string memberId)
    {
        if (!isAdmin && !isSecretary && callerId != memberId) throw DomainException.Forbidden("You may read only your own profile.");
    }

    /// <summary>A member's email: the administrator, the organisation-wide secretary, and the member themselves.</summary>
    public static bool MaySeeEmail(bool isAdmin, bool isSecretary, string callerId, string memberId) =>
        isAdmin || isSecretary || callerId == memberId;

    /// <summary>
    /// Correcting a member's record (name, organisation, email, register of interests): the
    /// administrator and the organisation-wide secretary; the secretary role itself only the administrator.
    /// </summary>
    public static void RequireMemberCorrection(bool isAdmin, bool isSecretary, bool changesSecretaryRole)
    {
        RequireSecretaryOrAdministrator(isAdmin, isSecretary);
        if (changesSecretaryRole && !isAdmin)
            throw DomainException.Forbidden("Only an administrator may appoint or remove the committee secretary.");
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
        // Issue 14: what of the round or bid may change in each status is Corrections' (field by field).
        RoundAction.Correct => [RoundStatus.Setup, RoundStatus.Scoring, RoundStatus.Moderation],
        RoundAction.CorrectBid or RoundAction.WithdrawBid or RoundAction.RemoveSeat => [RoundStatus.Setup, RoundStatus.Scoring],
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

    /// <summary>The corrections' rules in the committee's words (issue 14); what of them may change field by field is <see cref="Corrections"/>'.</summary>
    private static string? Correcting(RoundAction action) => action switch
    {
        RoundAction.Correct => "A round can be corrected until its decision is confirmed.",
        RoundAction.CorrectBid => "A bid can be corrected only until scoring closes.",
        RoundAction.WithdrawBid => "A bid can be withdrawn only until scoring closes; after that the chair may decline it in moderation.",
        RoundAction.RemoveSeat => "A member can be taken off the committee only until scoring closes.",
        _ => null,
    };

    public static bool Allows(RoundStatus status, RoundAction action) => AllowedIn(action).Contains(status);

    /// <summary>Why the round's status does not allow the change, in the words <see cref="Require"/> refuses with; null when it does (pages show a form read-only with this).</summary>
    public static string? WhyNot(RoundStatus status, RoundAction action)
    {
        try { Require(status, action); return null; }
        catch (DomainException e) { return e.Message; }
    }

    /// <summary>409 when the round's status does not allow the change.</summary>
    public static void Require(RoundStatus status, RoundAction action)
    {
        if (Allows(status, action)) return;
        if (action == RoundAction.ScoreSheet)
            throw DomainException.Conflict("status", status == RoundStatus.Setup
                ? "Scoring has not opened yet, so sheets cannot be saved."
                : "Scoring has closed, so sheets can no longer be changed.");
        if (Correcting(action) is { } rule)
            throw DomainException.Conflict("status", $"{rule} The round is {Corrections.InWords(status)}.");
        throw DomainException.Conflict("status", $"You cannot {Doing(action)} {Stage(status)}.");
    }

    /// <summary>
    /// The same rules for a round that may have no scoring (issue 16). A round without scoring never
    /// opens scoring and takes no sheets; closing scoring is how its chair starts moderation, from
    /// setup, where its accepted applications already stand as bids. A scored round is as above.
    /// </summary>
    public static bool Allows(RoundStatus status, RoundAction action, ScoringMode scoring) =>
        scoring == ScoringMode.Scored ? Allows(status, action) : action switch
        {
            RoundAction.OpenScoring or RoundAction.ScoreSheet => false,
            RoundAction.CloseScoring => status == RoundStatus.Setup,
            _ => Allows(status, action),
        };

    /// <summary>Why not (<see cref="Allows(RoundStatus, RoundAction, ScoringMode)"/>), in the words <see cref="Require(RoundStatus, RoundAction, ScoringMode)"/> refuses with; null when allowed.</summary>
    public static string? WhyNot(RoundStatus status, RoundAction action, ScoringMode scoring)
    {
        try { Require(status, action, scoring); return null; }
        catch (DomainException e) { return e.Message; }
    }

    /// <summary>409 when the round's status, or its having no scoring, does not allow the change.</summary>
    public static void Require(RoundStatus status, RoundAction action, ScoringMode scoring)
    {
        if (Allows(status, action, scoring)) return;
        if (scoring == ScoringMode.None)
        {
            switch (action)
            {
                case RoundAction.OpenScoring:
                    throw DomainException.Conflict("status", NoScoring);
                case RoundAction.ScoreSheet:
                    throw DomainException.Conflict("status", "This round has no scoring, so there are no score sheets to save.");
                case RoundAction.CloseScoring:
                    throw DomainException.Conflict("status", status == RoundStatus.Confirmed
                        ? "Moderation is over: the decision is confirmed."
                        : "Moderation has already started: the chair is moderating the list.");
            }
        }
        Require(status, action);
    }

    /// <summary>The refusal of open-scoring on a round without scoring, naming the way on.</summary>
    public const string NoScoring =
        "This round has no scoring: the chair moderates its accepted applications directly; start moderation with close-scoring.";

    /// <summary>Where the round is, in the committee's words (not "the round is in confirmed").</summary>
    private static string Stage(RoundStatus status) => status switch
    {
        RoundStatus.Setup => "while the round is being set up",
        RoundStatus.Scoring => "while scoring is open",
        RoundStatus.Moderation => "once scoring has closed",
        RoundStatus.Confirmed => "once the decision is confirmed",
        _ => "now",
    };
}
