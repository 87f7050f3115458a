using System.Text.Json;
using Prioritise.Domain;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Grains;

namespace Prioritise.Silo;

// What the round routes (RoundEndpoints) return. Full precision in the main fields; the "display"
// figures are the same numbers rounded half away from zero, exactly as the board table shows them.

/// <param name="Bids">The bids in the round, not counting withdrawn ones.</param>
/// <param name="ScoringClosesAt">The scoring deadline, when there is one (issue 14); the chair still closes scoring.</param>
/// <param name="Version">Counts the round's changes (issue 14): a correction may send it as <c>expectedVersion</c>.</param>
public sealed record RoundResponse(
    string Id, string Name, decimal FundingCap, ScoreScale Scale, IReadOnlyList<Criterion> Criteria,
    AgreementBands Agreement, FundingLinePolicy FundingLinePolicy, RoundStatus Status, int Bids,
    int CommitteeMembers, DateTimeOffset CreatedAt, DateTimeOffset? ScoringClosesAt, long Version,
    // Issue 15: the call for applications (null until opened); from open-scoring, the applications left out unscreened.
    CallResponse? Call = null, IReadOnlyList<string>? UnscreenedApplications = null,
    // Issue 16: "scored", or "none" for a round its chair moderates without scoring.
    ScoringMode Scoring = ScoringMode.Scored)
{
    public static RoundResponse From(RoundView v) => new(
        v.Definition.Id, v.Definition.Name, v.Definition.FundingCap, v.Definition.Scale, v.Definition.Criteria,
        v.Definition.Agreement, v.Definition.FundingLinePolicy, v.Status, v.Bids, v.CommitteeMembers, v.CreatedAt,
        v.Definition.ScoringClosesAt, v.Version, CallResponse.From(v.Call), v.UnscreenedApplications, v.Definition.Scoring);
}

public sealed record CommitteeMemberResponse(
    string MemberId, string Name, string Organisation, IReadOnlyList<CommitteeRole> Roles,
    IReadOnlyList<DeclaredConflictView> Conflicts, ScoringProgress Progress);

public sealed record ScoringProgress(int Submitted, int Expected);

/// <summary>The figures as the board table prints them: "8.7", "0.25", "1.0", "1,559"; null where the table has none.</summary>
public sealed record ResultDisplay(string? WeightedMean, string? ValuePerThousand, string? StandardDeviation, string AmountRequestedThousands, string? CumulativeThousands);

public sealed record ResultRow(
    string BidId, string Title, decimal AmountRequested, int Sheets, double? WeightedMean, double? StandardDeviation,
    string Agreement, double? ValuePerThousand, IReadOnlyDictionary<string, double> CriterionMeans, double? MinTotal,
    double? MaxTotal, int Rank, bool Funded, decimal? Cumulative, ResultDisplay Display,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<CommentResponse>? Comments = null);

/// <summary>A member's comment on a bid, with their name: for the chair and finance once scoring has closed.</summary>
public sealed record CommentResponse(string MemberId, string Name, string Comment, DateTimeOffset At);

public sealed record BidCommentResponse(string BidId, string MemberId, string Name, string Comment, DateTimeOffset At)
{
    public static BidCommentResponse From(Domain.Rounds.BidComment c) => new(c.BidId, c.MemberId, c.Name, c.Comment, c.At);
}

public sealed record ResultsResponse(
    string RoundId, decimal FundingCap, string FundingLinePolicy, decimal FundedTotal, decimal Headroom,
    decimal OverCommitment, IReadOnlyList<ResultRow> Bids)
{
    /// <summary>
    /// Everything but the rows, which <see cref="BoardJson"/> writes straight from the ranking in
    /// the shape of <see cref="ResultRow"/>: this record is the answer's documented shape.
    /// </summary>
    public static ResultsResponse Summary(string roundId, RoundResults r)
    {
        var funded = r.FundedTotal;
        // The policy as the API's enum converter writes it ("stopAtFirstMiss"), so the answer has no enum.
        return new ResultsResponse(roundId, r.FundingCap, JsonNamingPolicy.CamelCase.ConvertName(r.FundingLinePolicy.ToString()), funded,
            Math.Max(0, r.FundingCap - funded), Math.Max(0, funded - r.FundingCap), []);
    }
}

/// <param name="ActorKind">"administrator", "service" or "member": who acted, unmistakably (<see cref="AuditActors"/>).</param>
/// <param name="ActorLabel">The actor as a reader should see it: "Administrator (admin key)", "Seed loader (the service)", or the member's id.</param>
public sealed record AuditEntry(int Position, DateTimeOffset At, string Actor, string Action, string What, string? Why, string? BidId, string? MemberId, string Source, long Sequence,
    string ActorKind, string ActorLabel)
{
    public static IReadOnlyList<AuditEntry> From(IReadOnlyList<AuditEvent> events) =>
        events.Select((e, i) => new AuditEntry(i + 1, e.At, e.Actor, e.Action, e.What, e.Why, e.BidId, e.MemberId, e.Source, e.Sequence,
            AuditActors.Kind(e.Actor), AuditActors.Label(e.Actor))).ToList();
}
