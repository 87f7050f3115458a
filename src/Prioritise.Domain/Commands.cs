using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain;

// The commands users send, as they arrive. Everything is nullable because bad input must be
// reported field by field by the validators, not fail somewhere deeper.

public sealed record InterestInput(string? Organisation, InterestType? Type, string? Description, DateOnly? EndedOn = null);

public sealed record CreateMember(string? Id, string? Name, string? Organisation, IReadOnlyList<InterestInput>? Interests, string? Email = null);

public sealed record CriterionInput(string? Id, string? Name, decimal? Weight);

public sealed record ScaleInput(int? Min, int? Max);

public sealed record AgreementInput(double? HighBelow, double? MediumBelow);

public sealed record CreateRound(
    string? Id,
    string? Name,
    decimal? FundingCap,
    ScaleInput? Scale,
    IReadOnlyList<CriterionInput>? Criteria,
    AgreementInput? Agreement,
    FundingLinePolicy? FundingLinePolicy,
    DateTimeOffset? ScoringClosesAt = null,
    // Issue 16: "none" for a round the chair moderates without scoring; omitted, the round is scored.
    ScoringMode? Scoring = null);

public sealed record AppointMember(IReadOnlyList<CommitteeRole>? Roles);

public sealed record AddBid(
    string? Id,
    string? Title,
    string? Workstream,
    string? SponsoringOrganisation,
    IReadOnlyList<string>? RecipientOrganisations,
    decimal? AmountRequested,
    string? Summary);

// ---- corrections (issue 14, docs/api.md "Corrections"): a null field is left as it is ----

public sealed record CorrectRound(
    string? Name,
    decimal? FundingCap,
    ScaleInput? Scale,
    AgreementInput? Agreement,
    FundingLinePolicy? FundingLinePolicy,
    IReadOnlyList<CriterionInput>? Criteria,
    DateTimeOffset? ScoringClosesAt,
    string? Reason,
    long? ExpectedVersion,
    // Issue 16: whether the round is scored, only while it is being set up (Corrections).
    ScoringMode? Scoring = null);

public sealed record CorrectBid(
    string? Title,
    string? Workstream,
    string? Summary,
    string? SponsoringOrganisation,
    IReadOnlyList<string>? RecipientOrganisations,
    decimal? AmountRequested,
    string? Reason,
    long? ExpectedVersion);

/// <param name="Secretary">The organisation-wide secretary role: only the administrator may change it.</param>
public sealed record CorrectMember(
    string? Name,
    string? Organisation,
    string? Email,
    IReadOnlyList<InterestInput>? Interests,
    bool? Secretary,
    string? Reason,
    long? ExpectedVersion);

/// <summary>Why a bid is withdrawn or a seat removed (issue 14): the query's <c>reason</c>.</summary>
public sealed record CorrectionReason(string? Reason);

public sealed record SaveSheet(IReadOnlyDictionary<string, int?>? Scores, string? Comment, bool? Submit);

public sealed record RecordConflict(string? MemberId, string? BidId, string? Reason);

/// <summary>Turns validated commands into domain records (ids assigned, defaults applied).</summary>
public static class CommandMapping
{
    public static MemberProfile ToProfile(this CreateMember c, string id) => new(
        id, c.Name!.Trim(), c.Organisation!.Trim(),
        (c.Interests ?? []).Select(Corrections.ToInterest).ToList(),
        Email: c.Email?.Trim() is { Length: > 0 } email ? email : null);

    public static RoundDefinition ToDefinition(this CreateRound c, string id) => new(
        id, c.Name!.Trim(), c.FundingCap!.Value,
        c.Scale is null ? ScoreScale.Default : new ScoreScale(c.Scale.Min ?? 1, c.Scale.Max ?? 10),
        // A round without scoring may have no criteria (issue 16); any it states are kept as its values.
        (c.Criteria ?? []).Select(k => new Criterion(k.Id!, k.Name!.Trim(), k.Weight!.Value)).ToList(),
        c.Agreement is null ? AgreementBands.Default
            : new AgreementBands(c.Agreement.HighBelow ?? AgreementBands.Default.HighBelow, c.Agreement.MediumBelow ?? AgreementBands.Default.MediumBelow),
        c.FundingLinePolicy ?? FundingLinePolicy.StopAtFirstMiss,
        c.ScoringClosesAt,
        c.Scoring ?? ScoringMode.Scored);

    /// <summary>A bid as the command that adds it (the CLI compares rows with bids already there, tests build them).</summary>
    public static AddBid ToCommand(this Bid b) =>
        new(b.Id, b.Title, b.Workstream, b.SponsoringOrganisation, b.RecipientOrganisations, b.AmountRequested, b.Summary);

    public static CreateMember ToCommand(this MemberProfile p) =>
        new(p.Id, p.Name, p.Organisation, p.Interests.Select(i => new InterestInput(i.Organisation, i.Type, i.Description, i.EndedOn)).ToList(), p.Email);

    public static CreateRound ToCommand(this RoundDefinition d) => new(
        d.Id, d.Name, d.FundingCap, new ScaleInput(d.Scale.Min, d.Scale.Max),
        d.Criteria.Select(k => new CriterionInput(k.Id, k.Name, k.Weight)).ToList(),
        new AgreementInput(d.Agreement.HighBelow, d.Agreement.MediumBelow), d.FundingLinePolicy, d.ScoringClosesAt, d.Scoring);

    public static Bid ToBid(this AddBid c, string id) => new(
        id, c.Title!.Trim(), c.Workstream?.Trim() ?? "", c.SponsoringOrganisation!.Trim(),
        c.RecipientOrganisations is { Count: > 0 } r ? r.Select(o => o.Trim()).ToList() : [c.SponsoringOrganisation!.Trim()],
        c.AmountRequested!.Value, c.Summary?.Trim() ?? "");
}
