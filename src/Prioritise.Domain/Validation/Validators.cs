using FluentValidation;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Validation;

public sealed class InterestValidator : CommandValidator<InterestInput>
{
    /// <param name="today">The date now (UTC); an interest's end is one that has happened.</param>
    public InterestValidator(DateOnly? today = null)
    {
        RuleFor(x => x.Organisation).RequiredOrganisation();
        RuleFor(x => x.Type).NotNull().WithMessage("'{PropertyName}' is required: pecuniary, nonPecuniary or indirect.");
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
            .WithMessage("'{PropertyName}' " + Ids.ReservedRule + ".");
        RuleFor(x => x.Name).RequiredName();
        RuleFor(x => x.Organisation).RequiredOrganisation();
        RuleFor(x => x.Interests).Must(i => i is null || i.Count <= 100).WithMessage("At most 100 interests.");
        RuleForEach(x => x.Interests).NotNull().SetValidator(new InterestValidator());
    }
}

public sealed class CriterionValidator : CommandValidator<CriterionInput>
{
    public CriterionValidator()
    {
        RuleFor(x => x.Id).RequiredId();
        RuleFor(x => x.Name).RequiredName();
        RuleFor(x => x.Weight).NotNull().WithMessage("'{PropertyName}' is required.")
            .GreaterThan(0m).WithMessage("'{PropertyName}' must be more than zero.")
            .LessThanOrEqualTo(1_000_000m);
    }
}

public sealed class CreateRoundValidator : CommandValidator<CreateRound>
{
    public CreateRoundValidator()
    {
        RuleFor(x => x.Id).OptionalId();
        RuleFor(x => x.Name).RequiredName();
        RuleFor(x => x.FundingCap).Money();
        RuleFor(x => x.Criteria).CriteriaList();
        RuleForEach(x => x.Criteria).NotNull().SetValidator(new CriterionValidator());
        this.ScaleAndAgreement(x => x.Scale, x => x.Agreement);
        RuleFor(x => x.FundingLinePolicy).IsInEnum();
    }
}

/// <summary>The round's field rules, shared by its creation and its correction (CorrectionValidators.cs).</summary>
public static class RoundFieldRules
{
    public static IRuleBuilderOptions<T, IReadOnlyList<CriterionInput>?> CriteriaList<T>(this IRuleBuilder<T, IReadOnlyList<CriterionInput>?> rule) =>
        rule.NotEmpty().WithMessage("At least one criterion is required.")
            .Must(c => c is null || c.Count <= 50).WithMessage("At most 50 criteria.")
            .Must(c => c is null || c.Where(k => k?.Id is not null).GroupBy(k => k.Id).All(g => g.Count() == 1))
            .WithMessage("Criterion ids must be unique.");

    public static void ScaleAndAgreement<T>(this AbstractValidator<T> v, Func<T, ScaleInput?> scale, Func<T, AgreementInput?> agreement)
    {
        v.When(x => scale(x) is not null, () =>
        {
            v.RuleFor(x => scale(x)!.Min).NotNull().InclusiveBetween(0, 1000).OverridePropertyName("scale.min");
            v.RuleFor(x => scale(x)!.Max).NotNull().InclusiveBetween(1, 1000).OverridePropertyName("scale.max");
            v.RuleFor(x => scale(x)).Must(s => s!.Min is null || s.Max is null || s.Min < s.Max)
                .WithMessage("'scale.min' must be below 'scale.max'.").OverridePropertyName("scale");
        });
        v.When(x => agreement(x) is not null, () =>
        {
            v.RuleFor(x => agreement(x)!.HighBelow).NotNull().GreaterThan(0).LessThan(1e6).OverridePropertyName("agreement.highBelow");
            v.RuleFor(x => agreement(x)!.MediumBelow).NotNull().GreaterThan(0).LessThan(1e6).OverridePropertyName("agreement.mediumBelow");
            v.RuleFor(x => agreement(x)).Must(a => a!.HighBelow is null || a.MediumBelow is null || a.HighBelow <= a.MediumBelow)
                .WithMessage("'agreement.highBelow' must not exceed 'agreement.mediumBelow'.").OverridePropertyName("agreement");
        });
    }
}

public sealed class AppointMemberValidator : CommandValidator<AppointMember>
{
    public AppointMemberValidator()
    {
        RuleFor(x => x.Roles).NotEmpty().WithMessage("At least one role is required: scorer, chair, finance or secretary.");
        RuleForEach(x => x.Roles).IsInEnum();
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
        RuleFor(x => x.RecipientOrganisations).Must(r => r is null || r.Count <= 20).WithMessage("At most 20 recipient organisations.");
        RuleForEach(x => x.RecipientOrganisations).RequiredOrganisation();
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
        RuleFor(x => x.Scores).NotNull().WithMessage("'scores' is required (an object of criterion id to score).");
        RuleFor(x => x.Comment).OptionalText(TextRules.LongText);
        RuleFor(x => x.Submit).NotNull().WithMessage("'submit' is required: true to submit, false to save a draft.");
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
                            ctx.AddFailure($"scores.{c.Id}", $"A submitted sheet must score '{c.Id}' ({c.Name}).");
            });
        });
    }

    /// <summary>What is wrong with one score on a sheet, or null when nothing is.</summary>
    private static string? ScoreProblem(RoundDefinition round, string criterionId, int? score)
    {
        if (round.FindCriterion(criterionId) is null)
            return $"'{criterionId}' is not a criterion of this round.";
        if (score is null)
            return $"The score for '{criterionId}' must be a whole number from {round.Scale.Min} to {round.Scale.Max}.";
        return round.Scale.Contains(score.Value)
            ? null
            : $"The score for '{criterionId}' must be from {round.Scale.Min} to {round.Scale.Max}; {score} is outside the scale.";
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
        RuleFor(x => x.Type).NotNull().WithMessage($"'type' is required: {Types}.")
            .IsInEnum().WithMessage($"Unknown action type; use {Types}.");
        RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r))
            .When(x => x.Type is not null and not Moderation.ModerationActionType.Condition)
            .WithMessage("A reason is required for every action that changes money or order.");
        RuleFor(x => x.Reason).Must(r => r is null || r.Trim().Length <= TextRules.LongText && TextRules.IsPlainText(r))
            .WithMessage($"'reason' must be plain text of at most {TextRules.LongText} characters.");

        When(x => x.Type is Moderation.ModerationActionType.Move or Moderation.ModerationActionType.Award
                      or Moderation.ModerationActionType.Condition or Moderation.ModerationActionType.Decline,
            () => RuleFor(x => x.BidId).RequiredId());
        When(x => x.Type == Moderation.ModerationActionType.Move, () =>
        {
            RuleFor(x => x.Before).Must((c, _) => (c.Before is null) != (c.After is null))
                .WithMessage("Give exactly one of 'before' or 'after'.");
            RuleFor(x => x.Before).OptionalId();
            RuleFor(x => x.After).OptionalId();
        });
        When(x => x.Type is Moderation.ModerationActionType.Award or Moderation.ModerationActionType.JointAward,
            () => RuleFor(x => x.Amount).Must(a => a is { } v && Money.IsValidPositive(v))
                .WithMessage("'amount' must be more than zero, in pounds with at most two decimal places."));
        When(x => x.Type == Moderation.ModerationActionType.JointAward, () =>
        {
            RuleFor(x => x.BidIds).Must(ids => ids is { Count: >= 2 } && ids.Distinct().Count() == ids.Count)
                .WithMessage("A joint award needs two or more different bids.");
            RuleForEach(x => x.BidIds).RequiredId();
        });
        When(x => x.Type == Moderation.ModerationActionType.Condition, () =>
            RuleFor(x => x.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("The condition's text is required.")
                .Must(t => t is null || t.Trim().Length <= TextRules.LongText && TextRules.IsPlainText(t))
                .WithMessage($"'text' must be plain text of at most {TextRules.LongText} characters."));
        When(x => x.Type == Moderation.ModerationActionType.SetFundingLine, () =>
            RuleFor(x => x.AfterBidId).Must(id => string.IsNullOrEmpty(id) || Ids.IsValid(id)).WithMessage("'afterBidId' " + Ids.Rule + "."));
        When(x => x.Type == Moderation.ModerationActionType.Revert, () =>
            RuleFor(x => x.ActionId).NotEmpty().WithMessage("'actionId' is required: the id of the action to revert."));
    }
}

/// <summary>Finance's confirmation: an optional reason in plain text (required when accepting an over-commitment, which is the list's rule).</summary>
public sealed class ConfirmCommandValidator : CommandValidator<Moderation.ConfirmCommand>
{
    public ConfirmCommandValidator() =>
        RuleFor(x => x.Reason).Must(r => r is null || r.Trim().Length <= TextRules.LongText && TextRules.IsPlainText(r))
            .WithMessage($"'reason' must be plain text of at most {TextRules.LongText} characters.");
}

/// <summary>A revision of the pot: the new cap and why.</summary>
public sealed class CapRevisionCommandValidator : CommandValidator<Moderation.CapRevisionCommand>
{
    public CapRevisionCommandValidator()
    {
        RuleFor(x => x.FundingCap).Must(c => c is { } v && Money.IsValidPositive(v))
            .WithMessage("'fundingCap' must be more than zero, in pounds with at most two decimal places.");
        RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r) && r.Trim().Length <= TextRules.LongText && TextRules.IsPlainText(r))
            .WithMessage($"A cap revision needs a reason (plain text, at most {TextRules.LongText} characters).");
    }
}
