using Prioritise.Domain.Mail;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Tests;

/// <summary>Issue 17: what the messages say, when reminders are due, who a provider's sign-in is.</summary>
public sealed class MailTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly DateTimeOffset Deadline = new(2026, 12, 4, 17, 0, 0, TimeSpan.Zero);
    private static readonly ReminderSchedule Schedule = ReminderSchedule.Parse(["-2.00:00:00", "morning"], new TimeOnly(8, 0));

    [Fact]
    public void Two_days_before_and_the_morning_of_the_deadline()
    {
        var moments = Schedule.Moments(Deadline, London);
        Assert.Equal([("before-2d", new DateTimeOffset(2026, 12, 2, 17, 0, 0, TimeSpan.Zero)), ("morning", new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero))], moments);
        Assert.Null(Schedule.Due(new DateTimeOffset(2026, 12, 2, 16, 59, 59, TimeSpan.Zero), Deadline, London));
        Assert.Equal("before-2d", Schedule.Due(new DateTimeOffset(2026, 12, 2, 17, 0, 0, TimeSpan.Zero), Deadline, London));
        Assert.Equal("before-2d", Schedule.Due(new DateTimeOffset(2026, 12, 4, 7, 59, 0, TimeSpan.Zero), Deadline, London));
        Assert.Equal("morning", Schedule.Due(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero), Deadline, London));
        Assert.Null(Schedule.Due(Deadline, Deadline, London));
    }

    [Fact]
    public void Morning_is_London_time_in_summer_and_never_after_the_deadline()
    {
        // 30 June 2027 12:00 BST = 11:00Z; its morning is 08:00 BST = 07:00Z.
        var summer = new DateTimeOffset(2027, 6, 30, 11, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2027, 6, 30, 7, 0, 0, TimeSpan.Zero), Schedule.Moments(summer, London).Single(m => m.Occasion == "morning").At);
        // A deadline at 07:30 London: the morning (08:00) would be after it, so there is none.
        var early = new DateTimeOffset(2026, 12, 4, 7, 30, 0, TimeSpan.Zero);
        Assert.DoesNotContain(Schedule.Moments(early, London), m => m.Occasion == "morning");
    }

    [Theory]
    [InlineData("2.00:00:00")]
    [InlineData("evening")]
    [InlineData("")]
    public void A_reminder_time_that_is_not_understood_is_refused_naming_it(string entry)
    {
        var e = Assert.Throws<FormatException>(() => ReminderSchedule.Parse([entry], new TimeOnly(8, 0)));
        Assert.Contains($"'{entry}'", e.Message);
        Assert.Contains("Prioritise:Mail:Reminders", e.Message);
    }

    [Fact]
    public void An_invitation_names_the_round_deadline_link_and_only_this_members_conflicts()
    {
        var round = new RoundDefinition("pic-2026", "Planned care <2026>", 1_000_000m, ScoreScale.Default, [new Criterion("impact", "Impact", 1m)],
            AgreementBands.Default, FundingLinePolicy.StopAtFirstMiss, Deadline);
        var seat = new CommitteeSeat("alice", "Alice Ng", "Hackney Council", [], [CommitteeRole.Scorer]);
        var letter = Letters.InvitationToScore("prioritise.example.org", round, seat, "alice@example.org", 3,
            [new ConflictedBid("Falls & frailty", "sponsored by your own organisation")], new Uri("https://prioritise.example.org/rounds/pic-2026"), London);

        Assert.Equal("invitation.pic-2026.alice@prioritise.example.org", letter.MessageId);
        Assert.Equal("Scoring is open: Planned care <2026>", letter.Subject);
        Assert.Contains("You are asked to score 3 bids.", letter.Text);
        Assert.Contains("by 17:00 on Friday 4 December 2026", letter.Text);
        Assert.Contains("- Falls & frailty (sponsored by your own organisation)", letter.Text);
        Assert.Contains("https://prioritise.example.org/rounds/pic-2026", letter.Text);
        // The HTML part encodes what people typed, and links the page.
        Assert.Contains("Planned care &lt;2026&gt;", letter.Html);
        Assert.Contains("<li>Falls &amp; frailty (sponsored by your own organisation)</li>", letter.Html);
        Assert.Contains("<a href=\"https://prioritise.example.org/rounds/pic-2026\"", letter.Html);
    }

    [Fact]
    public void A_provider_sign_in_is_matched_by_subject_or_once_by_verified_email()
    {
        var recorded = new MemberProfile("alice", "Alice", "Org", [], Email: "Alice@Example.org");
        var linked = recorded with { ExternalId = "sub-1" };

        // Found by subject once linked, whatever the email says.
        Assert.Equal((linked, false), IdentityMatch.Find("sub-1", linked, "other@example.org", false, null));
        // The first time: by the recorded email, case aside, only when the provider verified it; then linked.
        Assert.Equal((recorded, true), IdentityMatch.Find("sub-1", null, "alice@example.org", true, recorded));
        Assert.Null(IdentityMatch.Find("sub-1", null, "alice@example.org", false, recorded));
        // Once only: a member linked to another subject is not taken over by a matching email.
        Assert.Null(IdentityMatch.Find("sub-2", null, "alice@example.org", true, linked));
        // Nobody known: no one, and no account.
        Assert.Null(IdentityMatch.Find("sub-3", null, "stranger@example.org", true, null));
        Assert.Null(IdentityMatch.Find("", null, "alice@example.org", true, recorded));
    }
}
