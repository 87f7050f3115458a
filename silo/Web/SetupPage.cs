using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;

namespace Prioritise.Silo.Web;

/// <summary>
/// What the set-up and correction pages share (issue 14): refusals as messages beside the field
/// they name as well as in the summary, in the committee's words; who may set up, as RoundPolicy
/// says. The grains decide everything; these pages bind, call and show.
/// </summary>
public abstract partial class SetupPage(IGrainFactory grains) : CommitteePage(grains)
{
    /// <summary>Messages by the field the refusal named (the validators' keys: "fundingCap", "criteria[0].weight").</summary>
    public Dictionary<string, List<string>> FieldErrors { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> ErrorsFor(string field) => FieldErrors.TryGetValue(field, out var list) ? list : [];

    /// <summary>The messages shown beside a field (above its input, as GOV.UK has them).</summary>
    public IHtmlContent ErrorFor(string field)
    {
        var html = new HtmlContentBuilder();
        foreach (var message in ErrorsFor(field))
            html.AppendHtml("<span class=\"field-error\">").Append(message).AppendHtml("</span>");
        return html;
    }

    /// <summary>Whether the caller may register members, correct their records and issue keys.</summary>
    public bool MayManageMembers => RoundPolicy.MayManageMembers(Caller.IsAdmin, Caller.IsSecretary);
    public bool MayRecordConflicts => RoundPolicy.Allows(Caller.IsAdmin, Caller.IsSecretary, Seat, RoundAction.RecordConflict);

    /// <summary>Runs a change; a refusal becomes messages beside its fields and in the summary, and nothing changed.</summary>
    protected async Task<bool> TryChange(Func<Task> change)
    {
        try
        {
            await change();
            return true;
        }
        catch (DomainException e)
        {
            AddRefusal(e);
            return false;
        }
    }

    protected void AddRefusal(DomainException e)
    {
        if (e.Errors.Count == 0)
        {
            Problem("", e.Message);
            return;
        }
        foreach (var (field, messages) in e.Errors)
            foreach (var message in messages.Distinct())
                Problem(field, message);
    }

    /// <summary>A problem found binding the form (a cap that is no amount), named like the validators name theirs.</summary>
    protected void Problem(string field, string message)
    {
        var said = Say(message);
        if (!FieldErrors.TryGetValue(field, out var list)) FieldErrors[field] = list = [];
        if (!list.Contains(said)) list.Add(said);
        if (!Errors.Contains(said)) Errors.Add(said);
    }

    /// <summary>The committee's words for the fields the API names in camelCase.</summary>
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["fundingCap"] = "the pot (funding cap)", ["name"] = "the name", ["id"] = "the short id", ["title"] = "the title",
        ["workstream"] = "the workstream", ["sponsoringOrganisation"] = "the sponsoring organisation",
        ["recipientOrganisations"] = "the recipient organisations", ["amountRequested"] = "the amount requested",
        ["summary"] = "the summary", ["organisation"] = "the organisation", ["email"] = "the email address",
        ["reason"] = "the reason for the change", ["weight"] = "the weight", ["scale.min"] = "the lowest score",
        ["scale.max"] = "the highest score", ["agreement.highBelow"] = "the high agreement limit",
        ["agreement.mediumBelow"] = "the medium agreement limit", ["scoringClosesAt"] = "the scoring deadline",
        ["memberId"] = "the member", ["bidId"] = "the bid", ["roles"] = "the roles", ["description"] = "the description",
        ["type"] = "the type of interest", ["interests"] = "the interests", ["expectedVersion"] = "the version",
        ["fundingLinePolicy"] = "the funding line", ["criteria"] = "the criteria", ["endedOn"] = "the end date",
    };

    [GeneratedRegex(@"'((?:[a-zA-Z]+\[\d+\]\.)?[a-zA-Z]+(?:\.[a-zA-Z]+)?)'")]
    private static partial Regex QuotedField();

    /// <summary>"'fundingCap' must be more than zero." as "The pot (funding cap) must be more than zero."</summary>
    public static string Say(string message)
    {
        var said = QuotedField().Replace(message, m =>
        {
            var key = m.Groups[1].Value;
            var last = key.Contains(']') ? key[(key.LastIndexOf('.') + 1)..] : key;
            return Words.TryGetValue(key, out var w) || Words.TryGetValue(last, out w) ? w : m.Value;
        });
        return said.Length > 0 ? char.ToUpperInvariant(said[0]) + said[1..] : said;
    }

    // ---- reading what people type ----

    [GeneratedRegex(@"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")]
    private static partial Regex PoundsPattern();

    /// <summary>Pounds as people write them ("35000", "£35,000.50"); null with a problem named <paramref name="field"/> when it is not an amount.</summary>
    protected decimal? Pounds(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null; // the validator says it is required, where it is
        if (TryPounds(text, out var value)) return value;
        Problem(field, $"'{text.Trim()}' is not an amount in pounds: write it like 250000 or £250,000.50.");
        return null;
    }

    /// <summary>The one reading of pounds as people write them, for every page that takes an amount.</summary>
    public static bool TryPounds(string text, out decimal value)
    {
        var t = text.Trim();
        value = 0;
        return PoundsPattern().IsMatch(t)
            && decimal.TryParse(t.TrimStart('£').Trim().Replace(",", ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    protected int? Whole(string? text, string field, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        Problem(field, $"{what} must be a whole number; '{text.Trim()}' is not.");
        return null;
    }

    protected double? Number(string? text, string field, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return value;
        Problem(field, $"{what} must be a number like 2.25; '{text.Trim()}' is not.");
        return null;
    }

    protected decimal? Weight(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return value;
        Problem(field, $"A weight must be a number like 20 or 12.5; '{text.Trim()}' is not.");
        return null;
    }

    /// <summary>The committee meets in the UK: a date and time typed on the page is London time.</summary>
    private static readonly TimeZoneInfo London = FindLondon();

    private static TimeZoneInfo FindLondon()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }

    protected DateTimeOffset? LondonTime(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTime.TryParseExact(text.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return new DateTimeOffset(local, London.GetUtcOffset(local));
        Problem(field, $"The scoring deadline must be a date and time; '{text.Trim()}' is not.");
        return null;
    }

    public static string LondonInput(DateTimeOffset? at) =>
        at is { } a ? TimeZoneInfo.ConvertTime(a, London).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : "";

    public static string LondonText(DateTimeOffset? at) =>
        at is { } a ? TimeZoneInfo.ConvertTime(a, London).ToString("d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture) : "not set";

    protected DateOnly? Day(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        Problem(field, $"The date must be a date like 2026-12-01; '{text.Trim()}' is not.");
        return null;
    }
}
