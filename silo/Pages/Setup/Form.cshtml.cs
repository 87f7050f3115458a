using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>
/// The round's application form, edited in set-up (issue 15 item 1), with a preview as the
/// applicant sees it. Thin: the rows become the same <see cref="SetApplicationForm"/> the API's
/// PUT sends, and the grain decides; its refusals are shown beside the section they name.
/// </summary>
public sealed class FormSetupModel(IGrainFactory grains) : SetupPage(grains)
{
    [BindProperty] public List<SectionRow> Sections { get; set; } = [];

    /// <summary>The form in force, for the preview (what was saved, not what is being typed).</summary>
    public ApplicationForm? Saved { get; private set; }

    /// <summary>Why the form may no longer be changed (the round's status), or null while it may.</summary>
    public string? LockedReason { get; private set; }

    public IReadOnlyList<Criterion> Criteria => Round!.Definition.Criteria;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        Sections = Saved!.Sections.Select(SectionRow.From).ToList();
        return Page();
    }

    /// <summary>Adds a blank section at the end without saving, so the page works without a script.</summary>
    public async Task<IActionResult> OnPostAddAsync()
    {
        if (await Load() is { } refused) return refused;
        Sections.RemoveAll(s => s.Remove);
        Sections.Add(new SectionRow { Kind = nameof(SectionKind.Text) });
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Load() is { } refused) return refused;
        Sections.RemoveAll(s => s.Remove || s.IsBlank);
        var command = new SetApplicationForm(Sections.Select((row, i) => row.ToInput(i, this)).ToList());
        if (Errors.Count == 0 && await TryChange(() => RoundGrain.SetApplicationForm(Caller, command)))
            return Done("The application form is saved; applicants see it as the preview shows.");
        return Page();
    }

    /// <summary>Problems while reading a row's word limit, named as the validator names them.</summary>
    internal void WordLimitProblem(int row, string text) =>
        Problem($"sections[{row}].maxLength", $"'{text}' is not a number of words: write it like 500, or leave it empty for no limit.");

    private async Task<IActionResult?> Load()
    {
        if (await LoadRound() is { } refused) return refused;
        if (!MaySetUp) return Forbid(SessionCookie.Scheme);
        Saved = await RoundGrain.GetApplicationForm(Caller);
        LockedReason = RoundLifecycle.WhyNot(Round!.Status, RoundAction.SetApplicationForm);
        return null;
    }
}

/// <summary>One section as the editor's row has it: text as typed, turned into the command's input.</summary>
public sealed class SectionRow
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Guidance { get; set; }
    public string? Kind { get; set; }
    public bool Required { get; set; }
    public string? MaxLength { get; set; }
    /// <summary>The choices, one a line.</summary>
    public string? Choices { get; set; }
    public string? CriterionId { get; set; }
    public bool Remove { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Id) && string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Guidance);

    public static SectionRow From(FormSection s) => new()
    {
        Id = s.Id, Title = s.Title, Guidance = s.Guidance, Kind = s.Kind.ToString(), Required = s.Required,
        MaxLength = s.MaxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Choices = string.Join("\n", s.Choices), CriterionId = s.CriterionId,
    };

    internal SectionInput ToInput(int row, FormSetupModel page)
    {
        int? limit = null;
        if (!string.IsNullOrWhiteSpace(MaxLength))
        {
            var t = MaxLength.Trim().Replace(",", "");
            if (int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) limit = n;
            else page.WordLimitProblem(row, MaxLength.Trim());
        }
        var choices = (Choices ?? "").Split('\n').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        // An unknown kind is sent as none, so the validator's own message says which kinds there are.
        SectionKind? kind = Enum.TryParse<SectionKind>(Kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null;
        return new SectionInput(Id?.Trim(), Title, Guidance, kind, Required, limit, choices,
            string.IsNullOrWhiteSpace(CriterionId) ? null : CriterionId.Trim());
    }
}
