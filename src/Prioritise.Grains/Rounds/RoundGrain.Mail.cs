using Microsoft.Extensions.DependencyInjection;
using Prioritise.Domain.Mail;
using Prioritise.Domain.Rounds;
using Prioritise.Grains.Mail;

namespace Prioritise.Grains.Rounds;

/// <summary>The round's mail (issue 17): invitations when scoring opens, reminders before the deadline.</summary>
public sealed partial class RoundGrain
{
    private MailSettings Mail => ServiceProvider.GetService<MailSettings>() ?? MailSettings.Default;

    /// <summary>
    /// One invitation per scorer with an email: the round, the deadline, the link, the number of
    /// bids to score and the bids they are conflicted on (theirs only; never anyone's scores).
    /// </summary>
    private async Task<IReadOnlyList<Letter>> Invitations()
    {
        var mail = Mail;
        var scorers = State.Committee.Where(s => s.Has(CommitteeRole.Scorer)).ToList();
        var profiles = await Task.WhenAll(scorers.Select(s => GrainFactory.Member(s.MemberId).GetProfile()));
        var letters = new List<Letter>();
        for (var i = 0; i < scorers.Count; i++)
        {
            if (profiles[i]?.Email is not { Length: > 0 } email) continue;
            var seat = scorers[i];
            var conflicted = State.LiveBids
                .Select(b => (Bid: b, Reason: State.ConflictReason(seat, b)))
                .Where(p => p.Reason is not null)
                .Select(p => new ConflictedBid(p.Bid.Title, p.Reason!)).ToList();
            var toScore = State.LiveBids.Count() - conflicted.Count;
            letters.Add(Letters.InvitationToScore(mail.MessageIdDomain, State.Definition!, seat, email, toScore, conflicted,
                mail.RoundLink(RoundId), mail.TimeZone));
        }
        return letters;
    }

    /// <summary>The follow-up: the outbox keeps each letter once (by Message-ID), then the marker is cleared.</summary>
    private async Task HandOverMail()
    {
        if (State.MailOwed.Count == 0) return;
        await GrainFactory.Outbox().Enqueue(State.MailOwed);
        // Not a change anyone sees of the round, so its version stays as it is.
        var next = State with { MailOwed = [] };
        await store.Commit(next);
        _durable = next;
    }

    async Task<int> IRoundGrain.QueueReminders(string occasion)
    {
        if (State.Definition is null || State.Status != RoundStatus.Scoring) return 0;
        await LoadSubmitted();
        var mail = Mail;
        var outstanding = _results.Committee(State)
            .Where(c => c.Seat.Has(CommitteeRole.Scorer) && c.SheetsSubmitted < c.SheetsExpected).ToList();
        var profiles = await Task.WhenAll(outstanding.Select(c => GrainFactory.Member(c.Seat.MemberId).GetProfile()));
        var letters = new List<Letter>();
        for (var i = 0; i < outstanding.Count; i++)
        {
            if (profiles[i]?.Email is not { Length: > 0 } email) continue;
            var c = outstanding[i];
            letters.Add(Letters.ReminderToScore(mail.MessageIdDomain, State.Definition, c.Seat, email,
                c.SheetsExpected - c.SheetsSubmitted, c.SheetsExpected, occasion, mail.RoundLink(RoundId), mail.TimeZone));
        }
        if (letters.Count > 0) await GrainFactory.Outbox().Enqueue(letters);
        return letters.Count;
    }
}
