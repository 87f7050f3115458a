using System.Net;

namespace Prioritise.Silo.Hosting;

/// <summary>The "Prioritise" configuration section (appsettings.json; environment variables override).</summary>
public sealed class PrioritiseOptions
{
    public const string Section = "Prioritise";
    public const string SqliteStore = "sqlite";
    public const string PostgresStore = "postgres";

    /// <summary>Folder of the embedded store, relative to the working directory.</summary>
    public string DataPath { get; set; } = "data";
    /// <summary>Load the rounds in seeds/ when the store is empty.</summary>
    public bool SeedOnEmpty { get; set; } = true;
    /// <summary>
    /// Also replay each seed's moderation and decision. Off, a seed round stops when scoring closes,
    /// so a committee can run the moderation itself from the pages.
    /// </summary>
    public bool SeedModeration { get; set; } = true;
    /// <summary>Where the seed rounds are; by default the copy shipped beside the silo.</summary>
    public string? SeedsPath { get; set; }
    /// <summary>The administrator key; when empty the embedded default makes one and keeps it in the data folder.</summary>
    public string? AdminKey { get; set; }
    /// <summary>
    /// 32 bytes in base64 that encrypt the session-cookie key ring at rest (KeyRingEncryption.cs).
    /// Unset, a key is derived from the administrator key (so changing that key signs everyone out).
    /// </summary>
    public string? KeyRingKey { get; set; }
    /// <summary>Unrecognised keys one client address may present per window before it gets 429.</summary>
    public int FailedKeyLimit { get; set; } = 20;
    public int FailedKeyWindowSeconds { get; set; } = 60;
    /// <summary>GET .../analysis computations one caller may run at once, and may have waiting (Http/AnalysisLimits).</summary>
    public int AnalysisPerCaller { get; set; } = 1;
    public int AnalysisPerCallerQueue { get; set; } = 1;
    /// <summary>GET .../analysis computations the silo runs at once for everyone, and lets wait.</summary>
    public int AnalysisConcurrency { get; set; } = 2;
    public int AnalysisQueue { get; set; } = 4;
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    /// <summary>
    /// Serve the Orleans dashboard without a key. Unset, it is open for the embedded development
    /// default and behind the administrator key in cluster mode.
    /// </summary>
    public bool? DashboardOpen { get; set; }

    /// <summary>"sqlite" (the embedded default: one silo, a file in DataPath) or "postgres" (a cluster).</summary>
    public string Store { get; set; } = SqliteStore;
    /// <summary>The PostgreSQL connection string (Npgsql syntax), for the postgres store.</summary>
    public string? ConnectionString { get; set; }
    /// <summary>The cluster's id in the membership table: silos with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = Prioritise.Grains.Storage.ClusterIdentity.DefaultClusterId;
    /// <summary>
    /// The IP address this silo gives other silos and clients (and listens on). Unset in cluster
    /// mode, the silo listens on every address and advertises its first non-loopback one.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// The service's address as people reach it (issue 17), for the links in mail, e.g.
    /// <c>https://prioritise.example.org/</c>; unset, http://localhost:5080/.
    /// </summary>
    public string? PublicUrl { get; set; }
    public SmtpOptions Smtp { get; set; } = new();
    public MailOptions Mail { get; set; } = new();
    public OidcOptions Oidc { get; set; } = new();

    public TimeOnly MorningAt() =>
        TimeOnly.TryParse(Mail.MorningAt, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : new TimeOnly(8, 0);

    public Uri ResolvedPublicUrl()
    {
        var text = string.IsNullOrWhiteSpace(PublicUrl) ? "http://localhost:5080/" : PublicUrl.Trim();
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    public bool IsCluster => string.Equals(Store?.Trim(), PostgresStore, StringComparison.OrdinalIgnoreCase);
    public bool DashboardIsOpen => DashboardOpen ?? !IsCluster;

    public string ResolvedDataPath => Path.GetFullPath(DataPath, Directory.GetCurrentDirectory());
    public string ResolvedSeedsPath => SeedsPath is { Length: > 0 } p
        ? Path.GetFullPath(p, Directory.GetCurrentDirectory())
        : Path.Combine(AppContext.BaseDirectory, "seeds");

    /// <summary>
    /// Refuses a configuration the silo cannot run with, naming the key to fix, before anything
    /// starts: a silo that half-starts on a wrong store is worse than one that does not start.
    /// </summary>
    public void Validate()
    {
        var problems = new List<string>();
        var store = Store?.Trim() ?? "";
        if (!store.Equals(SqliteStore, StringComparison.OrdinalIgnoreCase) && !store.Equals(PostgresStore, StringComparison.OrdinalIgnoreCase))
            problems.Add($"Prioritise:Store is '{Store}'; use '{SqliteStore}' (the embedded default) or '{PostgresStore}' (a cluster).");
        if (SiloPort is < 1 or > 65535) problems.Add($"Prioritise:SiloPort {SiloPort} is not a TCP port.");
        if (GatewayPort is < 1 or > 65535) problems.Add($"Prioritise:GatewayPort {GatewayPort} is not a TCP port.");
        if (SiloPort == GatewayPort) problems.Add("Prioritise:SiloPort and Prioritise:GatewayPort must differ.");
        if (IsCluster)
        {
            if (string.IsNullOrWhiteSpace(ConnectionString))
                problems.Add("Prioritise:ConnectionString is required with Prioritise:Store=postgres (e.g. Host=db;Database=prioritise;Username=prioritise;Password=...).");
            else
            {
                try { _ = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString); }
                catch (ArgumentException e) { problems.Add($"Prioritise:ConnectionString is not a valid PostgreSQL connection string: {e.Message}"); }
            }
            if (string.IsNullOrWhiteSpace(ClusterId) || ClusterId.Length > 150)
                problems.Add("Prioritise:ClusterId must be 1 to 150 characters.");
            if (string.IsNullOrWhiteSpace(AdminKey))
                problems.Add("Prioritise:AdminKey is required with Prioritise:Store=postgres: every silo must accept the same administrator key.");
        }
        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !IPAddress.TryParse(AdvertisedAddress.Trim(), out _))
            problems.Add($"Prioritise:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.");
        if (AnalysisPerCaller < 1) problems.Add($"Prioritise:AnalysisPerCaller {AnalysisPerCaller} must be at least 1.");
        if (AnalysisConcurrency < 1) problems.Add($"Prioritise:AnalysisConcurrency {AnalysisConcurrency} must be at least 1.");
        if (AnalysisPerCallerQueue < 0 || AnalysisQueue < 0) problems.Add("Prioritise:AnalysisPerCallerQueue and Prioritise:AnalysisQueue must not be negative.");
        if (!string.IsNullOrWhiteSpace(KeyRingKey) && KeyRingSecret.Parse(KeyRingKey) is null)
            problems.Add(KeyRingSecret.InvalidMessage);
        if (!string.IsNullOrWhiteSpace(PublicUrl) && (!Uri.TryCreate(PublicUrl.Trim(), UriKind.Absolute, out var publicUrl) || publicUrl.Scheme is not ("http" or "https")))
            problems.Add($"Prioritise:PublicUrl '{PublicUrl}' is not an http or https address.");
        if (Smtp.IsConfigured)
        {
            if (Smtp.Port is < 1 or > 65535) problems.Add($"Prioritise:Smtp:Port {Smtp.Port} is not a TCP port.");
            if (string.IsNullOrWhiteSpace(Smtp.From) || !MimeKit.MailboxAddress.TryParse(Smtp.From, out _))
                problems.Add("Prioritise:Smtp:From must be the sender's address (e.g. committee@example.org) when Prioritise:Smtp:Host is set.");
            if (Smtp.Security?.Trim().ToLowerInvariant() is not ("auto" or "tls" or "none"))
                problems.Add($"Prioritise:Smtp:Security is '{Smtp.Security}'; use 'auto', 'tls' or 'none'.");
        }
        try { _ = Prioritise.Domain.Mail.ReminderSchedule.Parse(Mail.Reminders ?? [.. Prioritise.Domain.Mail.ReminderSchedule.Default], MorningAt()); }
        catch (FormatException e) { problems.Add(e.Message); }
        if (!TimeOnly.TryParse(Mail.MorningAt, System.Globalization.CultureInfo.InvariantCulture, out _))
            problems.Add($"Prioritise:Mail:MorningAt '{Mail.MorningAt}' is not a time of day (HH:mm).");
        if (problems.Count > 0) throw new ConfigurationException(problems);
    }
}

/// <summary>A configuration the silo cannot run with: Program prints one line naming the settings and exits 2.</summary>
public sealed class ConfigurationException(IReadOnlyList<string> problems)
    : InvalidOperationException("The configuration is not usable: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>What Program writes to stderr: one line, no stack trace.</summary>
    public static string Line(string problem) => "prioritise: configuration error: " + problem.ReplaceLineEndings(" ");
}
