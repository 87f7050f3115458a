namespace Prioritise.Domain.Analytics;

/// <summary>The ranks a bid took in the middle 95% of draws, and the median (R-1 quantiles: ranks that occurred).</summary>
public sealed record RankInterval(int Lower, int Median, int Upper);

/// <summary>The middle 95% of a bid's resampled weighted means (percentile bootstrap, R-1 quantiles).</summary>
public sealed record MeanInterval(double Lower, double Upper);

/// <summary>
/// One bid's chance of landing above the funding line when the committee's sheets are resampled.
/// A bid with no sheets is never funded: its chance is 0 and it has no intervals.
/// </summary>
/// <param name="ForDiscussion">Its fate is a coin-toss: 0.2 &lt; chance &lt; 0.8.</param>
public sealed record FundingChance(
    string BidId,
    string Title,
    decimal AmountRequested,
    int Rank,
    bool Funded,
    double? WeightedMean,
    double ProbabilityFunded,
    bool ForDiscussion,
    RankInterval? RankInterval,
    MeanInterval? MeanInterval);

/// <summary>The bootstrap as run: how many draws, which seed, and every bid in the committee's ranked order.</summary>
public sealed record FundingProbabilities(int Draws, int Seed, double IntervalLevel, IReadOnlyList<FundingChance> Bids);

/// <summary>
/// Probability of funding by bootstrap. Each draw resamples every bid's own sheets: n sheets drawn
/// with replacement from its n submitted sheets (so a bid's mean moves as much as its scorers
/// disagree, and no more), then ranks all bids and draws the line exactly as the committee's method
/// does (round's cap and policy, before moderation). A bid's chance is the share of draws that fund it.
/// </summary>
public static class FundingProbability
{
    /// <summary>Chances strictly between these are a coin-toss, flagged for the committee's discussion.</summary>
    public const double CoinTossLower = 0.2, CoinTossUpper = 0.8;
    public const double IntervalLevel = 0.95;

    /// <summary>
    /// The interval's tails, in decimal so they are exact: (1 - 0.95) / 2 in double is
    /// 0.025000000000000022, and R-1 at 2,000 draws would then take the 51st value, not the 50th.
    /// </summary>
    public const decimal LowerTail = (1 - 0.95m) / 2, Median = 0.5m, UpperTail = 1 - LowerTail;

    public static FundingProbabilities Compute(ScoredRound round, int draws, int seed, bool parallel = true)
    {
        var n = round.Count;
        var sheets = round.Scored.Sum(i => round.Totals[i].Length);
        // Per draw, per bid: the rank it took, its mean, whether it was funded. Written draw by
        // draw (each draw fills one contiguous row), read bid by bid afterwards.
        var ranks = new int[draws * n];
        var means = new double[draws * n];
        var funded = new bool[draws * n];

        void Draw(int d, Scratch s)
        {
            // One bulk call for the draw's uniforms: several times faster than one call per sheet.
            RandomStreams.Create(seed, RandomStreams.Bootstrap, d).NextDoubles(s.Uniforms);
            var u = 0;
            foreach (var i in round.Scored)
            {
                var totals = round.Totals[i];
                var k = totals.Length;
                double sum = 0, sumOfSquares = 0;
                for (var j = 0; j < k; j++)
                {
                    var x = totals[Math.Min((int)(s.Uniforms[u++] * k), k - 1)];
                    sum += x;
                    sumOfSquares += x * x;
                }
                var mean = sum / k;
                s.Walker.Mean[i] = mean;
                // The SD only breaks ties of mean and value per GBP; a rounding-negative variance is 0.
                s.Walker.StandardDeviation[i] = k >= 2 ? Math.Sqrt(Math.Max(0, (sumOfSquares - sum * mean) / (k - 1))) : double.NaN;
            }
            var order = s.Walker.Walk(s.Funded);
            var row = d * n;
            for (var position = 0; position < order.Length; position++)
            {
                var i = order[position];
                ranks[row + i] = position + 1;
                means[row + i] = s.Walker.Mean[i];
                funded[row + i] = s.Funded[i];
            }
        }

        if (parallel)
            Parallel.For(0, draws, () => new Scratch(round, sheets), (d, _, s) => { Draw(d, s); return s; }, _ => { });
        else
        {
            var scratch = new Scratch(round, sheets);
            for (var d = 0; d < draws; d++) Draw(d, scratch);
        }

        var chances = new List<FundingChance>(n);
        foreach (var i in round.CommitteeOrder)
        {
            var result = round.Results[i];
            if (!result.IsScored)
            {
                chances.Add(new FundingChance(result.BidId, result.Title, result.AmountRequested, round.RankOf[i], round.Funded[i], null, 0, false, null, null));
                continue;
            }
            var count = 0;
            var sortedRanks = new double[draws];
            var sortedMeans = new double[draws];
            for (var d = 0; d < draws; d++)
            {
                if (funded[d * n + i]) count++;
                sortedRanks[d] = ranks[d * n + i];
                sortedMeans[d] = means[d * n + i];
            }
            var p = (double)count / draws;
            Array.Sort(sortedRanks);
            Array.Sort(sortedMeans);
            chances.Add(new FundingChance(
                result.BidId, result.Title, result.AmountRequested, round.RankOf[i], round.Funded[i], result.WeightedMean, p,
                p > CoinTossLower && p < CoinTossUpper,
                new RankInterval(
                    (int)Quantile(sortedRanks, LowerTail), (int)Quantile(sortedRanks, Median), (int)Quantile(sortedRanks, UpperTail)),
                new MeanInterval(Quantile(sortedMeans, LowerTail), Quantile(sortedMeans, UpperTail))));
        }
        return new FundingProbabilities(draws, seed, IntervalLevel, chances);
    }

    /// <summary>
    /// R-1, the inverse of the empirical distribution: the smallest drawn value with at least a
    /// share tau of the draws at or below it. It is always a value that occurred (a whole rank).
    /// </summary>
    public static double Quantile(double[] sorted, decimal tau) => sorted[QuantileIndex(sorted.Length, tau)];

    /// <summary>
    /// R-1's position (zero-based) among n sorted values: the ceil(n tau)-th value, at least the
    /// first and at most the last. n tau is worked out in decimal, so a tail that is a whole number
    /// of draws (2,000 x 0.025 = 50) is exactly that, and no floating-point excess rounds it up.
    /// </summary>
    public static int QuantileIndex(int n, decimal tau)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "No values to take a quantile of.");
        var position = (int)Math.Ceiling(n * tau);
        return Math.Clamp(position, 1, n) - 1;
    }

    private sealed class Scratch(ScoredRound round, int sheets)
    {
        public LineWalker Walker { get; } = new(round);
        public bool[] Funded { get; } = new bool[round.Count];
        public double[] Uniforms { get; } = new double[sheets];
    }
}
