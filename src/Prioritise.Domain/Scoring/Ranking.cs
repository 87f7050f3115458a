namespace Prioritise.Domain.Scoring;

/// <summary>
/// Pre-moderation order: descending mean, then higher value per GBP 1k, then lower SD (none last),
/// then title (ordinal). Values closer than 1e-9 are equal, so floating-point noise never decides.
/// Unscored bids come after every scored bid, by title.
/// </summary>
public sealed class RankingComparer : IComparer<BidResult>
{
    public const double Tolerance = 1e-9;
    public static readonly RankingComparer Instance = new();

    public int Compare(BidResult? x, BidResult? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        if (x.IsScored != y.IsScored) return x.IsScored ? -1 : 1;
        if (x.IsScored)
        {
            var byMean = Descending(x.WeightedMean!.Value, y.WeightedMean!.Value);
            if (byMean != 0) return byMean;
            var byValue = Descending(x.ValuePerThousand!.Value, y.ValuePerThousand!.Value);
            if (byValue != 0) return byValue;
            var bySd = (x.StandardDeviation, y.StandardDeviation) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (a, b) => -Descending(a.Value, b.Value),
            };
            if (bySd != 0) return bySd;
        }
        var byTitle = string.CompareOrdinal(x.Title, y.Title);
        return byTitle != 0 ? byTitle : string.CompareOrdinal(x.BidId, y.BidId);
    }

    private static int Descending(double a, double b) => Math.Abs(a - b) < Tolerance ? 0 : b.CompareTo(a);
}

public static class Ranking
{
    public static IReadOnlyList<BidResult> Rank(IEnumerable<BidResult> results) =>
        results.OrderBy(r => r, RankingComparer.Instance).ToList();
}
