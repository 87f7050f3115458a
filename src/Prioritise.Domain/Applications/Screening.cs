namespace Prioritise.Domain.Applications;

/// <summary>Where an application stands, from the applicant's draft to the secretary's screening.</summary>
public enum ApplicationStatus
{
    Draft,
    Submitted,
    /// <summary>Sent back by the secretary with a reason; the applicant changes it and submits again.</summary>
    Returned,
    /// <summary>Screened in: the round has a bid made from it.</summary>
    Accepted,
    /// <summary>Screened out, with a reason. Final.</summary>
    Rejected,
    /// <summary>Taken back by its applicant before screening ended. Final.</summary>
    Withdrawn,
}

/// <summary>What someone asks to do to an application.</summary>
public enum ApplicationAction { Edit, Attach, Submit, Withdraw, Accept, Return, Reject }

public enum ScreeningOutcome { Accept, Return, Reject }

/// <summary>One step of the application's history: who did what, when and why.</summary>
public sealed record ScreeningStep(ApplicationStatus Became, string By, DateTimeOffset At, string? Reason);

/// <summary>
/// The application's state machine: which action each status allows and what it leads to. The
/// only way an application changes status; a refusal is 409 in the committee's words.
/// </summary>
public static class ApplicationLifecycle
{
    public static ApplicationAction ActionOf(ScreeningOutcome outcome) => outcome switch
    {
        ScreeningOutcome.Accept => ApplicationAction.Accept,
        ScreeningOutcome.Return => ApplicationAction.Return,
        ScreeningOutcome.Reject => ApplicationAction.Reject,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>The status an allowed action leads to (editing and attaching leave it as it is); null when not allowed.</summary>
    public static ApplicationStatus? Next(ApplicationStatus status, ApplicationAction action) => (status, action) switch
    {
        (ApplicationStatus.Draft or ApplicationStatus.Returned, ApplicationAction.Edit or ApplicationAction.Attach) => status,
        (ApplicationStatus.Draft or ApplicationStatus.Returned, ApplicationAction.Submit) => ApplicationStatus.Submitted,
        (ApplicationStatus.Draft or ApplicationStatus.Submitted or ApplicationStatus.Returned, ApplicationAction.Withdraw) => ApplicationStatus.Withdrawn,
        (ApplicationStatus.Submitted, ApplicationAction.Accept) => ApplicationStatus.Accepted,
        (ApplicationStatus.Submitted, ApplicationAction.Return) => ApplicationStatus.Returned,
        (ApplicationStatus.Submitted, ApplicationAction.Reject) => ApplicationStatus.Rejected,
        _ => null,
    };

    public static bool Allows(ApplicationStatus status, ApplicationAction action) => Next(status, action) is not null;

    /// <summary>The next status, or 409 saying why the action cannot be taken now.</summary>
    public static ApplicationStatus Require(ApplicationStatus status, ApplicationAction action) =>
        Next(status, action) ?? throw DomainException.Conflict("status", Refusal(status, action));

    /// <summary>Returning and rejecting must say why: the applicant reads the reason.</summary>
    public static bool NeedsReason(ApplicationAction action) => action is ApplicationAction.Return or ApplicationAction.Reject;

    private static string Refusal(ApplicationStatus status, ApplicationAction action)
    {
        var now = status switch
        {
            ApplicationStatus.Draft => "it is still a draft",
            ApplicationStatus.Submitted => "it has been submitted and is waiting to be screened",
            ApplicationStatus.Returned => "it has been returned to the applicant",
            ApplicationStatus.Accepted => "it has been accepted",
            ApplicationStatus.Rejected => "it has been rejected",
            ApplicationStatus.Withdrawn => "it has been withdrawn",
            _ => status.ToString(),
        };
        var doing = action switch
        {
            ApplicationAction.Edit => "be changed",
            ApplicationAction.Attach => "take attachments",
            ApplicationAction.Submit => "be submitted",
            ApplicationAction.Withdraw => "be withdrawn",
            ApplicationAction.Accept => "be accepted",
            ApplicationAction.Return => "be returned",
            ApplicationAction.Reject => "be rejected",
            _ => action.ToString(),
        };
        return $"The application cannot {doing}: {now}.";
    }
}

/// <summary>The call for applications: open or closed, with the date it says it closes.</summary>
public sealed record CallForBids(bool Open, DateTimeOffset? ClosesAt)
{
    public static readonly CallForBids NotOpened = new(false, null);

    /// <summary>
    /// Whether a new application may be started or one submitted now: while the call is open and
    /// before its closing date. A returned application may be resubmitted after the call has
    /// closed: the secretary asked for the change.
    /// </summary>
    public bool Takes(DateTimeOffset now, bool resubmission = false) =>
        resubmission || (Open && (ClosesAt is null || now < ClosesAt));

    public void RequireTaking(DateTimeOffset now, bool resubmission = false)
    {
        if (Takes(now, resubmission)) return;
        throw DomainException.Conflict("call", !Open
            ? "The call for applications is not open."
            : $"The call for applications closed on {ClosesAt!.Value.UtcDateTime.ToString("d MMMM yyyy 'at' HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)}.");
    }
}
