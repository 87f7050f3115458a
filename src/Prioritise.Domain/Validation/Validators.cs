using FluentValidation;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Validation;

public sealed class InterestValidator : CommandValidator<InterestInput>
{
    /// <param name="today">The date now (UTC); an interest's end is one that has happened.</param>
    public InterestValidator(DateOnly? today = null)
    {
        RuleFor(x => x.Organisation).RequiredOrganisation().WithName("The interest's organisation");
        RuleFor(x => x.Type).NotNull().WithMessage("Say what kind of interest it is: pecuniary, non-pecuniary or indirect.");
        RuleFor(x => x.Description).OptionalText(TextRules.LongText);
        // The register records that an interest has ended (issue 14), not that it will: until then
        // it still conflicts. A day's grace for a date written in UK time just after midnight UTC.
        var latest = (today ?? DateOnly.FromDateTime(DateTime.UtcNow)).AddDays(1);
        RuleFor(x => x.EndedOn).Must(d => d is null || d.Value <= latest)
            .WithMessage("'{PropertyName}' must not be in the future: record the end of an interest once it has ended.");
    }
}

public sealed class CreateMemberValidator : CommandValidator<CreateMember>
{
    public CreateMemberValidator()
    {
        RuleFor(x => x.Email).OptionalEmail();
        RuleFor(x => x.Id).OptionalId()
            .Must(id => id is null || !Ids.IsReservedForMembers(id))
            .WithMessage("{PropertyName} " + Ids.ReservedRule + ".");
        RuleFor(x => x.Name).RequiredName();
        RuleFor(x => x.Organisation).RequiredOrganisation();
        RuleFor(x => x.Interests).Must(i => i is null || i.Count <= 100).WithMessage("A member can have at most 100 interests.");
        RuleForEach(x => x.Interests).NotNull().SetValidator(new InterestValidator());
    }
}

public sealed class CriterionValidator : CommandValidator<CriterionInput>
{
    public CriterionValidator()
    {
        RuleFor(x => x.Id).RequiredId().WithName("A criterion's id");
        RuleFor(x => x.Name).RequiredName().WithName("A criterion's name");
        RuleFor(x => x.Weight).NotNull().WithMessage("Each criterion needs a weight.")
            .GreaterThan(0m).WithMessage("Criterion weights must be more than zero.")
            .LessThanOrEqualTo(1_000_000m).WithMessage("Criterion weights must be at most 1,000,000.");
    }
}

public sealed class CreateRoundValidator : CommandValidator<CreateRound>
{
    public CreateRoundValidator()
    {
        RuleFor(x => x.Id).OptionalId();
        RuleFor(x => x.Name).RequiredName();
        RuleFor(x => x.FundingCap).Money();
        RuleFor(x => x.Scoring).IsInEnum().WithMessage("Scoring must be \"scored\" (the committee scores the bids) or \"none\" (the chair moderates the accepted applications directly).");
        // Scorers score against the criteria, so a scored round needs them; a round without scoring
        // (issue 16) may state none, and any it states are checked alike and kept as its values.
        When(x => x.Scoring != ScoringMode.None, () => RuleFor(x => x.Criteria).CriteriaList())
            .Otherwise(() => RuleFor(x => x.Criteria).CriteriaListOrNone());
        RuleForEach(x => x.Criteria).NotNull().SetValidator(new CriterionValidator());
        this.ScaleAndAgreement(x => x.Scale, x => x.Agreement);
        RuleFor(x => x.FundingLinePolicy).IsInEnum().WithMessage("The funding line must either stop at the first bid that does not fit or skip it and continue.");
    }
}

/// <summary>The round's field rules, shared by its creation and its correction (CorrectionValidators.cs).</summary>
public static class RoundFieldRules
{
    public static IRuleBuilderOptions<T, IReadOnlyList<CriterionInput>?> CriteriaList<T>(this IRuleBuilder<T, IReadOnlyList<CriterionInput>?> rule) =>
        rule.NotEmpty().WithMessage("A round needs at least one criterion.")
            .Must(c => c is null || c.Count <= 50).WithMessage("A round can have at most 50 criteria.")
            .Must(c => c is null || c.Where(k => k?.Id is not null).GroupBy(k => k.Id).All(g => g.Count() == 1))
            .WithMessage("Each criterion needs its own id: two have the same one.");

    /// <summary>The criteria of a round without scoring (issue 16): none at all is fine; any given follow the same limits.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<CriterionInput>?> CriteriaListOrNone<T>(this IRuleBuilder<T, IReadOnlyList<CriterionInput>?> rule) =>
        rule.Must(c => c is null || c.Count <= 50).WithMessage("A round can have at most 50 criteria.")
            .Must(c => c is null || c.Where(k => k?.Id is not null).GroupBy(k => k.Id).All(g => g.Count() == 1))
            .WithMessage("Each criterion needs its own id: two have the same one.");

    public static void ScaleAndAgreement<T>(this AbstractValidator<T> v, Func<T, ScaleInput?> scale, Func<T, AgreementInput?> agreement)
    {
        v.When(x => scale(x) is not null, () =>
        {
            v.RuleFor(x => scale(x)!.Min).NotNull().InclusiveBetween(0, 1000).OverridePropertyName("scale.min").WithName("The lowest score");
            v.RuleFor(x => scale(x)!.Max).NotNull().InclusiveBetween(1, 1000).OverridePropertyName("scale.max").WithName("The highest score");
            v.RuleFor(x => scale(x)).Must(s => s!.Min is null || s.Max is null || s.Min < s.Max)
                .WithMessage("The lowest score must be below the highest score.").OverridePropertyName("scale");
        });
        v.When(x => agreement(x) is not null, () =>
        {
            v.RuleFor(x => agreement(x)!.HighBelow).NotNull().GreaterThan(0).LessThan(1e6).OverridePropertyName("agreement.highBelow").WithName("The SD below which agreement is High");
            v.RuleFor(x => agreement(x)!.MediumBelow).NotNull().GreaterThan(0).LessThan(1e6).OverridePropertyName("agreement.mediumBelow").WithName("The SD below which agreement is Medium");
            v.RuleFor(x => agreement(x)).Must(a => a!.HighBelow is null || a.MediumBelow is null || a.HighBelow <= a.MediumBelow)
                .WithMessage("The SD for High agreement must not be above the SD for Medium agreement.").OverridePropertyName("agreement");
        });
    }
}

public sealed class AppointMemberValidator : CommandValidator<AppointMember>
{
    public AppointMemberValidator()
    {
        RuleFor(x => x.Roles).NotEmpty().WithMessage("Choose at least one role: scorer, chair, finance or secretary.");
        RuleForEach(x => x.Roles).IsInEnum().WithMessage("A role must be scorer, chair, finance or secretary.");
    }
}

public sealed class AddBidValidator : CommandValidator<AddBid>
{
    public AddBidValidator()
    {
        RuleFor(x => x.Id).OptionalId();
        RuleFor(x => x.Title).RequiredName();
        RuleFor(x => x.Workstream).OptionalName();
        RuleFor(x => x.SponsoringOrganisation).RequiredOrganisation();
        RuleFor(x => x.RecipientOrganisations).Must(r => r is null || r.Count <= 20).WithMessage("A bid can have at most 20 recipient organisations.");
        RuleForEach(x => x.RecipientOrganisations).RequiredOrganisation().WithName("A recipient organisation");
        RuleFor(x => x.AmountRequested).Money();
        RuleFor(x => x.Summary).OptionalText(TextRules.LongText);
    }
}

public sealed class RecordConflictValidator : CommandValidator<RecordConflict>
{
    public RecordConflictValidator()
    {
        RuleFor(x => x.MemberId).RequiredId();
        RuleFor(x => x.BidId).RequiredId();
        RuleFor(x => x.Reason).RequiredText(TextRules.LongText);
    }
}

/// <summary>A sheet is checked against its round: known criteria, integers in the scale, complete when submitted.</summary>
public sealed class SaveSheetValidator : CommandValidator<SaveSheet>
{
    public SaveSheetValidator(RoundDefinition round)
    {
        RuleFor(x => x.Scores).NotNull().WithMessage("The sheet's scores are required (each criterion's id with its score).");
        RuleFor(x => x.Comment).OptionalText(TextRules.LongText);
        RuleFor(x => x.Submit).NotNull().WithMessage("Say whether the sheet is submitted or saved as a draft.");
        When(x => x.Scores is not null, () =>
        {
            RuleFor(x => x.Scores).Custom((scores, ctx) =>
            {
                // Run for every sheet saved: the field's name is made only when there is something to say.
                foreach (var (criterionId, score) in scores!)
                {
                    if (ScoreProblem(round, criterionId, score) is { } problem)
                        ctx.AddFailure($"scores.{criterionId}", problem);
                }
                if (ctx.InstanceToValidate.Submit == true)
                    for (var i = 0; i < round.Criteria.Count; i++)
                        if (round.Criteria[i] is var c && !scores.ContainsKey(c.Id))
                            ctx.AddFailure($"scores.{c.Id}", $"Score {c.Name} before you submit: a submitted sheet scores every criterion.");
            });
        });
    }

    /// <summary>What is wrong with one score on a sheet, or null when nothing is.</summary>
    private static string? ScoreProblem(RoundDefinition round, string criterionId, int? score)
    {
        if (round.FindCriterion(criterionId) is null)
            return $"This round has no criterion '{criterionId}'.";
        var name = round.FindCriterion(criterionId)!.Name;
        if (score is null)
            return $"The score for {name} must be a whole number from {round.Scale.Min} to {round.Scale.Max}.";
        return round.Scale.Contains(score.Value)
            ? null
            : $"The score for {name} must be from {round.Scale.Min} to {round.Scale.Max}; {score} is outside the scale.";
    }
}

/// <summary>
/// A chair's moderation command, field by field: what it must carry for its type. What it means
/// against the list as it stands (the bid is there, not moved relative to itself, an award within
/// the request, a joint group not split) is <see cref="Moderation.ModerationRules.Accept"/>'s.
/// </summary>
public sealed class ModerationCommandValidator : CommandValidator<Moderation.ModerationCommand>
{
    private const string Types = "move, award, jointAward, condition, decline, setFundingLine or revert";

    public ModerationCommandValidator()
    {
        RuleFor(x => x.Type).NotNull().WithMessage($"Say what the action is: {Types}.")
            .IsInEnum().WithMessage($"That is not a moderation action; use {Types}.");
        RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r))
            .When(x => x.Type is not null and not Moderation.ModerationActionType.Condition)
            .WithMessage("A reason is required for every action that changes money or order.");
        RuleFor(x => x.Reason).Must(r => r is null || r.Trim().Length <= TextRules.LongText && TextRules.IsPlainText(r))
            .WithMessage($"The reason must be plain text of at most {TextRules.LongText:N0} characters.");

        When(x => x.Type is Moderation.ModerationActionType.Move or Moderation.ModerationActionType.Award
                      or Moderation.ModerationActionType.Condition or Moderation.ModerationActionType.Decline,
            () => RuleFor(x => x.BidId).RequiredId());
        When(x => x.Type == Moderation.ModerationActionType.Move, () =>
        {
            RuleFor(x => x.Before).Must((c, _) => (c.Before is null) != (c.After is null))
                .WithMessage("Say where the bid goes: before one bid or after one, not both.");
            RuleFor(x => x.Before).OptionalId();
            RuleFor(x => x.After).OptionalId();
        });
        When(x => x.Type is Moderation.ModerationActionType.Award or Moderation.ModerationActionType.JointAward,
            () => RuleFor(x => x.Amount).Must(a => a is { } v && Money.IsValidPositive(v))
                .WithMessage("The amount must be more than zero, in pounds and pence."));
        When(x => x.Type == Moderation.ModerationActionType.JointAward, () =>
        {
            RuleFor(x => x.BidIds).Must(ids => ids is { Count: >= 2 } && ids.Distinct().Count() == ids.Count)
                .WithMessage("A joint award needs two or more different bids.");
            RuleForEach(x => x.BidIds).RequiredId();
        });
        When(x => x.Type == Moderation.ModerationActionType.Condition, () =>
            RuleFor(x => x.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Write the condition.")
                .Must(t => t is null || t.Trim().Length <= TextRules.LongText && TextRules.IsPlainText(t))
                .WithMessage($"The condition must be plain text of at most {TextRules.LongText:N0} characters."));
        When(x => x.Type == Moderation.ModerationActionType.SetFundingLine, () =>
            RuleFor(x => x.AfterBidId).Must(id => string.IsNullOrEmpty(id) || Ids.IsValid(id)).WithMessage("The bid the line goes after " + Ids.Rule + "."));
        When(x => x.Type == Moderation.ModerationActionType.Revert, () =>
            RuleFor(x => x.ActionId).NotEmpty().WithMessage("Say which action to revert."));
    }
}

/// <summary>Finance's confirmation: an optional reason in plain text (required when accepting an over-commitment, which is the list's rule).</summary>
public sealed class ConfirmCommandValidator : CommandValidator<Moderation.ConfirmCommand>
{
    public ConfirmCommandValidator() =>
        RuleFor(x => x.Reason).Must(r => r is null || r.Trim().Length <= TextRules.LongText && TextRules.IsPlainText(r))
            .WithMessage($"The reason must be plain text of at most {TextRules.LongText:N0} characters.");
}

/// <summary>(issue 14) The chair's ready-for-finance mark: an optional note.</summary>
public sealed class ReadyCommandValidator : CommandValidator<Moderation.ReadyCommand>
{
    public ReadyCommandValidator() =>
        RuleFor(x => x.Note).Must(r => r is null || r.Trim().Length <= TextRules.LongText && TextRules.IsPlainText(r))
            .WithMessage($"The note must be plain text of at most {TextRules.LongText:N0} characters.");
}

/// <summary>A revision of the pot: the new cap and why.</summary>
public sealed class CapRevisionCommandValidator : CommandValidator<Moderation.CapRevisionCommand>
{
    public CapRevisionCommandValidator()
    {
        RuleFor(x => x.FundingCap).Must(c => c is { } v && Money.IsValidPositive(v))
            .WithMessage("The funding cap must be more than zero, in pounds and pence.");
        RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r) && r.Trim().Length <= TextRules.LongText && TextRules.IsPlainText(r))
            .WithMessage($"Give the reason for revising the cap (plain text, at most {TextRules.LongText:N0} characters).");
    }
}
