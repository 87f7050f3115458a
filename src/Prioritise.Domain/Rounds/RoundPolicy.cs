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
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>
    /// Actions that are the committee's own judgement: the administrator may watch but not take
    /// them (the chair's moderation, finance's decision and cap, and a member's own sheet).
    /// </summary>
    private static bool CommitteeOnly(RoundAction action) =>
        action is RoundAction.Moderate or RoundAction.Confirm or RoundAction.ReviseCap or RoundAction.ScoreSheet;

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
        _ => Enum.GetValues<RoundStatus>(),
    };

    private static string Doing(RoundAction action) => action switch
    {
        RoundAction.Appoint => "appoint members",
        RoundAction.RecordConflict => "record conflicts",
        RoundAction.AddBid => "add bids",
        RoundAction.OpenScoring => "open scoring",
        RoundAction.CloseScoring => "close scoring",
        _ => action.ToString(),
    };

    public static bool Allows(RoundStatus status, RoundAction action) => AllowedIn(action).Contains(status);

    /// <summary>409 when the round's status does not allow the change.</summary>
    public static void Require(RoundStatus status, RoundAction action)
    {
        if (Allows(status, action)) return;
        if (action == RoundAction.ScoreSheet)
            throw DomainException.Conflict("status", status == RoundStatus.Setup
                ? "Scoring has not opened yet, so sheets cannot be saved."
                : "Scoring has closed, so sheets can no longer be changed.");
        throw DomainException.Conflict("status", $"You cannot {Doing(action)} {Stage(status)}.");
    }

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
