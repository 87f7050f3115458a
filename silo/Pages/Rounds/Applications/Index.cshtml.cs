using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Validation;
using Prioritise.Grains;

namespace Prioritise.Silo.Pages.Rounds.Applications;

/// <summary>The call and its applications: an applicant's own, or (secretary, chair) all of them, the screening queue first.</summary>
public sealed class IndexModel(IGrainFactory grains) : ApplicationPage(grains)
{
    public IReadOnlyList<ApplicationSummary> Applications { get; private set; } = [];
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? ClosesOn { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadCall() is { } refused) return refused;
        await TryChange(async () => Applications = await RoundGrain.ListApplications(Caller));
        return Page();
    }

    /// <summary>An applicant starts an application with its title; the form page takes the rest.</summary>
    public async Task<IActionResult> OnPostStartAsync()
    {
        if (await LoadCall() is { } refused) return refused;
        var id = Prioritise.Domain.Ids.New();
        var started = await TryChange(() => Grains.Application(RoundId, id).Save(Caller,
            new SaveApplication(id, Title, null, null, null, null, Title is null ? null : new Dictionary<string, AnswerInput?> { [DefaultForm.Title] = AnswerInput.Of(Title) }, false), creating: true));
        if (!started) return await Reload();
        return Done("Application started. Fill in each section, then submit it.", "/Rounds/Applications/Application", new { r = RoundId, a = id });
    }

    public async Task<IActionResult> OnPostOpenCallAsync()
    {
        if (await LoadCall() is { } refused) return refused;
        // The closing date is a day: the call closes at the end of it (23:59 UTC).
        DateTimeOffset? closesAt = DateOnly.TryParseExact(ClosesOn ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero) : null;
        if (closesAt is null)
        {
            Errors.Add("Enter the closing date as a date, such as 2018-09-14.");
            return await Reload();
        }
        if (!await TryChange(() => RoundGrain.OpenCall(Caller, new OpenCall(closesAt)))) return await Reload();
        return Done($"Call opened: applications are taken until {closesAt.Value:d MMMM yyyy}.", null, new { r = RoundId });
    }

    public async Task<IActionResult> OnPostCloseCallAsync()
    {
        if (await LoadCall() is { } refused) return refused;
        if (!await TryChange(() => RoundGrain.CloseCall(Caller))) return await Reload();
        return Done("The call for applications is closed.", null, new { r = RoundId });
    }

    private async Task<IActionResult> Reload()
    {
        try { Applications = await RoundGrain.ListApplications(Caller); }
        catch (Prioritise.Domain.DomainException) { Applications = []; }
        return Page();
    }
}
