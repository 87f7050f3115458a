using FluentValidation;
using Prioritise.Domain.Governance;

namespace Prioritise.Domain.Validation;

// The commands of what happens after the decision (issue 16; docs/api.md "After the decision"),
// each checked once where it enters the governance grain.

public sealed record GoverningBodyInput(string? Id, string? Name, BodyPower? Power)
{
    public GoverningBody ToBody() => new(Id!, Name!.Trim(), Power!.Value);
}

/// <summary>The bodies a round's decisions pass through, in order, and what applicants are told.</summary>
/// <param name="Paper">What the board paper's cover and prose say that the scores cannot (optional; <see cref="Reports.BoardPaper.For"/>).</param>
public sealed record SetGovernance(IReadOnlyList<GoverningBodyInput>? Bodies, FeedbackPolicy? FeedbackPolicy = null, Reports.PaperDetails? Paper = null);

public sealed record RecordResolution(string? BodyId, ResolutionOutcome? Outcome, DateOnly? MeetingDate, string? MinuteRef, string? Note);

public sealed record DischargeCondition(DischargeOutcome? Outcome, string? Evidence, string? Reason);

public sealed record ReleaseFunds(string? BidId, decimal? Amount, string? Reason);

public sealed record FileReturn(string? Period, decimal? Spent, string? Note, IReadOnlyDictionary<string, decimal>? Metrics);

/// <summary>The chair's feedback on a bid for its applicant; <see cref="Release"/> lets the applicant read it once the decision is approved.</summary>
public sealed record WriteFeedback(string? Text, bool? Release);

public sealed class GoverningBodyValidator : CommandValidator<GoverningBodyInput>
{
    public GoverningBodyValidator()
    {
        RuleFor(x => x.Id).RequiredId();
        RuleFor(x => x.Name).RequiredName();
        RuleFor(x => x.Power).NotNull().WithMessage("Say whether the body endorses or approves the decision.").IsInEnum();
    }
}

public sealed class SetGovernanceValidator : CommandValidator<SetGovernance>
{
    public SetGovernanceValidator()
    {
        RuleFor(x => x.Bodies).NotNull().WithMessage("Name the bodies the decision passes through (an empty list for none).")
            .Must(b => b is null || b.Count <= 20).WithMessage("A decision passes through at most 20 bodies.")
            .Must(b => b is null || b.Where(x => x?.Id is not null).GroupBy(x => x.Id).All(g => g.Count() == 1))
            .WithMessage("Each body is named once.")
            .Must(b => b is null || b.Count == 0 || b.Any(x => x?.Power == BodyPower.Approve))
            .WithMessage("One of the bodies must approve the decision, or name none (finance's confirmation then approves it).");
        RuleForEach(x => x.Bodies).NotNull().SetValidator(new GoverningBodyValidator());
        RuleFor(x => x.FeedbackPolicy).IsInEnum();
        RuleFor(x => x.Paper!.Title).OptionalText(TextRules.ShortText).When(x => x.Paper is not null);
        RuleFor(x => x.Paper!.LeadOfficer).OptionalText(TextRules.ShortText).When(x => x.Paper is not null);
        RuleFor(x => x.Paper!.Author).OptionalText(TextRules.ShortText).When(x => x.Paper is not null);
        RuleFor(x => x.Paper!.Committees).OptionalText().When(x => x.Paper is not null);
        RuleFor(x => x.Paper!.ConflictsPolicy).OptionalText().When(x => x.Paper is not null);
        RuleFor(x => x.Paper!.NonRecurrentNote).OptionalText().When(x => x.Paper is not null);
        RuleForEach(x => x.Paper!.ExecutiveSummary).OptionalText().When(x => x.Paper?.ExecutiveSummary is not null);
        RuleForEach(x => x.Paper!.Recommendations).OptionalText().When(x => x.Paper?.Recommendations is not null);
    }
}

public sealed class RecordResolutionValidator : CommandValidator<RecordResolution>
{
    public RecordResolutionValidator()
    {
        RuleFor(x => x.BodyId).RequiredId();
        RuleFor(x => x.Outcome).NotNull().WithMessage("Say what the body resolved: endorsed, approved, declined or deferred.").IsInEnum();
        RuleFor(x => x.MeetingDate).NotNull().WithMessage("Give the date of the meeting that resolved it.");
        RuleFor(x => x.MinuteRef).OptionalText(TextRules.ShortText);
        RuleFor(x => x.Note).OptionalText();
        RuleFor(x => x.Note).Must(n => !string.IsNullOrWhiteSpace(n))
            .When(x => x.Outcome is ResolutionOutcome.Declined or ResolutionOutcome.Deferred)
            .WithMessage("Say why the body declined or deferred it: the decision page shows it.");
    }
}

public sealed class DischargeConditionValidator : CommandValidator<DischargeCondition>
{
    public DischargeConditionValidator()
    {
        RuleFor(x => x.Outcome).NotNull().WithMessage("Say whether the condition is met or waived.").IsInEnum();
        RuleFor(x => x.Evidence).OptionalText();
        RuleFor(x => x.Reason).OptionalText();
    }
}

public sealed class ReleaseFundsValidator : CommandValidator<ReleaseFunds>
{
    public ReleaseFundsValidator()
    {
        RuleFor(x => x.BidId).RequiredId();
        RuleFor(x => x.Amount).Money();
        RuleFor(x => x.Reason).OptionalText();
    }
}

public sealed class FileReturnValidator : CommandValidator<FileReturn>
{
    public FileReturnValidator()
    {
        RuleFor(x => x.Period).RequiredText();
        RuleFor(x => x.Spent).NotNull().WithMessage("Spent is required (0 for nothing spent yet).")
            .GreaterThanOrEqualTo(0m)
            .LessThanOrEqualTo(Money.Maximum)
            .Must(m => m is null || Money.HasAtMostTwoDecimals(m.Value))
            .WithMessage("Spent must be in pounds and pence, with at most two decimal places.");
        RuleFor(x => x.Note).OptionalText();
        RuleFor(x => x.Metrics).Must(m => m is null || m.Count <= 30).WithMessage("A return carries at most 30 metrics.")
            .Must(m => m is null || m.Keys.All(k => !string.IsNullOrWhiteSpace(k) && k.Length <= TextRules.ShortText && TextRules.IsPlainText(k)))
            .WithMessage("Each metric needs a name in plain text.");
    }
}

public sealed class WriteFeedbackValidator : CommandValidator<WriteFeedback>
{
    public WriteFeedbackValidator()
    {
        RuleFor(x => x.Text).RequiredText(TextRules.LongText);
    }
}
