using Prioritise.Domain;
using Prioritise.Domain.Moderation;
using Prioritise.Grains;

namespace Prioritise.Silo;

// What the moderation and decision routes (ModerationEndpoints) return.

public sealed record ModeratedRowResponse(
    int Position, string BidId, string Title, decimal AmountRequested, decimal Award, double? WeightedMean,
    double? ValuePerThousand, double? StandardDeviation, string Agreement, bool Funded, bool Declined, decimal? Cumulative,
    string? JointGroup, decimal? JointGroupTotal, IReadOnlyList<string> Conditions, int PreModerationRank, ModeratedDisplay Display)
{
    public static IReadOnlyList<ModeratedRowResponse> From(IEnumerable<ModeratedRow> rows) => rows.Select(r => new ModeratedRowResponse(
        r.Position, r.Result.BidId, r.Result.Title, r.Result.AmountRequested, r.Award, r.Result.WeightedMean,
        r.Result.ValuePerThousand, r.Result.StandardDeviation, r.Result.Agreement.ToString(), r.Funded, r.Declined, r.Cumulative,
        r.JointGroup, r.JointGroupTotal, r.Conditions, r.PreModerationRank,
        new ModeratedDisplay(Domain.Display.Fixed(r.Result.WeightedMean, 1), Domain.Display.Fixed(r.Result.ValuePerThousand, 2),
            Domain.Display.Fixed(r.Result.StandardDeviation, 1), Domain.Display.ThousandsText(r.Award),
            r.Cumulative is { } c ? Domain.Display.ThousandsText(c) : null))).ToList();
}

/// <summary>A moderated row as the board table prints it; "funding" is the award (a partial award or a joint share).</summary>
public sealed record ModeratedDisplay(string? WeightedMean, string? ValuePerThousand, string? StandardDeviation, string FundingThousands, string? CumulativeThousands);

public sealed record ModerationResponse(
    string RoundId, long Version, string Status, decimal FundingCap, decimal FundedTotal, decimal Headroom, decimal OverCommitment,
    string? FundingLineAfter, IReadOnlyList<ModeratedRowResponse> Rows, IReadOnlyList<ModerationAction> Actions,
    IReadOnlyList<int> Decisions, IReadOnlyList<CapRevision> CapRevisions,
    // (issue 14) The chair's ready-for-finance mark as it stands ({by, at, version, note}, null when
    // not marked or changed since), and whether it was given and then withdrawn.
    ReadyMark? ReadyForFinance = null, bool ReadyWithdrawn = false)
{
    /// <summary>
    /// Everything but the rows, which <see cref="BoardJson"/> writes straight from the moderated
    /// list in the shape of <see cref="ModeratedRowResponse"/>: this record is the answer's documented shape.
    /// </summary>
    public static ModerationResponse Summary(string roundId, ModerationView v) => new(
        roundId, v.Version, v.Confirmed ? "confirmed" : "open", v.List.FundingCap, v.List.FundedTotal, v.List.Headroom,
        v.List.OverCommitment, v.List.FundingLineAfter, [], v.Actions, v.Decisions, v.CapRevisions, v.ReadyForFinance, v.ReadyWithdrawn);
}

public sealed record ActionTakenResponse(string ActionId, ModerationResponse Moderation);

public sealed record DecisionResponse(
    int Number, DateTimeOffset ConfirmedAt, string ConfirmedBy, decimal FundingCap, decimal FundedTotal, decimal Headroom,
    decimal OverCommitment, bool OverCommitmentAccepted, string? Reason, string? FundingLineAfter, int ActionsConsidered,
    IReadOnlyList<ModeratedRowResponse> Rows,
    // (issue 16) confirmed, approved, declined or superseded, and the decision's way through governance.
    Prioritise.Domain.Governance.DecisionStatus? Status = null, StandingResponse? Governance = null)
{
    public static DecisionResponse From(Decision d, DecisionStanding standing) =>
        From(d) with { Status = standing.Status, Governance = StandingResponse.From(standing) };

    public static DecisionResponse From(Decision d) => new(
        d.Number, d.ConfirmedAt, d.ConfirmedBy, d.FundingCap, d.FundedTotal, d.Headroom, d.OverCommitment,
        d.OverCommitmentAccepted, d.Reason, d.FundingLineAfter, d.ActionsConsidered, ModeratedRowResponse.From(d.Rows));
}
