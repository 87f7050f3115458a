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
