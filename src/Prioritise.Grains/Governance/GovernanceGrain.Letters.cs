using Microsoft.Extensions.DependencyInjection;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Mail;
using Prioritise.Domain.Moderation;
using Prioritise.Grains.Mail;

namespace Prioritise.Grains.Governance;

/// <summary>
/// Outcome letters (issue 16 item 5): one per applicant whose application became a bid on the
/// approved decision, written in the same entry as the approval and then handed to the outbox,
/// which keeps each once by its Message-ID (MultiGrainStep: a crash in between is finished on
/// activation).
/// </summary>
public sealed partial class GovernanceGrain
{
    private MailSettings Mail => ServiceProvider.GetService<MailSettings>() ?? MailSettings.Default;

    private async Task<IReadOnlyList<Letter>> OutcomeLetters(Context c, Decision decision, IReadOnlyList<Resolution> resolutions)
    {
        var applicants = await GrainFactory.Round(RoundId).ApplicantsOfBids();
        var mail = Mail;
        var letters = new List<Letter>();
        foreach (var row in decision.Rows)
        {
            if (!applicants.TryGetValue(row.Result.BidId, out var applicantId)) continue;
            if (await GrainFactory.Member(applicantId).GetProfile() is not { Email: { Length: > 0 } email } profile) continue;
            var outcome = OutcomeOf(c, decision, row.Result.BidId, DecisionStatus.Approved, resolutions);
            letters.Add(Letters.Outcome(mail.MessageIdDomain, outcome, RoundId, applicantId, profile.Name, email,
                mail.Page($"rounds/{Uri.EscapeDataString(RoundId)}/applications/{Uri.EscapeDataString(row.Result.BidId)}/outcome")));
        }
        return letters;
    }

    private async Task HandOverMail()
    {
        if (_state.MailOwed.Count == 0) return;
        await GrainFactory.Outbox().Enqueue(_state.MailOwed);
        await Commit(new LettersHandedOver(_state.MailOwed.Count));
    }
}
