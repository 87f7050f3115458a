using FluentValidation;

namespace Prioritise.Domain.Validation;

// Corrections (issue 14): a null field is left as it is; a field that is given is held to the same
// rules as when the record was made. Every correction carries a reason (the audit keeps it), and
// may carry the version it was made against. What may change in which status is not a matter of
// the fields alone: that is Rounds/Corrections.cs.

public sealed class CorrectRoundValidator : CommandValidator<CorrectRound>
{
    public CorrectRoundValidator()
    {
        When(x => x.Name is not null, () => RuleFor(x => x.Name).RequiredName());
        When(x => x.FundingCap is not null, () => RuleFor(x => x.FundingCap).Money());
        When(x => x.Criteria is not null, () =>
        {
            RuleFor(x => x.Criteria).CriteriaList();
            RuleForEach(x => x.Criteria).NotNull().SetValidator(new CriterionValidator());
        });
        this.ScaleAndAgreement(x => x.Scale, x => x.Agreement);
        RuleFor(x => x.FundingLinePolicy).IsInEnum();
        RuleFor(x => x.Scoring).IsInEnum().WithMessage("Scoring must be \"scored\" or \"none\".");
        RuleFor(x => x.Reason).Reason();
        RuleFor(x => x.ExpectedVersion).GreaterThanOrEqualTo(0);
    }
}

public sealed class CorrectBidValidator : CommandValidator<CorrectBid>
{
    public CorrectBidValidator()
    {
        When(x => x.Title is not null, () => RuleFor(x => x.Title).RequiredName());
        RuleFor(x => x.Workstream).OptionalName();
        RuleFor(x => x.Summary).OptionalText(TextRules.LongText);
        When(x => x.SponsoringOrganisation is not null, () => RuleFor(x => x.SponsoringOrganisation).RequiredOrganisation());
        RuleFor(x => x.RecipientOrganisations).Must(r => r is null || r.Count <= 20).WithMessage("At most 20 recipient organisations.");
        RuleForEach(x => x.RecipientOrganisations).RequiredOrganisation();
        When(x => x.AmountRequested is not null, () => RuleFor(x => x.AmountRequested).Money());
        RuleFor(x => x.Reason).Reason();
        RuleFor(x => x.ExpectedVersion).GreaterThanOrEqualTo(0);
    }
}

public sealed class CorrectMemberValidator : CommandValidator<CorrectMember>
{
    /// <param name="today">The date now (UTC): an interest's end date must not be in the future.</param>
    public CorrectMemberValidator(DateOnly? today = null)
    {
        When(x => x.Name is not null, () => RuleFor(x => x.Name).RequiredName());
        When(x => x.Organisation is not null, () => RuleFor(x => x.Organisation).RequiredOrganisation());
        RuleFor(x => x.Email).OptionalEmail();
        RuleFor(x => x.Interests).Must(i => i is null || i.Count <= 100).WithMessage("At most 100 interests.");
        RuleForEach(x => x.Interests).NotNull().SetValidator(new InterestValidator(today));
        RuleFor(x => x.Reason).Reason();
        RuleFor(x => x.ExpectedVersion).GreaterThanOrEqualTo(0);
    }
}

/// <summary>Withdrawing a bid or removing a seat: the reason alone.</summary>
public sealed class CorrectionReasonValidator : CommandValidator<CorrectionReason>
{
    public CorrectionReasonValidator() => RuleFor(x => x.Reason).Reason();
}
