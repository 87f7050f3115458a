namespace Prioritise.Silo.Hosting;

/// <summary>The "Prioritise" configuration section (appsettings.json; environment variables override).</summary>
public sealed class PrioritiseOptions
{
    public const string Section = "Prioritise";

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
    /// <summary>Unrecognised keys one client address may present per window before it gets 429.</summary>
    public int FailedKeyLimit { get; set; } = 20;
    public int FailedKeyWindowSeconds { get; set; } = 60;
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    /// <summary>Serve the Orleans dashboard without a key (the embedded development default).</summary>
    public bool DashboardOpen { get; set; } = true;

    public string ResolvedDataPath => Path.GetFullPath(DataPath, Directory.GetCurrentDirectory());
    public string ResolvedSeedsPath => SeedsPath is { Length: > 0 } p
        ? Path.GetFullPath(p, Directory.GetCurrentDirectory())
        : Path.Combine(AppContext.BaseDirectory, "seeds");
}
