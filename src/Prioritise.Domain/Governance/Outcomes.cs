using Prioritise.Domain.Moderation;

namespace Prioritise.Domain.Governance;

/// <summary>
/// What applicants learn of their bid besides the outcome: only the outcome, the award, the
/// conditions and the chair's released feedback (<see cref="OutcomeOnly"/>, the default), or also
/// the bid's weighted mean, agreement band and rank (<see cref="WithScores"/>). Never anyone's sheet.
/// </summary>
public enum FeedbackPolicy { OutcomeOnly, WithScores }

/// <summary>
/// The chair's feedback on one bid, for its applicant. Written while the round is decided, read by
/// the applicant only once the chair releases it and the decision is approved.
/// </summary>
public sealed record BidFeedback(string BidId, string Text, bool Released, string By, DateTimeOffset At);

/// <summary>The figures an applicant may be told under <see cref="FeedbackPolicy.WithScores"/>.</summary>
public sealed record OutcomeScores(double? WeightedMean, string Agreement, int Rank, int Of);

/// <summary>
/// An applicant's outcome once the decision is approved: funded or not, the award, the conditions
/// with where each stands, the chair's released feedback and, if the round's policy says so, the
/// bid's own figures.
/// </summary>
public sealed record ApplicationOutcome(
    string ApplicationId,
    string BidId,
    string Title,
    string RoundName,
    int DecisionNumber,
    DateOnly? ApprovedOn,
    string ApprovedBy,
    bool Funded,
    decimal AmountRequested,
    decimal Award,
    IReadOnlyList<Condition> Conditions,
    string? Feedback,
    OutcomeScores? Scores);

public static class OutcomeRules
{
    /// <summary>
    /// The outcome of the bid made from the application under the decision in force; refused
    /// (409) until that decision is approved, so nobody learns an outcome a board may still change.
    /// A bid that was not on the decision's list (withdrawn before scoring closed) is not funded.
    /// </summary>
    public static ApplicationOutcome For(
        string applicationId, string bidId, string roundName, Decision decision, DecisionStatus status,
        IReadOnlyList<GoverningBody> bodies, IReadOnlyList<Resolution> resolutions,
        IReadOnlyList<Condition> conditions, BidFeedback? feedback, FeedbackPolicy policy)
    {
        if (status != DecisionStatus.Approved)
            throw DomainException.Conflict("status", status switch
            {
                DecisionStatus.Declined => "The committee's decision was declined; a new decision is needed before outcomes are given.",
                _ => "Outcomes are given once the committee's decision is approved.",
            });
        var row = decision.Rows.FirstOrDefault(r => r.Result.BidId == bidId)
            ?? throw DomainException.NotFound("applicationId", "This application did not become a bid on the committee's list.");
        var approving = bodies.LastOrDefault(b => b.Power == BodyPower.Approve);
        var approval = approving is null ? null : resolutions.LastOrDefault(r => r.BodyId == approving.Id && r.Outcome == ResolutionOutcome.Approved);
        var scores = policy == FeedbackPolicy.WithScores && row.Result.WeightedMean is not null
            ? new OutcomeScores(row.Result.WeightedMean, row.Result.Agreement.ToString(), row.Position, decision.Rows.Count)
            : null;
        return new ApplicationOutcome(applicationId, bidId, row.Result.Title, roundName, decision.Number,
            approval?.MeetingDate ?? DateOnly.FromDateTime(decision.ConfirmedAt.UtcDateTime),
            approving?.Name ?? "the committee's finance lead",
            row.Funded, row.Result.AmountRequested, row.Funded ? row.Award : 0m,
            conditions.Where(c => c.BidId == bidId).ToList(),
            feedback is { Released: true } ? feedback.Text : null,
            scores);
    }
}
