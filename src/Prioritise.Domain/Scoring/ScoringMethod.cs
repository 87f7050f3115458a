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
        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];
            if (!scores.TryGetValue(c.Id, out var x))
                throw new ArgumentException($"Sheet has no score for criterion '{c.Id}'.", nameof(scores));
            weighted += c.Weight * x;
            weights += c.Weight;
        }
        return (double)(weighted / weights);
    }

    public static BidResult Compute(RoundDefinition round, Bid bid, IReadOnlyCollection<SubmittedScores> sheets)
    {
        // Run for every bid whose sheets changed on each results read while scoring is open, so it
        // avoids a closure and an iterator per criterion; the arithmetic, and so every bit of the
        // answer, is what the plain LINQ over the same numbers gives (ScoringMethodTests check it).
        var list = sheets as IReadOnlyList<SubmittedScores> ?? sheets.ToList();
        var n = list.Count;
        var criteria = round.Criteria;
        var totals = new double[n];
        for (var s = 0; s < n; s++) totals[s] = ScorerTotal(criteria, list[s].Scores);
        double? mean = n > 0 ? totals.Mean() : null;
        // Sample SD (n-1); with fewer than two scorers there is no spread to speak of.
        double? sd = n >= 2 ? totals.StandardDeviation() : null;
        double? valuePerThousand = mean is { } m ? m / (double)(bid.AmountRequested / 1000m) : null;
        var criterionMeans = new Dictionary<string, double>(n == 0 ? 0 : criteria.Count);
        if (n > 0)
        {
            var scores = new double[n];
            for (var c = 0; c < criteria.Count; c++)
            {
                var id = criteria[c].Id;
                for (var s = 0; s < n; s++) scores[s] = list[s].Scores[id];
                criterionMeans.Add(id, scores.Mean());
            }
        }
        return new BidResult(
            bid.Id, bid.Title, bid.AmountRequested, n, mean, sd, round.Agreement.Classify(sd), valuePerThousand,
            criterionMeans, n > 0 ? totals.Min() : null, n > 0 ? totals.Max() : null);
    }
}
