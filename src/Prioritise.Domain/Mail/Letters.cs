using System.Globalization;
using System.Net;
using System.Text;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Mail;

/// <summary>
/// One message the service owes someone (issue 17): who it is for, what it says (a plain-text and
/// an HTML part, in the committee's words) and its <see cref="MessageId"/>, which is worked out from
/// its cause (what happened, in which round, for whom), so the same message written twice, or sent
/// again after a crash, has the same id and the outbox keeps it once.
/// </summary>
/// <param name="Kind">What caused it: <see cref="Letters.Invitation"/>, <see cref="Letters.Reminder"/>, the screening outcomes (<see cref="Letters.ApplicationReturned"/> and the others), and later outcome letters.</param>
public sealed record Letter(
    string MessageId, string Kind, string RoundId, string? MemberId,
    string To, string ToName, string Subject, string Text, string Html);

/// <summary>A bid the member will not score, and why (their own organisation, a declared interest...).</summary>
public sealed record ConflictedBid(string Title, string Reason);

/// <summary>
/// What each message says. The rules of disclosure hold here too: an invitation names the bids the
/// member is conflicted on to that member only (each letter has one recipient) and never carries
/// anyone's scores; a reminder says only how many of the member's own sheets are outstanding.
/// </summary>
public static class Letters
{
    public const string Invitation = "invitation";
    public const string Reminder = "reminder";

    /// <summary>
    /// A stable RFC 5322 Message-ID (without the angle brackets MimeKit adds) from the message's
    /// cause. Round and member ids are [A-Za-z0-9_-], so the left part is a valid dot-atom.
    /// </summary>
    public static string MessageId(string domain, string kind, string roundId, string memberId, string? occasion = null) =>
        $"{kind}{(occasion is null ? "" : "." + occasion)}.{roundId}.{memberId}@{domain}";

    /// <summary>The invitation to score, written when scoring opens.</summary>
    public static Letter InvitationToScore(
        string domain, RoundDefinition round, CommitteeSeat seat, string email, int bidsToScore,
        IReadOnlyList<ConflictedBid> conflicted, Uri roundLink, TimeZoneInfo zone)
    {
        var subject = $"Scoring is open: {round.Name}";
        var lines = new List<string>
        {
            $"Dear {seat.Name},",
            "",
            $"Scoring is now open for {round.Name}. You are asked to score {Count(bidsToScore, "bid")}.",
        };
        if (round.ScoringClosesAt is { } closes) lines.Add($"Please submit your score sheets by {When(closes, zone)}.");
        lines.Add("");
        if (conflicted.Count > 0)
        {
            lines.Add("You will not score these bids, because of a conflict of interest:");
            lines.AddRange(conflicted.Select(c => $"- {c.Title} ({c.Reason})"));
            lines.Add("");
        }
        lines.Add($"Score the bids here: {roundLink}");
        lines.Add("");
        lines.Add("Sign in with your personal key or your organisation account. Please do not forward this message.");
        return new Letter(MessageId(domain, Invitation, round.Id, seat.MemberId), Invitation, round.Id, seat.MemberId,
            email, seat.Name, subject, Plain(lines), Html(subject, lines, roundLink));
    }

    /// <summary>A reminder before the deadline to a member with sheets outstanding.</summary>
    /// <param name="occasion">Which of the configured reminders this is (part of the Message-ID).</param>
    public static Letter ReminderToScore(
        string domain, RoundDefinition round, CommitteeSeat seat, string email, int outstanding, int expected,
        string occasion, Uri roundLink, TimeZoneInfo zone)
    {
        var subject = $"Reminder: score sheets due for {round.Name}";
        var lines = new List<string>
        {
            $"Dear {seat.Name},",
            "",
            $"You have {outstanding} of {Count(expected, "score sheet")} still to submit for {round.Name}.",
        };
        if (round.ScoringClosesAt is { } closes) lines.Add($"Scoring closes at {When(closes, zone)}.");
        lines.Add("");
        lines.Add($"Score the bids here: {roundLink}");
        return new Letter(MessageId(domain, Reminder, round.Id, seat.MemberId, occasion), Reminder, round.Id, seat.MemberId,
            email, seat.Name, subject, Plain(lines), Html(subject, lines, roundLink));
    }

    public const string ApplicationReturned = "application-returned";
    public const string ApplicationRejected = "application-rejected";
    public const string ApplicationAccepted = "application-accepted";

    /// <summary>
    /// The screening outcome to the applicant (issue 17 item 5): returned for changes, rejected or
    /// accepted, with the secretary's reason and a link to the application. The Message-ID names the
    /// application and which screening step of its history this is, so a retried screening is kept
    /// once while a second return after a resubmission is a letter of its own.
    /// </summary>
    /// <param name="step">The step's number in the application's history (1-based).</param>
    public static Letter ScreeningLetter(
        string domain, RoundDefinition round, string applicationId, string? title, int step,
        string applicantId, string applicantName, string email, Applications.ScreeningOutcome outcome, string? reason, Uri link)
    {
        var named = string.IsNullOrWhiteSpace(title) ? "your application" : $"your application \"{title}\"";
        var (kind, subject, said, next) = outcome switch
        {
            Applications.ScreeningOutcome.Return => (ApplicationReturned,
                $"Your application has been returned for changes: {round.Name}",
                $"The secretary of {round.Name} has returned {named} to you for changes.",
                "Change the application and submit it again while the call is open."),
            Applications.ScreeningOutcome.Reject => (ApplicationRejected,
                $"Your application has not been accepted: {round.Name}",
                $"The secretary of {round.Name} has decided not to take {named} forward.",
                "You can still read the application and its history."),
            _ => (ApplicationAccepted,
                $"Your application has been accepted: {round.Name}",
                $"The secretary of {round.Name} has accepted {named}: it is now a bid, and the committee will score it.",
                "You can still read the application and its history."),
        };
        var lines = new List<string> { $"Dear {applicantName},", "", said };
        if (reason is { Length: > 0 }) { lines.Add(""); lines.Add("The reason given:"); lines.Add(reason); }
        lines.Add("");
        lines.Add(next);
        lines.Add($"Your application: {link}");
        return new Letter(MessageId(domain, kind, round.Id, applicantId, $"{applicationId}-{step}"), kind, round.Id, applicantId,
            email, applicantName, subject, Plain(lines), Html(subject, lines, link));
    }

    public const string OutcomeOfBid = "outcome";

    /// <summary>
    /// The outcome letter (issue 16 item 5), written when the decision is approved: funded or not,
    /// the award, the conditions, the chair's released feedback and (by the round's policy) the
    /// bid's own figures. The Message-ID names the decision and the application, so a decision
    /// approved again after a cap revision writes a letter of its own.
    /// </summary>
    public static Letter Outcome(string domain, Governance.ApplicationOutcome outcome, string roundId, string applicantId, string applicantName, string email, Uri link)
    {
        var subject = outcome.Funded ? $"Your bid has been funded: {outcome.RoundName}" : $"Your bid has not been funded: {outcome.RoundName}";
        var lines = new List<string> { $"Dear {applicantName},", "" };
        lines.AddRange(OutcomeLines(outcome));
        lines.Add("");
        lines.Add($"Your outcome, to read and download: {link}");
        return new Letter(MessageId(domain, OutcomeOfBid, roundId, applicantId, $"d{outcome.DecisionNumber}-{outcome.ApplicationId}"),
            OutcomeOfBid, roundId, applicantId, email, applicantName, subject, Plain(lines), Html(subject, lines, link));
    }

    /// <summary>What the outcome says, line by line: the letter, the applicant's page and the downloaded document all say this.</summary>
    public static IReadOnlyList<string> OutcomeLines(Governance.ApplicationOutcome o)
    {
        var approved = o.ApprovedOn is { } on ? $" on {on.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}" : "";
        var lines = new List<string>
        {
            o.Funded
                ? $"{o.RoundName}: \"{o.Title}\" is funded. {o.ApprovedBy} approved the committee's decision{approved}."
                : $"{o.RoundName}: \"{o.Title}\" is not funded. {o.ApprovedBy} approved the committee's decision{approved}.",
        };
        if (o.Funded)
            lines.Add(o.Award == o.AmountRequested
                ? $"The award is {Display.Pounds(o.Award)}, the amount you asked for."
                : $"The award is {Display.Pounds(o.Award)} of the {Display.Pounds(o.AmountRequested)} you asked for.");
        if (o.Conditions.Count > 0)
        {
            lines.Add("");
            lines.Add("The funding comes with conditions, to be met before money is released:");
            lines.AddRange(o.Conditions.Select(c => $"- {c.Text} ({c.Status.ToString().ToLowerInvariant()})"));
        }
        if (o.Scores is { } s)
        {
            lines.Add("");
            lines.Add(s.WeightedMean is { } mean
                ? $"Your bid's weighted mean score was {Display.Fixed(mean, 1)} (agreement {s.Agreement.ToLowerInvariant()}); it was placed {s.Rank} of {s.Of}."
                : $"Your bid was placed {s.Rank} of {s.Of}.");
        }
        if (o.Feedback is { Length: > 0 } feedback)
        {
            lines.Add("");
            lines.Add("The chair's feedback:");
            lines.Add(feedback);
        }
        return lines;
    }

    /// <summary>"17:00 on Friday 4 December 2026", in the committee's time zone (the invariant culture's English names: the silo runs without ICU).</summary>
    public static string When(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.ToString("HH:mm 'on' dddd d MMMM yyyy", CultureInfo.InvariantCulture);
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private static string Plain(IEnumerable<string> lines) => string.Join("\r\n", lines) + "\r\n";

    // Every value is encoded: member names, round names and bid titles are typed by people.
    private static string Html(string subject, IEnumerable<string> lines, Uri link)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(subject))
            .Append("</title></head><body style=\"font-family:Arial,sans-serif;font-size:19px;color:#0b0c0c;background:#fff\">");
        var inList = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                if (!inList) html.Append("<ul>");
                inList = true;
                html.Append("<li>").Append(WebUtility.HtmlEncode(line[2..])).Append("</li>");
                continue;
            }
            if (inList) html.Append("</ul>");
            inList = false;
            if (line.Length == 0) continue;
            var linkText = link.ToString();
            if (line.EndsWith(linkText, StringComparison.Ordinal))
                html.Append("<p>").Append(WebUtility.HtmlEncode(line[..^linkText.Length]))
                    .Append("<a href=\"").Append(WebUtility.HtmlEncode(linkText)).Append("\" style=\"color:#1d70b8\">")
                    .Append(WebUtility.HtmlEncode(linkText)).Append("</a></p>");
            else html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
        }
        if (inList) html.Append("</ul>");
        return html.Append("</body></html>").ToString();
    }
}
