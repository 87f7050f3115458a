using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prioritise.Domain.Mail;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Mail;

/// <summary>
/// Reminders before each round's <c>scoringClosesAt</c> (issue 17), at the times
/// <c>Prioritise:Mail:Reminders</c> names. Driven by the injected <see cref="TimeProvider"/>, so a
/// test moves its clock instead of waiting. Each check asks every round in scoring with a deadline
/// which reminder is due (<see cref="ReminderSchedule.Due"/>) and has the round hand the outbox one
/// per scorer with sheets outstanding; the Message-ID names round, member and reminder, so checking
/// again (or on every silo of a cluster) sends nobody a reminder twice.
/// </summary>
/// <param name="every">How often it checks (<c>Prioritise:Mail:ReminderCheckSeconds</c>).</param>
public sealed class ReminderService(IGrainFactory grains, ReminderSchedule schedule, MailSettings settings, TimeProvider clock, TimeSpan every, ILogger<ReminderService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try { await CheckOnce(); }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                log.LogWarning(e, "The reminder check could not finish; it runs again at the next check.");
            }
            try { await Task.Delay(every, clock, stopping); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One pass over the rounds; returns how many reminders were handed to the outbox.</summary>
    public async Task<int> CheckOnce()
    {
        var now = clock.GetUtcNow();
        var queued = 0;
        foreach (var roundId in await grains.Registry().List())
        {
            var round = grains.Round(roundId);
            if (await round.Find() is not { Status: RoundStatus.Scoring, Definition.ScoringClosesAt: { } deadline }) continue;
            if (schedule.Due(now, deadline, settings.TimeZone) is not { } occasion) continue;
            queued += await round.QueueReminders(occasion);
        }
        return queued;
    }
}
