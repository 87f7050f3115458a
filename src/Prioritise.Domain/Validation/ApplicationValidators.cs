using FluentValidation;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Validation;

// The commands of the call for bids (issue 15), as they arrive.

public sealed record SectionInput(
    string? Id, string? Title, string? Guidance, SectionKind? Kind, bool? Required, int? MaxLength,
    IReadOnlyList<string>? Choices, string? CriterionId);

public sealed record SetApplicationForm(IReadOnlyList<SectionInput>? Sections);

public sealed class SectionValidator : CommandValidator<SectionInput>
{
    public SectionValidator(IReadOnlyList<Criterion> criteria)
    {
        RuleFor(x => x.Id).RequiredId();
        RuleFor(x => x.Title).RequiredText(TextRules.LongText);
        RuleFor(x => x.Guidance).OptionalText(TextRules.LongText);
        RuleFor(x => x.Kind).NotNull().WithMessage("Say what kind of answer the section takes: text, money, date, choice or criterion.").IsInEnum();
        RuleFor(x => x.MaxLength).InclusiveBetween(1, 20_000).When(x => x.MaxLength is not null)
            .WithMessage("A word limit must be between 1 and 20,000 words.");
        RuleFor(x => x.MaxLength).Null().When(x => x.Kind is SectionKind.Money or SectionKind.Date or SectionKind.Choice)
            .WithMessage("Only text and criterion sections have a word limit.");
        When(x => x.Kind == SectionKind.Choice, () =>
        {
            RuleFor(x => x.Choices).NotEmpty().WithMessage("A choice section needs at least one choice.")
                .Must(c => c is null || c.Count <= 50).WithMessage("At most 50 choices.")
                .Must(c => c is null || c.Distinct(StringComparer.Ordinal).Count() == c.Count).WithMessage("Each choice must be different.");
            RuleForEach(x => x.Choices).RequiredText();
        }).Otherwise(() =>
            RuleFor(x => x.Choices).Must(c => c is null || c.Count == 0).WithMessage("Only a choice section has choices."));
        RuleFor(x => x.CriterionId).Null().When(x => x.Kind != SectionKind.Criterion)
            .WithMessage("Only a criterion section names a criterion.");
        RuleFor(x => x.CriterionId).Must(id => id is null || criteria.Any(c => c.Id == id))
            .WithMessage(x => $"The round has no criterion '{x.CriterionId}'.");
    }
}

public sealed class SetApplicationFormValidator : CommandValidator<SetApplicationForm>
{
    public SetApplicationFormValidator(IReadOnlyList<Criterion> criteria)
    {
        RuleFor(x => x.Sections).NotEmpty().WithMessage("A form needs at least one section.")
            .Must(s => s is null || s.Count <= 60).WithMessage("At most 60 sections.")
            .Must(s => s is null || s.Where(k => k?.Id is not null).GroupBy(k => k.Id).All(g => g.Count() == 1))
            .WithMessage("Section ids must be unique.");
        RuleForEach(x => x.Sections).NotNull().SetValidator(new SectionValidator(criteria));
    }
}

public static class ApplicationMapping
{
    public static ApplicationForm ToForm(this SetApplicationForm command) => new(command.Sections!.Select(s => new FormSection(
        s.Id!, s.Title!.Trim(), s.Guidance?.Trim() ?? "", s.Kind!.Value, s.Required ?? false, s.MaxLength,
        s.Kind == SectionKind.Choice ? s.Choices!.Select(c => c.Trim()).ToList() : [], s.CriterionId)).ToList());

    public static SetApplicationForm ToCommand(this ApplicationForm form) => new(form.Sections.Select(s =>
        new SectionInput(s.Id, s.Title, s.Guidance, s.Kind, s.Required, s.MaxLength, s.Choices, s.CriterionId)).ToList());
}

/// <summary>
/// An application as its applicant saves it (issue 15): the fields the bid will carry, the answers
/// by section id (already turned into <see cref="AnswerInput"/>s at the edge), and whether it is
/// being submitted. The same body starts an application and changes it.
/// </summary>
public sealed record SaveApplication(
    string? Id,
    string? Title,
    string? Workstream,
    string? SponsoringOrganisation,
    IReadOnlyList<string>? RecipientOrganisations,
    decimal? AmountRequested,
    IReadOnlyDictionary<string, AnswerInput?>? Answers,
    bool? Submit);

/// <summary>
/// The bid fields of an application: as for any bid, though a draft may leave the title and the
/// amount out (they are needed to submit). The answers are the form's to judge
/// (<see cref="ApplicationRules.Check"/>).
/// </summary>
public sealed class SaveApplicationValidator : CommandValidator<SaveApplication>
{
    public SaveApplicationValidator()
    {
        RuleFor(x => x.Id).OptionalId();
        RuleFor(x => x.Title).OptionalName();
        RuleFor(x => x.Workstream).OptionalName();
        RuleFor(x => x.SponsoringOrganisation).OptionalName();
        RuleFor(x => x.RecipientOrganisations).Must(r => r is null || r.Count <= 20).WithMessage("At most 20 organisations the money would go to.");
        RuleForEach(x => x.RecipientOrganisations).RequiredOrganisation();
        RuleFor(x => x.AmountRequested).Money().When(x => x.AmountRequested is not null);
        RuleFor(x => x.Answers).Must(a => a is null || a.Count <= 100).WithMessage("At most 100 answers.");
    }
}

/// <summary>The secretary's screening of a submitted application.</summary>
public sealed record ScreenApplication(ScreeningOutcome? Outcome, string? Reason);

public sealed class ScreenApplicationValidator : CommandValidator<ScreenApplication>
{
    public ScreenApplicationValidator()
    {
        RuleFor(x => x.Outcome).NotNull().WithMessage("Say whether the application is accepted, returned or rejected.").IsInEnum();
        RuleFor(x => x.Reason).NotEmpty()
            .When(x => x.Outcome is { } o && ApplicationLifecycle.NeedsReason(ApplicationLifecycle.ActionOf(o)))
            .WithMessage("Say why: the applicant reads the reason.");
        RuleFor(x => x.Reason).OptionalText(TextRules.LongText);
    }
}

/// <summary>Opening the call for applications, with the date it closes.</summary>
public sealed record OpenCall(DateTimeOffset? ClosesAt);

public sealed class OpenCallValidator : CommandValidator<OpenCall>
{
    public OpenCallValidator(DateTimeOffset now)
    {
        RuleFor(x => x.ClosesAt).NotNull().WithMessage("Say when the call closes.")
            .GreaterThan(now).WithMessage("The closing date must be in the future.");
    }
}

/// <summary>What the bid made from an accepted application carries over.</summary>
public static class ApplicationBid
{
    /// <summary>
    /// The bid's fields: the same id, title, workstream, organisations and amount; the summary from
    /// the form's summary answer, cut at a word to fit a bid's summary (the whole answer stays on
    /// the application, which the score sheet shows).
    /// </summary>
    public static AddBid ToAddBid(string id, string title, string? workstream, string sponsor, IReadOnlyList<string> recipients,
        decimal amount, IReadOnlyDictionary<string, Answer> answers)
    {
        var summary = answers.TryGetValue(DefaultForm.Summary, out var s) ? s.Text ?? "" : "";
        if (summary.Length > TextRules.LongText)
        {
            var cut = summary.LastIndexOf(' ', TextRules.LongText - 2);
            summary = summary[..(cut > 0 ? cut : TextRules.LongText - 2)].TrimEnd() + " …";
        }
        return new AddBid(id, title, workstream, sponsor, recipients, amount, summary);
    }
}
