using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Prioritise.Domain.Mail;
using Prioritise.Grains;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo.Mail;

/// <summary>
/// Sends what the outbox holds (issue 17), through MailKit over SMTP (<c>Prioritise:Smtp</c>). Every
/// few seconds it takes the messages that are due, sends them on one connection, and tells the outbox
/// how each went: sent only after the server accepted it (so a crash in between sends it again, with
/// the same Message-ID: at least once, and recognisably the same message), failed with the server's
/// reply otherwise, tried again after a back-off that doubles each time. With no SMTP host configured
/// it sends nothing, and the messages wait in the outbox as pending.
/// </summary>
public sealed class OutboxSender(IGrainFactory grains, IOptions<PrioritiseOptions> options, TimeProvider clock, ILogger<OutboxSender> log)
    : BackgroundService
{
    private const int Batch = 20;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var smtp = options.Value.Smtp;
        var mail = options.Value.Mail;
        if (!smtp.IsConfigured)
        {
            log.LogInformation("No SMTP host is configured (Prioritise:Smtp:Host): the outbox records messages and sends none.");
            return;
        }
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, mail.PollSeconds));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Go round again at once while there is more to send.
                if (await SendDue(smtp, mail, stopping) >= Batch) continue;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The silo still starting, or the outbox's silo lost: the next round tries again.
                log.LogWarning(e, "The outbox sender could not reach the outbox; trying again.");
            }
            try { await Task.Delay(poll, clock, stopping); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task<int> SendDue(SmtpOptions smtp, MailOptions mail, CancellationToken stopping)
    {
        var outbox = grains.Outbox();
        var due = await outbox.TakeDue(clock.GetUtcNow(), Batch, Lease);
        if (due.Count == 0) return 0;
        using var client = new SmtpClient();
        try
        {
            client.Timeout = 30_000;
            await client.ConnectAsync(smtp.Host!.Trim(), smtp.Port, SecurityOf(smtp.Security), stopping);
            if (!string.IsNullOrEmpty(smtp.Username)) await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reply = Reply(e);
            log.LogWarning("Could not connect to the SMTP server {Host}:{Port}: {Reply}", smtp.Host, smtp.Port, reply);
            foreach (var entry in due) await outbox.MarkFailed(entry.Letter.MessageId, reply, RetryAt(entry, mail));
            return due.Count;
        }
        foreach (var entry in due)
        {
            try
            {
                await client.SendAsync(Compose(entry.Letter, smtp.From!), stopping);
            }
            catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or TimeoutException)
            {
                await outbox.MarkFailed(entry.Letter.MessageId, Reply(e), RetryAt(entry, mail));
                if (!client.IsConnected) break; // the rest stay leased and come round again when the lease ends
                continue;
            }
            // Accepted by the server: only now is it sent. A crash before this write sends it again.
            await outbox.MarkSent(entry.Letter.MessageId, clock.GetUtcNow());
        }
        if (client.IsConnected) await client.DisconnectAsync(quit: true, stopping);
        return due.Count;
    }

    /// <summary>The message as it goes out: plain text and HTML alternatives, and the outbox's Message-ID.</summary>
    public static MimeMessage Compose(Letter letter, string from)
    {
        var message = new MimeMessage { Subject = letter.Subject, MessageId = letter.MessageId };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(letter.ToName, letter.To));
        message.Headers.Add("X-Prioritise-Kind", letter.Kind);
        message.Body = new BodyBuilder { TextBody = letter.Text, HtmlBody = letter.Html }.ToMessageBody();
        return message;
    }

    private DateTimeOffset RetryAt(OutboxEntry entry, MailOptions mail)
    {
        var first = Math.Max(0.05, mail.RetrySeconds);
        var wait = Math.Min(first * Math.Pow(2, Math.Min(entry.Attempts, 20)), Math.Max(first, mail.MaxRetrySeconds));
        return clock.GetUtcNow() + TimeSpan.FromSeconds(wait);
    }

    // The server's own words where it answered ("451: 4.3.0 Try again later"), else what went wrong.
    private static string Reply(Exception e) => e switch
    {
        SmtpCommandException c => $"{(int)c.StatusCode} {c.Message}",
        _ => e.Message,
    };

    private static SecureSocketOptions SecurityOf(string? security) => security?.Trim().ToLowerInvariant() switch
    {
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
