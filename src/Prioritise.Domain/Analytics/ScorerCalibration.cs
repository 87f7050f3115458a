using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Prioritise.Domain.Analytics;

/// <summary>
/// How one member scores compared with the committee.
/// </summary>
/// <param name="Leniency">
/// Mean over the bids they scored of (their total - the bid's weighted mean): +0.8 means they
/// score 0.8 points above the committee on average, a negative figure a harsh scorer.
/// </param>
/// <param name="Consistency">
/// Sample SD of those deviations: small when they are lenient (or harsh) by about the same amount
/// on every bid, large when their departures from the committee go both ways. Null under two sheets.
/// </param>
/// <param name="MeanTotal">The mean of their scorer totals (the centre of their z-scores).</param>
/// <param name="SpreadOfTotals">The sample SD of their totals (the unit of their z-scores); null under two sheets.</param>
public sealed record ScorerProfile(
    string MemberId,
    string Name,
    int Sheets,
    double Leniency,
    double? Consistency,
    double MeanTotal,
    double? SpreadOfTotals);

/// <summary>A bid ranked on z-scores beside its raw rank: does it matter who happened to score it?</summary>
/// <param name="MeanZ">Mean of its scorers' z-scores; null with no sheets.</param>
public sealed record NormalisedResult(string BidId, string Title, int Rank, bool Funded, double? MeanZ, int NormalisedRank, bool NormalisedFunded);

/// <summary>
/// ICC(1): one-way random effects (Shrout and Fleiss), the form for a panel where each bid is
/// scored by its own subset of members. Single: the reliability of one member's total; Average:
/// of the mean of k0 members' totals (k0 the unbalanced design's effective panel size). The 95%
/// interval is from the F distribution with k0 in place of k, an approximation for unbalanced panels.
/// </summary>
public sealed record IntraclassCorrelation(
    string Form,
    int Bids,
    int Sheets,
    double K0,
    double MeanSquareBetween,
    double MeanSquareWithin,
    double? F,
    double PValue,
    double Single,
    double? SingleLower,
    double? SingleUpper,
    double Average,
    double? AverageLower,
    double? AverageUpper);

/// <summary>
/// Kendall's W (coefficient of concordance, with the correction for tied ranks) of the members'
/// rankings of the bids by their totals. W needs every member to rank every bid, and conflicts of
/// interest leave gaps, so it is taken on the largest complete block of members and bids
/// (<see cref="ScorerCalibration.CompleteBlock"/>); the block is listed.
/// </summary>
public sealed record Concordance(
    double W,
    IReadOnlyList<string> Members,
    IReadOnlyList<string> Bids,
    double ChiSquare,
    int DegreesOfFreedom,
    double PValue);

public sealed record PanelReliability(IntraclassCorrelation? Icc, Concordance? KendallsW);

public sealed record ScorerCalibrationResult(
    IReadOnlyList<ScorerProfile> Scorers,
    PanelReliability Reliability,
    IReadOnlyList<NormalisedResult>? Normalised);

/// <summary>Scorer calibration, z-score normalised results and the panel's inter-rater reliability.</summary>
public static class ScorerCalibration
{
    public const string IccForm = "ICC(1) one-way random effects; single member and mean of k0 members";

    public static ScorerCalibrationResult Compute(ScoredRound round, IReadOnlyDictionary<string, string> memberNames, bool normalised)
    {
        // Every counted sheet as (member, bid, total).
        var cells = round.Scored.SelectMany(i => round.Bids[i].Sheets.Select((s, k) => (s.MemberId, Bid: i, Total: round.Totals[i][k]))).ToList();
        var byMember = cells.GroupBy(c => c.MemberId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

        var profiles = byMember.Select(g =>
        {
            var deviations = g.Select(c => c.Total - round.Results[c.Bid].WeightedMean!.Value).ToArray();
            var totals = g.Select(c => c.Total).ToArray();
            return new ScorerProfile(
                g.Key, memberNames.GetValueOrDefault(g.Key, g.Key), totals.Length, deviations.Mean(),
                totals.Length >= 2 ? deviations.StandardDeviation() : null, totals.Mean(),
                totals.Length >= 2 ? totals.StandardDeviation() : null);
        }).ToList();

        return new ScorerCalibrationResult(
            profiles,
            new PanelReliability(Icc(round), KendallsW(round, cells)),
            normalised ? Normalise(round, profiles, cells) : null);
    }

    /// <summary>
    /// z = (total - the member's mean total) / the member's SD of totals. A member with one sheet,
    /// or who gave every bid the same total, has no scale to normalise by: their z-scores are 0
    /// (they sit at their own centre), so they neither lift nor sink a bid.
    /// </summary>
    private static IReadOnlyList<NormalisedResult> Normalise(
        ScoredRound round, IReadOnlyList<ScorerProfile> profiles, IReadOnlyList<(string MemberId, int Bid, double Total)> cells)
    {
        var scale = profiles.ToDictionary(p => p.MemberId, p => (p.MeanTotal, p.SpreadOfTotals), StringComparer.Ordinal);
        var meanZ = new double?[round.Count];
        foreach (var bid in cells.GroupBy(c => c.Bid))
            meanZ[bid.Key] = bid.Select(c =>
            {
                var (centre, spread) = scale[c.MemberId];
                return spread is > 0 ? (c.Total - centre) / spread.Value : 0;
            }).Mean();

        // Ranked on mean z (within 1e-9 equal), ties kept in the committee's order; unscored last.
        var order = round.CommitteeOrder
            .OrderBy(i => meanZ[i] is null ? 1 : 0)
            .ThenBy(i => i, Comparer<int>.Create((x, y) =>
                meanZ[x] is { } a && meanZ[y] is { } b && Math.Abs(a - b) >= Scoring.RankingComparer.Tolerance ? b.CompareTo(a) : 0))
            .ToList();
        var line = Scoring.FundingLine.Draw(order, round.Round.FundingCap, round.Round.FundingLinePolicy, round.Amount, i => meanZ[i] is not null);
        var position = new int[round.Count];
        var funded = new bool[round.Count];
        for (var k = 0; k < order.Count; k++)
        {
            position[order[k]] = k + 1;
            funded[order[k]] = line[k].Funded;
        }
        return round.CommitteeOrder.Select(i => new NormalisedResult(
            round.Results[i].BidId, round.Results[i].Title, round.RankOf[i], round.Funded[i], meanZ[i], position[i], funded[i])).ToList();
    }

    /// <summary>
    /// One-way ANOVA of the scorer totals by bid. With a bids, N sheets, n_i sheets on bid i:
    /// MSB = sum n_i (mean_i - grand)^2 / (a - 1), MSW = sum (T - mean_i)^2 / (N - a),
    /// k0 = (N - sum n_i^2 / N) / (a - 1), ICC(1) = (MSB - MSW) / (MSB + (k0 - 1) MSW),
    /// ICC(1,k) = (MSB - MSW) / MSB. Null when there is nothing to compare (under two scored
    /// bids, no bid with two sheets, or no variation between bids). With MSW = 0 and MSB > 0
    /// (every bid's scorers agree exactly) both are 1 and F, infinite, is null.
    /// </summary>
    public static IntraclassCorrelation? Icc(ScoredRound round)
    {
        var groups = round.Scored.Select(i => round.Totals[i]).ToList();
        var a = groups.Count;
        var n = groups.Sum(g => g.Length);
        if (a < 2 || n - a < 1) return null;
        var grand = groups.SelectMany(g => g).Mean();
        var between = groups.Sum(g => g.Length * Math.Pow(g.Mean() - grand, 2));
        // A bid whose scorers all gave the same total adds exactly nothing: its floating-point mean
        // of equal totals can differ from them in the last bit, and that noise must not stand in
        // for disagreement (it would turn "every scorer agrees" into an ICC just under 1, or none).
        var within = groups.Sum(g => g.All(x => x == g[0]) ? 0 : Deviations(g));
        var (dfB, dfW) = (a - 1, n - a);
        var (msb, msw) = (between / dfB, within / dfW);
        if (msb <= 0) return null;
        var k0 = (n - groups.Sum(g => (double)g.Length * g.Length) / n) / (a - 1);
        if (msw == 0)
        {
            // Every scorer agrees with the others on every bid, and the bids differ: all the
            // variance is between bids, so both ICCs are 1 (the limit of the formulas as MSW -> 0).
            // F is infinite, so it is left out (null) and its p-value is 0; the F-based interval
            // ends tend to 1 as F grows, so the interval is the single point 1.
            return new IntraclassCorrelation(IccForm, a, n, k0, msb, 0, null, 0, 1, 1, 1, 1, 1, 1);
        }
        var f = msb / msw;
        var p = 1 - FisherSnedecor.CDF(dfB, dfW, f);
        var single = (msb - msw) / (msb + (k0 - 1) * msw);
        var average = (msb - msw) / msb;

        // 95% interval (Shrout and Fleiss, case 1): F divided, then multiplied, by the 97.5% points.
        var fLower = f / FisherSnedecor.InvCDF(dfB, dfW, 0.975);
        var fUpper = f * FisherSnedecor.InvCDF(dfW, dfB, 0.975);
        return new IntraclassCorrelation(IccForm, a, n, k0, msb, msw, f, p,
            single, Finite((fLower - 1) / (fLower + k0 - 1)), Finite((fUpper - 1) / (fUpper + k0 - 1)),
            average, Finite(1 - 1 / fLower), Finite(1 - 1 / fUpper));
    }

    /// <summary>
    /// W = 12 S / (m^2 (n^3 - n) - m sum_j T_j), S the sum of squared deviations of the bids' rank
    /// sums from their mean, T_j = sum (t^3 - t) over member j's groups of tied totals (mid-ranks);
    /// chi-square = m (n - 1) W on n - 1 degrees of freedom. Null under 2 members or 2 bids in the block.
    /// </summary>
    public static Concordance? KendallsW(ScoredRound round, IReadOnlyList<(string MemberId, int Bid, double Total)> cells)
    {
        var (members, bids) = CompleteBlock(round, cells);
        var m = members.Count;
        var n = bids.Count;
        if (m < 2 || n < 2) return null;
        var total = cells.ToDictionary(c => (c.MemberId, c.Bid), c => c.Total);
        var rankSums = new double[n];
        double ties = 0;
        foreach (var member in members)
        {
            var totals = bids.Select(b => total[(member, b)]).ToArray();
            // Mid-ranks, 1 = lowest total; tied totals (within 1e-9) share the mean of their ranks.
            var sorted = Enumerable.Range(0, n).OrderBy(k => totals[k]).ToArray();
            for (var start = 0; start < n;)
            {
                var end = start;
                while (end + 1 < n && Math.Abs(totals[sorted[end + 1]] - totals[sorted[start]]) < Scoring.RankingComparer.Tolerance) end++;
                var t = end - start + 1;
                for (var k = start; k <= end; k++) rankSums[sorted[k]] += (start + end) / 2.0 + 1;
                ties += Math.Pow(t, 3) - t;
                start = end + 1;
            }
        }
        var meanRankSum = rankSums.Average();
        var s = rankSums.Sum(r => (r - meanRankSum) * (r - meanRankSum));
        var denominator = (double)m * m * (Math.Pow(n, 3) - n) - m * ties;
        // Every member tied every bid: there is no ranking to agree on.
        if (denominator <= 0) return null;
        var w = 12 * s / denominator;
        var chiSquare = m * (n - 1) * w;
        var p = 1 - ChiSquared.CDF(n - 1, chiSquare);
        return new Concordance(w, members, bids.Select(b => round.Results[b].BidId).ToList(), chiSquare, n - 1, p);
    }

    /// <summary>Panels up to this size are searched exhaustively for the largest complete block.</summary>
    public const int ExhaustiveBlockMembers = 16;

    /// <summary>
    /// The members and bids kept for W, a block in which every member scored every bid. Up to
    /// <see cref="ExhaustiveBlockMembers"/> members, every set of two or more members is tried with
    /// the bids they all scored, and the block with the most sheets wins (then more members, then
    /// the earlier member ids): the largest complete block there is. Larger panels drop, while any
    /// sheet is missing, the member or bid missing the most (a member first on a tie, then the lower
    /// id): not always the largest block, but deterministic and quick.
    /// </summary>
    public static (IReadOnlyList<string> Members, IReadOnlyList<int> Bids) CompleteBlock(
        ScoredRound round, IReadOnlyList<(string MemberId, int Bid, double Total)> cells)
    {
        var present = cells.Select(c => (c.MemberId, c.Bid)).ToHashSet();
        var members = cells.Select(c => c.MemberId).Distinct().Order(StringComparer.Ordinal).ToList();
        var bids = cells.Select(c => c.Bid).Distinct().OrderBy(b => round.Results[b].BidId, StringComparer.Ordinal).ToList();
        if (members.Count <= ExhaustiveBlockMembers)
        {
            // Each bid's scorers as a bit set over the members (bit k = members[k]).
            var scoredBy = bids.Select(b => Enumerable.Range(0, members.Count)
                .Where(k => present.Contains((members[k], b))).Aggregate(0, (mask, k) => mask | 1 << k)).ToArray();
            (int Cells, int Members, int Mask) best = (0, 0, 0);
            for (var mask = 1; mask < 1 << members.Count; mask++)
            {
                var m = System.Numerics.BitOperations.PopCount((uint)mask);
                if (m < 2) continue;
                var n = scoredBy.Count(s => (s & mask) == mask);
                if (n < 2) continue;
                if (m * n > best.Cells || (m * n == best.Cells && (m > best.Members || (m == best.Members && EarlierMembers(mask, best.Mask)))))
                    best = (m * n, m, mask);
            }
            if (best.Mask == 0) return ([], []);
            return (Enumerable.Range(0, members.Count).Where(k => (best.Mask & 1 << k) != 0).Select(k => members[k]).ToList(),
                bids.Where((_, j) => (scoredBy[j] & best.Mask) == best.Mask).ToList());
        }
        while (members.Count > 0 && bids.Count > 0)
        {
            var memberMissing = members.Select(m => (Id: m, Missing: bids.Count(b => !present.Contains((m, b))))).ToList();
            var bidMissing = bids.Select(b => (Id: b, Missing: members.Count(m => !present.Contains((m, b))))).ToList();
            var worstMember = memberMissing.OrderByDescending(x => x.Missing).ThenBy(x => x.Id, StringComparer.Ordinal).First();
            var worstBid = bidMissing.OrderByDescending(x => x.Missing).ThenBy(x => round.Results[x.Id].BidId, StringComparer.Ordinal).First();
            if (worstMember.Missing == 0) break;
            if (worstMember.Missing >= worstBid.Missing) members.Remove(worstMember.Id);
            else bids.Remove(worstBid.Id);
        }
        return (members, bids);
    }

    /// <summary>Whether the members in <paramref name="a"/> come first, comparing the two sorted id lists in order.</summary>
    private static bool EarlierMembers(int a, int b)
    {
        // Members are sorted by id, so the lists differ first at the lowest bit the masks differ in;
        // the list holding that member is the earlier one.
        var differ = a ^ b;
        if (differ == 0) return false;
        var lowest = differ & -differ;
        return (a & lowest) != 0;
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    private static double Deviations(double[] g)
    {
        var m = g.Mean();
        return g.Sum(x => (x - m) * (x - m));
    }
}
