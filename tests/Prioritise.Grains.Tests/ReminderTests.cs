using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prioritise.Domain;
using Prioritise.Domain.Mail;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Grains.Mail;
using Prioritise.Grains.Security;

namespace Prioritise.Grains.Tests;

/// <summary>
/// Reminders before scoringClosesAt (issue 17), driven by a test clock (FakeTimeProvider), not by
/// waiting: only members with sheets outstanding, at the configured times, each once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReminderTests(ClusterFixture fixture)
{
    // Friday 4 December 2026, 17:00 in London (GMT in December, so 17:00Z).
    private static readonly DateTimeOffset Deadline = new(2026, 12, 4, 17, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo London = MailSettings.Zone("Europe/London");

    [Fact]
    public async Task Reminders_go_to_members_with_sheets_outstanding_at_the_configured_times_once_each()
    {
        var s = new Scenario(fixture.Client);
        var definition = Scenario.Definition(s.RoundId, 100_000m, ("impact", 1m)) with { ScoringClosesAt = Deadline };
        await s.Round.Create(Caller.Admin, definition.ToCommand());
        var done = await Register(s, "done", "done@example.org");
        var behind = await Register(s, "behind", "behind@example.org");
        var noEmail = await Register(s, "noemail", null);
        foreach (var m in new[] { done, behind, noEmail })
            await s.Round.Appoint(Caller.Admin, m, new AppointMember([CommitteeRole.Scorer]));
        await s.AddBid("b1", "Falls service", 10_000m);
        await s.AddBid("b2", "Stop smoking", 20_000m);
        await s.Round.OpenScoring(Caller.Admin);
        await s.Submit(done, "b1", ("impact", 7));
        await s.Submit(done, "b2", ("impact", 5));
        await s.Submit(behind, "b1", ("impact", 6)); // one of two: still outstanding

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var service = new ReminderService(fixture.Client, ReminderSchedule.Parse(["-2.00:00:00", "morning"], new TimeOnly(8, 0)),
            MailSettings.Default, clock, TimeSpan.FromMinutes(1), NullLogger<ReminderService>.Instance);

        // Three days before: nothing is due.
        Assert.Equal(0, await service.CheckOnce());
        // A minute before two days before (Wednesday 2 December 16:59Z): still nothing.
        clock.SetUtcNow(Deadline - TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await service.CheckOnce());
        // Two days before: one reminder, to the member with a sheet outstanding who has an email.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await service.CheckOnce());
        var twoDays = Letters.MessageId(MailSettings.Default.MessageIdDomain, Letters.Reminder, s.RoundId, behind, "before-2d");
        Assert.True(await fixture.Client.Outbox().Has(twoDays));
        Assert.False(await fixture.Client.Outbox().Has(Letters.MessageId(MailSettings.Default.MessageIdDomain, Letters.Reminder, s.RoundId, done, "before-2d")));
        var count = await Count(s.RoundId);
        // Checking again, an hour later, hands the same letter over; the outbox keeps it once.
        clock.Advance(TimeSpan.FromHours(1));
        await service.CheckOnce();
        Assert.Equal(count, await Count(s.RoundId));

        // The morning of the deadline: 08:00 in London on Friday 4 December (08:00Z in winter).
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 7, 59, 0, TimeSpan.Zero));
        await service.CheckOnce();
        Assert.Equal(count, await Count(s.RoundId));
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await service.CheckOnce());
        Assert.True(await fixture.Client.Outbox().Has(
            Letters.MessageId(MailSettings.Default.MessageIdDomain, Letters.Reminder, s.RoundId, behind, "morning")));
        Assert.Equal(count + 1, await Count(s.RoundId));

        // The behind member catches up, and the deadline passes: nothing more.
        await s.Submit(behind, "b2", ("impact", 4));
        clock.SetUtcNow(Deadline);
        Assert.Equal(0, await service.CheckOnce());

        var reminders = (await fixture.Client.Outbox().List(Caller.Admin)).Where(e => e.Letter.RoundId == s.RoundId && e.Letter.Kind == Letters.Reminder).ToList();
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, r => Assert.Equal("behind@example.org", r.Letter.To));
        // "1 of 2 score sheets", the deadline in the committee's words, and the link to the round.
        Assert.Contains("You have 1 of 2 score sheets still to submit", reminders[0].Letter.Text);
        Assert.Contains("17:00 on Friday 4 December 2026", reminders[0].Letter.Text);
        Assert.Contains($"http://localhost:5080/rounds/{s.RoundId}", reminders[0].Letter.Text);
    }

    [Fact]
    public async Task The_reminder_service_runs_on_the_clock_it_is_given()
    {
        var s = new Scenario(fixture.Client);
        var definition = Scenario.Definition(s.RoundId, 100_000m, ("impact", 1m)) with { ScoringClosesAt = Deadline };
        await s.Round.Create(Caller.Admin, definition.ToCommand());
        var behind = await Register(s, "late", "late@example.org");
        await s.Round.Appoint(Caller.Admin, behind, new AppointMember([CommitteeRole.Scorer]));
        await s.AddBid("b1", "Falls service", 10_000m);
        await s.Round.OpenScoring(Caller.Admin);

        var clock = new FakeTimeProvider(Deadline - TimeSpan.FromDays(3));
        using var service = new ReminderService(fixture.Client, ReminderSchedule.Parse(["-1.00:00:00"], new TimeOnly(8, 0)),
            MailSettings.Default, clock, TimeSpan.FromMinutes(10), NullLogger<ReminderService>.Instance);
        await service.StartAsync(CancellationToken.None);
        var id = Letters.MessageId(MailSettings.Default.MessageIdDomain, Letters.Reminder, s.RoundId, behind, "before-1d");
        Assert.False(await fixture.Client.Outbox().Has(id));
        // Up to sixty hours on (the reminder is due after 48), in ten-minute steps the service's own
        // timer takes: no real waiting for the time, only for the service to take each step.
        for (var i = 0; i < 6 * 60 && !await fixture.Client.Outbox().Has(id); i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(5);
        }
        Assert.True(await fixture.Client.Outbox().Has(id));
        Assert.True(clock.GetUtcNow() >= Deadline - TimeSpan.FromDays(1));
        await service.StopAsync(CancellationToken.None);
    }

    private async Task<int> Count(string roundId) =>
        (await fixture.Client.Outbox().List(Caller.Admin)).Count(e => e.Letter.RoundId == roundId);

    private static async Task<string> Register(Scenario s, string name, string? email)
    {
        var id = s.M(name);
        await s.Grains.Member(id).Register(new MemberProfile(id, $"Person {name}", "Neutral Org", [], Email: email).ToCommand(), MemberKeys.Issue(id).Hash);
        return id;
    }
}
