using System.Globalization;

namespace Prioritise.Domain.Mail;

/// <summary>
/// When reminders go before a round's <c>scoringClosesAt</c> (issue 17), from configuration
/// <c>Prioritise:Mail:Reminders</c>: each entry is either a time before the deadline as a negative
/// TimeSpan (<c>"-2.00:00:00"</c>, two days before) or <c>"morning"</c> (the deadline's own day at
/// <c>MorningAt</c>, 08:00 by default, in the committee's time zone). A reminder time at or after
/// the deadline is never due.
/// </summary>
public sealed class ReminderSchedule
{
    public static readonly IReadOnlyList<string> Default = ["-2.00:00:00", "morning"];

    private readonly IReadOnlyList<(string Occasion, TimeSpan? Before)> _entries;
    private readonly TimeOnly _morningAt;

    private ReminderSchedule(IReadOnlyList<(string, TimeSpan?)> entries, TimeOnly morningAt) => (_entries, _morningAt) = (entries, morningAt);

    /// <summary>The schedule, or a message naming the entry that is not understood.</summary>
    public static ReminderSchedule Parse(IEnumerable<string> entries, TimeOnly morningAt)
    {
        var parsed = new List<(string, TimeSpan?)>();
        foreach (var raw in entries)
        {
            var entry = raw?.Trim() ?? "";
            if (entry.Equals("morning", StringComparison.OrdinalIgnoreCase)) parsed.Add(("morning", null));
            else if (TimeSpan.TryParse(entry, CultureInfo.InvariantCulture, out var offset) && offset < TimeSpan.Zero)
                parsed.Add((Occasion(-offset), -offset));
            else
                throw new FormatException($"Prioritise:Mail:Reminders entry '{raw}' is not understood: use a time before the deadline such as '-2.00:00:00' (two days), or 'morning'.");
        }
        return new ReminderSchedule(parsed.DistinctBy(p => p.Item1).ToList(), morningAt);
    }

    /// <summary>Every reminder's moment for a deadline, earliest first (those at or after the deadline left out).</summary>
    public IReadOnlyList<(string Occasion, DateTimeOffset At)> Moments(DateTimeOffset deadline, TimeZoneInfo zone) =>
        _entries.Select(e => (e.Occasion, At: e.Before is { } before ? deadline - before : Morning(deadline, zone)))
            .Where(m => m.At < deadline)
            .OrderBy(m => m.At)
            .ToList();

    /// <summary>
    /// The reminder due at <paramref name="now"/>: the latest whose moment has come, while the
    /// deadline has not passed; null when none is. Only the latest: a silo that was down across two
    /// moments sends one reminder, not two at once.
    /// </summary>
    public string? Due(DateTimeOffset now, DateTimeOffset deadline, TimeZoneInfo zone)
    {
        if (now >= deadline) return null;
        return Moments(deadline, zone).LastOrDefault(m => m.At <= now).Occasion;
    }

    private DateTimeOffset Morning(DateTimeOffset deadline, TimeZoneInfo zone)
    {
        var localDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(deadline, zone).DateTime);
        var local = localDay.ToDateTime(_morningAt, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    // "before-2d", "before-1d12h", "before-30m": part of a reminder's Message-ID, so stable.
    private static string Occasion(TimeSpan before)
    {
        var parts = (before.Days > 0 ? $"{before.Days}d" : "") + (before.Hours > 0 ? $"{before.Hours}h" : "") + (before.Minutes > 0 ? $"{before.Minutes}m" : "");
        return "before-" + (parts.Length > 0 ? parts : $"{(int)before.TotalSeconds}s");
    }
}
