using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Prioritise.Domain;
using Prioritise.Domain.Mail;
using Prioritise.Grains;
using Prioritise.Silo.Auth;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo.Pages;

/// <summary>The administrator's outbox (issue 17): what went, what is waiting, what the mail server refused.</summary>
public sealed class OutboxModel(IGrainFactory grains, IOptions<PrioritiseOptions> options) : PageModel
{
    public IReadOnlyList<OutboxEntry> Messages { get; private set; } = [];
    public string? Refused { get; private set; }
    public bool MailConfigured => options.Value.Smtp.IsConfigured;

    public async Task OnGetAsync()
    {
        try
        {
            Messages = await grains.Outbox().List(User.Caller());
        }
        catch (DomainException)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Refused = "Only the administrator can see the outbox.";
        }
    }

    public string KindText(string kind) => kind switch
    {
        Letters.Invitation => "Invitation to score",
        Letters.Reminder => "Reminder to score",
        _ => kind,
    };

    public string StateText(OutboxEntry m) => m.State switch
    {
        OutboxState.Sent => $"Sent {m.SentAt:d MMM yyyy HH:mm} UTC",
        OutboxState.Failed => $"Not sent yet: the mail server said \"{m.LastError}\". Trying again at {m.NextAttemptAt:HH:mm:ss} UTC.",
        _ => "Waiting to be sent",
    };
}
