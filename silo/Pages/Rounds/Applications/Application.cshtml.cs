using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;
using Prioritise.Grains;

namespace Prioritise.Silo.Pages.Rounds.Applications;

/// <summary>
/// One application: its applicant fills it in (save a draft, submit) and attaches files while it is
/// a draft or returned; afterwards everyone allowed reads it, with its screening history, and the
/// secretary screens it. Every rule is the grains'; this page binds and shows.
/// </summary>
public sealed class ApplicationModel(IGrainFactory grains) : ApplicationPage(grains)
{
    [BindProperty(SupportsGet = true, Name = "a")] public string ApplicationId { get; set; } = "";

    // The bid's fields and the answers as typed: a criterion section's answer is keyed "<section>.<criterion>".
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Workstream { get; set; }
    [BindProperty] public string? SponsoringOrganisation { get; set; }
    [BindProperty] public string? RecipientOrganisations { get; set; }
    [BindProperty] public string? AmountRequested { get; set; }
    [BindProperty] public Dictionary<string, string?> Answers { get; set; } = new(StringComparer.Ordinal);
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    public ApplicationView? Application { get; private set; }
    public ApplicationForm Form { get; private set; } = DefaultForm.Form;

    public bool Editable => Application is { } a && IsApplicant && a.ApplicantId == Caller.Id
        && a.Status is ApplicationStatus.Draft or ApplicationStatus.Returned;
    public bool Screenable => Application is { Status: ApplicationStatus.Submitted } && IsSecretary;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } refused) return refused;
        Fill(Application!);
        return Page();
    }

    public Task<IActionResult> OnPostDraftAsync() => Save(submit: false);
    public Task<IActionResult> OnPostSubmitAsync() => Save(submit: true);

    private async Task<IActionResult> Save(bool submit)
    {
        if (await Load() is { } refused) return refused;
        var command = new SaveApplication(null, Title, Workstream, SponsoringOrganisation,
            (RecipientOrganisations ?? "").Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            ParseMoney(AmountRequested, out var amountUnreadable), ToInputs(), submit);
        if (amountUnreadable)
        {
            FieldErrors["amountRequested"] = ["Enter the amount asked for in pounds, such as 47742 or 47742.50."];
            Errors.Add(FieldErrors["amountRequested"][0]);
            return Page();
        }
        if (!await TryChange(() => Grains.Application(RoundId, ApplicationId).Save(Caller, command, creating: false))) return Page();
        return Done(submit ? "Your application is submitted. The secretary will screen it." : "Draft saved.",
            null, new { r = RoundId, a = ApplicationId });
    }

    public async Task<IActionResult> OnPostAttachAsync()
    {
        if (await Load() is { } refused) return refused;
        Fill(Application!);
        if (Upload is null || Upload.Length == 0)
        {
            Errors.Add("Choose a file to attach.");
            return Page();
        }
        if (Upload.Length > AttachmentTypes.MaxBytes)
        {
            Errors.Add("A file may be at most 10 MiB.");
            return Page();
        }
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer);
        if (!await TryChange(() => Grains.Application(RoundId, ApplicationId).Attach(Caller, Upload.FileName, buffer.ToArray()))) return Page();
        return Done($"'{Upload.FileName}' attached.", null, new { r = RoundId, a = ApplicationId });
    }

    public async Task<IActionResult> OnPostScreenAsync()
    {
        if (await Load() is { } refused) return refused;
        ScreeningOutcome? outcome = Outcome switch { "accept" => ScreeningOutcome.Accept, "return" => ScreeningOutcome.Return, "reject" => ScreeningOutcome.Reject, _ => null };
        if (!await TryChange(() => Grains.Application(RoundId, ApplicationId).Screen(Caller, new ScreenApplication(outcome, Reason)))) return Page();
        return Done(outcome switch
        {
            ScreeningOutcome.Accept => "Application accepted: it is now a bid in the round.",
            ScreeningOutcome.Return => "Application returned to its applicant with your reason.",
            _ => "Application rejected.",
        }, "/Rounds/Applications/Index", new { r = RoundId });
    }

    public async Task<IActionResult> OnGetAttachmentAsync(string id)
    {
        if (await LoadCall() is { } refused) return refused;
        if (!Ids.IsValid(ApplicationId) || !Ids.IsValid(id)) return NotFound();
        try
        {
            var content = await Grains.Application(RoundId, ApplicationId).GetAttachment(Caller, id);
            return File(content.Bytes, content.Info.ContentType, content.Info.Name);
        }
        catch (DomainException e) when (e.Refusal == Refusal.NotFound) { return NotFound(); }
        catch (DomainException e) when (e.Refusal == Refusal.Forbidden) { return StatusCode(StatusCodes.Status403Forbidden); }
    }

    private async Task<IActionResult?> Load()
    {
        if (await LoadCall() is { } refused) return refused;
        if (!Ids.IsValid(ApplicationId)) return NotFound();
        try
        {
            Application = await Grains.Application(RoundId, ApplicationId).Get(Caller);
            Form = await RoundGrain.GetApplicationForm(Caller);
        }
        catch (DomainException e) when (e.Refusal == Refusal.NotFound) { return NotFound(); }
        catch (DomainException e) when (e.Refusal == Refusal.Forbidden) { return StatusCode(StatusCodes.Status403Forbidden); }
        return null;
    }

    /// <summary>The form's fields from the application as it stands.</summary>
    private void Fill(ApplicationView a)
    {
        Title = a.Title;
        Workstream = a.Workstream;
        SponsoringOrganisation = a.SponsoringOrganisation;
        RecipientOrganisations = string.Join("\n", a.RecipientOrganisations);
        AmountRequested = a.AmountRequested?.ToString("0.##", CultureInfo.InvariantCulture);
        Answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (id, answer) in a.Answers)
        {
            if (answer.ByCriterion is { } byCriterion)
                foreach (var (c, text) in byCriterion) Answers[$"{id}.{c}"] = text;
            else Answers[id] = Shown(answer);
        }
    }

    public static string Shown(Answer a) =>
        a.Money is { } m ? m.ToString("0.##", CultureInfo.InvariantCulture)
        : a.Date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : a.Text ?? "";

    /// <summary>What was typed, as the grain takes it; an amount that is not a number goes as unreadable, so the grain names its section.</summary>
    private Dictionary<string, AnswerInput?> ToInputs()
    {
        var inputs = new Dictionary<string, AnswerInput?>(StringComparer.Ordinal);
        foreach (var section in Form.Sections)
        {
            if (section.Kind == SectionKind.Criterion)
            {
                var byKey = Answers.Where(kv => kv.Key.StartsWith(section.Id + ".", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(kv.Value))
                    .ToDictionary(kv => kv.Key[(section.Id.Length + 1)..], kv => kv.Value);
                if (byKey.Count > 0) inputs[section.Id] = AnswerInput.Of(byKey);
                continue;
            }
            if (Answers.GetValueOrDefault(section.Id) is not { } typed || string.IsNullOrWhiteSpace(typed)) continue;
            inputs[section.Id] = section.Kind == SectionKind.Money
                ? ParseMoney(typed, out var bad) is { } amount && !bad ? AnswerInput.Of(amount) : AnswerInput.Malformed
                : AnswerInput.Of(typed);
        }
        return inputs;
    }

    private static decimal? ParseMoney(string? typed, out bool unreadable)
    {
        unreadable = false;
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var cleaned = typed.Trim().TrimStart('£').Replace(",", "");
        if (decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return amount;
        unreadable = true;
        return null;
    }

    /// <summary>The criteria a criterion section asks about, with "overall" first: the 2018 forms answered once for all.</summary>
    public IEnumerable<(string Key, string Name)> CriterionKeys(FormSection section) =>
        new[] { (Answer.Overall, "All the criteria together") }
            .Concat(ApplicationRules.CriteriaOf(section, Call!.Definition.Criteria).Select(c => (c.Id, c.Name)));

    public int Words(string key) => ApplicationRules.Words(Answers.GetValueOrDefault(key));
}
