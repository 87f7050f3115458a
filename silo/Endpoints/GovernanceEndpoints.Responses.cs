using Prioritise.Domain.Governance;
using Prioritise.Grains;

namespace Prioritise.Silo;

// What the after-the-decision routes (GovernanceEndpoints) return.

public sealed record ResolutionResponse(string BodyId, string? BodyName, ResolutionOutcome Outcome, DateOnly MeetingDate, string? MinuteRef,
    string? Note, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A decision's way through governance: its status, each body with its latest resolution, and whose turn it is.</summary>
public sealed record StandingResponse(int Number, DecisionStatus Status, IReadOnlyList<BodyStandingResponse> Bodies,
    IReadOnlyList<ResolutionResponse> Resolutions, string? NextBodyId)
{
    public static StandingResponse From(DecisionStanding s) => new(s.Number, s.Status,
        s.Bodies.Select(b => new BodyStandingResponse(b.Id, b.Name, b.Power,
            GovernanceRules.Latest(s.Resolutions, b.Id) is { } r ? Resolution(r, b.Name) : null)).ToList(),
        s.Resolutions.Select(r => Resolution(r, s.Bodies.FirstOrDefault(b => b.Id == r.BodyId)?.Name)).ToList(),
        s.Next?.Id);

    private static ResolutionResponse Resolution(Resolution r, string? name) =>
        new(r.BodyId, name, r.Outcome, r.MeetingDate, r.MinuteRef, r.Note, r.RecordedBy, r.RecordedAt);
}

public sealed record BodyStandingResponse(string Id, string Name, BodyPower Power, ResolutionResponse? Resolution);

public sealed record GovernanceResponse(IReadOnlyList<GoverningBody> Bodies, FeedbackPolicy FeedbackPolicy,
    IReadOnlyList<StandingResponse> Decisions, Prioritise.Domain.Reports.PaperDetails? Paper)
{
    public static GovernanceResponse From(GovernanceView v) =>
        new(v.Bodies, v.FeedbackPolicy, v.Decisions.Select(StandingResponse.From).ToList(), v.Paper);
}

public sealed record SchemeResponse(string BidId, string Title, decimal Award, decimal Released, decimal Spent, decimal StillToRelease,
    int OpenConditions, IReadOnlyList<Condition> Conditions);

public sealed record FundingTotalsResponse(decimal Pot, decimal Awarded, decimal Released, decimal Spent, decimal Unallocated, string UnallocatedThousands);

public sealed record FundingResponse(int? Decision, DecisionStatus? Status, IReadOnlyList<SchemeResponse> Schemes, FundingTotalsResponse Totals,
    IReadOnlyList<Release> Releases, IReadOnlyList<MonitoringReturn> Returns)
{
    public static FundingResponse From(FundingView v) => new(v.DecisionNumber, v.Status,
        v.Position.Schemes.Select(s => new SchemeResponse(s.BidId, s.Title, s.Award, s.Released, s.Spent, s.StillToRelease, s.OpenConditions,
            v.Conditions.Where(c => c.BidId == s.BidId).ToList())).ToList(),
        new FundingTotalsResponse(v.Position.Pot, v.Position.Awarded, v.Position.Released, v.Position.Spent, v.Position.Unallocated,
            Prioritise.Domain.Display.ThousandsText(v.Position.Unallocated)),
        v.Releases, v.Returns);
}

public sealed record OutcomeResponse(string ApplicationId, string BidId, string Title, int Decision, bool Funded, decimal AmountRequested,
    decimal Award, DateOnly? ApprovedOn, string ApprovedBy, IReadOnlyList<Condition> Conditions, string? Feedback, OutcomeScores? Scores,
    IReadOnlyList<string> Letter)
{
    public static OutcomeResponse From(ApplicationOutcome o) => new(o.ApplicationId, o.BidId, o.Title, o.DecisionNumber, o.Funded,
        o.AmountRequested, o.Award, o.ApprovedOn, o.ApprovedBy, o.Conditions, o.Feedback, o.Scores, Prioritise.Domain.Mail.Letters.OutcomeLines(o));
}
