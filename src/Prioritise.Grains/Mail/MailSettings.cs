namespace Prioritise.Grains.Mail;

/// <summary>
/// What the grains need to write a message (issue 17): the service's public address for links
/// (<c>Prioritise:PublicUrl</c>), the domain of Message-IDs (that address's host) and the committee's
/// time zone for deadlines (<c>Prioritise:Mail:TimeZone</c>, Europe/London by default). The silo
/// registers one; without it (grain tests) the defaults below hold.
/// </summary>
public sealed record MailSettings(Uri PublicUrl, TimeZoneInfo TimeZone)
{
    public static MailSettings Default { get; } = new(new Uri("http://localhost:5080/"), Zone("Europe/London"));

    public string MessageIdDomain => PublicUrl.IdnHost is { Length: > 0 } host ? host : "prioritise.local";

    public Uri RoundLink(string roundId) => new(PublicUrl, $"rounds/{Uri.EscapeDataString(roundId)}");
    public Uri Page(string relative) => new(PublicUrl, relative.TrimStart('/'));

    /// <summary>The zone by id; UTC when this machine does not know it (a container without tzdata).</summary>
    public static TimeZoneInfo Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) id = "Europe/London";
        try { return TimeZoneInfo.FindSystemTimeZoneById(id.Trim()); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return TimeZoneInfo.Utc; }
    }
}
