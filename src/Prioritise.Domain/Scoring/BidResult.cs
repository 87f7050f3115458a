using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Scoring;

/// <summary>A bid's scores before moderation, at full precision (display rounding happens at the edge).</summary>
public sealed record BidResult(
    string BidId,
    string Title,
    decimal AmountRequested,
    int Sheets,
    double? WeightedMean,
    double? StandardDeviation,
    Agreement Agreement,
    double? ValuePerThousand,
    IReadOnlyDictionary<string, double> CriterionMeans,
    double? MinTotal,
    double? MaxTotal)
{
    public bool IsScored => WeightedMean is not null;
}
