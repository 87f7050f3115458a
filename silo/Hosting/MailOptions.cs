namespace Prioritise.Silo.Hosting;

/// <summary>
/// <c>Prioritise:Smtp</c> (issue 17): where mail goes. With no <see cref="Host"/> nothing is sent;
/// the outbox still records what would have gone.
/// </summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>The sender's address, e.g. <c>"Funding committee &lt;committee@example.org&gt;"</c>.</summary>
    public string? From { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary><c>auto</c> (STARTTLS when offered, the default), <c>tls</c> (TLS from the start) or <c>none</c>.</summary>
    public string Security { get; set; } = "auto";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary><c>Prioritise:Mail</c> (issue 17): when reminders go, and how the sender paces itself.</summary>
public sealed class MailOptions
{
    /// <summary>Reminders before <c>scoringClosesAt</c>: negative TimeSpans before the deadline, or <c>"morning"</c>.</summary>
    public List<string>? Reminders { get; set; }
    /// <summary>"morning" means this time of day (HH:mm) on the deadline's day.</summary>
    public string MorningAt { get; set; } = "08:00";
    /// <summary>The committee's time zone, for deadlines in messages and for "morning".</summary>
    public string TimeZone { get; set; } = "Europe/London";
    /// <summary>How often the sender looks in the outbox.</summary>
    public double PollSeconds { get; set; } = 5;
    /// <summary>How often the reminder service looks at the rounds' deadlines.</summary>
    public double ReminderCheckSeconds { get; set; } = 60;
    /// <summary>The first retry after a failed attempt; each further one waits twice as long, up to <see cref="MaxRetrySeconds"/>.</summary>
    public double RetrySeconds { get; set; } = 30;
    public double MaxRetrySeconds { get; set; } = 3600;
}

/// <summary>
/// <c>Prioritise:Oidc</c> (issue 17): the organisation's identity provider. Sign-in through it is
/// offered only when <see cref="Authority"/>, <see cref="ClientId"/> and <see cref="ClientSecret"/> are all set.
/// </summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>May be false only for a provider on loopback in tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    /// <summary>Who the unknown-identity page says to ask, e.g. "the committee secretary (secretary@example.org)".</summary>
    public string? ContactText { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}
