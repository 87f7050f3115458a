using MathNet.Numerics.Statistics;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Scoring;

/// <summary>The normative maths of docs/scoring-method.md, per bid.</summary>
public static class ScoringMethod
{
    /// <summary>T_s = sum_c(w_c * x_sc) / sum_c(w_c): one member's weighted mean, on the round's scale.</summary>
    public static double ScorerTotal(IReadOnlyList<Criterion> criteria, IReadOnlyDictionary<string, int> scores)
    {
        // Weighted sums are exact in decimal; only the final division becomes a double.
        decimal weighted = 0, weights = 0;
        foreach (var c in criteria)
        {
            if (!scores.TryGetValue(c.Id, out var x))
                throw new ArgumentException($"Sheet has no score for criterion '{c.Id}'.", nameof(scores));
            weighted += c.Weight * x;
            weights += c.Weight;
        }
        return (double)(weighted / weights);
    }

    public static BidResult Compute(RoundDefinition round, Bid bid, IReadOnlyCollection<SubmittedScores> sheets)
    {
        var totals = sheets.Select(s => ScorerTotal(round.Criteria, s.Scores)).ToArray();
        var n = totals.Length;
        double? mean = n > 0 ? totals.Mean() : null;
        // Sample SD (n-1); with fewer than two scorers there is no spread to speak of.
        double? sd = n >= 2 ? totals.StandardDeviation() : null;
        double? valuePerThousand = mean is { } m ? m / (double)(bid.AmountRequested / 1000m) : null;
        var criterionMeans = n == 0
            ? new Dictionary<string, double>()
            : round.Criteria.ToDictionary(c => c.Id, c => sheets.Select(s => (double)s.Scores[c.Id]).Mean());
        return new BidResult(
            bid.Id, bid.Title, bid.AmountRequested, n, mean, sd, round.Agreement.Classify(sd), valuePerThousand,
            criterionMeans, n > 0 ? totals.Min() : null, n > 0 ? totals.Max() : null);
    }
}
