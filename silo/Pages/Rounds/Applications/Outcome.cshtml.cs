using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Governance;
using Prioritise.Domain.Validation;
using Prioritise.Grains;
using Prioritise.Reports;

namespace Prioritise.Silo.Pages.Rounds.Applications;

/// <summary>
/// (issue 16) An application's outcome for its applicant, once the committee's decision is
/// approved: the outcome lines the letter has (Letters.OutcomeLines), the conditions as they stand,
/// the chair's released feedback, the letter to download and, for a funded scheme, its monitoring
/// returns. Before approval the grain refuses (409) and the page says the outcome is still to come.
/// </summary>
public sealed class OutcomeModel(IGrainFactory grains) : ApplicationPage(grains)
{
    public const int MetricRows = 3;

    [BindProperty(SupportsGet = true, Name = "a")] public string ApplicationId { get; set; } = "";

    // The return form, as typed.
    [BindProperty] public string? Period { get; set; }
    [BindProperty] public string? Spent { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public List<string?> MetricNames { get; set; } = [];
    [BindProperty] public List<string?> MetricValues { get; set; } = [];

    public ApplicationOutcome? Shown { get; private set; }
    /// <summary>Why there is no outcome to show yet (the grain's refusal, in its words), when there is none.</summary>
    public string? NotYet { get; private set; }
    public string? NotABid { get; private set; }
    public IReadOnlyList<MonitoringReturn> Returns { get; private set; } = [];

    private IGovernanceGrain Governance => Grains.Governance(RoundId);

    public async Task<IActionResult> OnGetAsync() => await Load() ?? Page();

    public async Task<IActionResult> OnGetDocxAsync()
    {
        if (await Load() is { } refused) return refused;
        if (Shown is null) return NotFound();
        var name = (await Grains.Member(Caller.Id).GetProfile())?.Name ?? Caller.Id;
        return File(OutcomeLetterDocument.Write(Shown, name), BoardPaperDocument.ContentType, $"{RoundId}-{ApplicationId}-outcome.docx");
    }

    public async Task<IActionResult> OnPostReturnAsync()
    {
        if (await Load() is { } refused) return refused;
        var spent = Amount(Spent, "spent", "Spent");
        var metrics = new Dictionary<string, decimal>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Max(MetricNames.Count, MetricValues.Count); i++)
        {
            var name = MetricNames.ElementAtOrDefault(i)?.Trim();
            var typed = MetricValues.ElementAtOrDefault(i)?.Trim();
            if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(typed)) continue;
            if (string.IsNullOrEmpty(name)) { Field($"metrics[{i}]", "Give the measure a name."); continue; }
            if (!decimal.TryParse(typed, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
            {
                Field($"metrics[{i}]", $"The value of '{name}' must be a number, such as 41.");
                continue;
            }
            if (!metrics.TryAdd(name, value)) Field($"metrics[{i}]", $"'{name}' is given twice.");
        }
        if (FieldErrors.Count > 0) return Page();
        if (!await TryChange(() => Governance.FileReturn(Caller, ApplicationId, new FileReturn(Period, spent, Note, metrics)))) return Page();
        return Done($"Your return for {Period!.Trim()} is filed.", null, new { r = RoundId, a = ApplicationId });
    }

    private async Task<IActionResult?> Load()
    {
        if (await LoadCall() is { } refused) return refused;
        if (!Ids.IsValid(ApplicationId)) return NotFound();
        try
        {
            Shown = await Governance.Outcome(Caller, ApplicationId);
            if (Shown.Funded) Returns = await Governance.Returns(Caller, ApplicationId);
        }
        catch (DomainException e) when (e.Refusal == Refusal.Conflict) { NotYet = e.Message; }
        // An application that did not become a bid (a draft, rejected, withdrawn) has no outcome to give.
        catch (DomainException e) when (e.Refusal == Refusal.NotFound) { NotABid = e.Message; }
        catch (DomainException e) when (e.Refusal == Refusal.Forbidden) { return StatusCode(StatusCodes.Status403Forbidden); }
        return null;
    }

    private void Field(string key, string message)
    {
        FieldErrors[key] = [.. FieldErrors.GetValueOrDefault(key) ?? [], message];
        Errors.Add(message);
    }

    private decimal? Amount(string? typed, string key, string what)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null; // the validator says it is required
        if (Silo.Web.SetupPage.TryPounds(typed, out var amount)) return amount;
        Field(key, $"{what} must be an amount in pounds, such as 12500 or £12,500.25; '{typed.Trim()}' is not.");
        return null;
    }
}
