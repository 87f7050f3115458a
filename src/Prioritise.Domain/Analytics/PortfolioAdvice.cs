namespace Prioritise.Domain.Analytics;

/// <summary>A set of bids to fund: which, in the committee's ranked order, what they cost and what they are worth.</summary>
/// <param name="Value">The sum of the bids' weighted mean total value scores (see <see cref="PortfolioAdvice.ValueDefinition"/>);
/// null in the view of a reader conflicted on one of its bids (<see cref="Rounds.Disclosure"/>), since the sum less the others would give that bid's mean.</param>
public sealed record Portfolio(IReadOnlyList<string> BidIds, decimal Cost, double? Value, decimal Headroom);

/// <summary>
/// Three views of what the pot buys, side by side: the committee's list (its ranking and automatic
/// line), the best portfolio under the cap (advice, not a decision) and the value-for-money order.
/// </summary>
/// <param name="Best">Null only when the round is too large to solve exactly; <see cref="NotSolved"/> says why.</param>
/// <param name="Method">"dense": a table over money in units of <see cref="Unit"/> pounds; "pareto": the list of undominated portfolios.</param>
public sealed record PortfolioResult(
    string ValueDefinition,
    Portfolio Committee,
    Portfolio? Best,
    Portfolio ValueForMoney,
    string Method,
    decimal Unit,
    string? NotSolved);

/// <summary>
/// The best portfolio under the cap: the 0/1 knapsack over the bids' requests, exactly.
///
/// Value: a bid is worth its weighted mean total value score M (the committee's own "value", the
/// figure its value per GBP divides by cost), a portfolio the sum of its bids' M; a bid with no
/// sheets is worth nothing and is never chosen. Cost: the amount requested (before moderation).
///
/// Exactness: money is counted in whole units of g, the greatest common divisor of the requests in
/// pence, so every request is a whole number of units and a set fits the cap exactly when its units
/// fit floor(cap / g) (its cost is a multiple of g). Then best[c] = the greatest value of any set of
/// the bids seen so far costing at most c units; adding bid i either leaves best[c] or improves it
/// to best[c - w_i] + v_i (Bellman's 0/1 recurrence, bids taken at most once by walking c
/// downwards); by induction over the bids best[C] is the optimum, and a bit per (bid, c) records
/// the choice to read the set back. When that table would be too big (requests costed to the
/// penny against a large pot), the list of undominated (cost, value) portfolios is built instead
/// (Nemhauser-Ullmann): just as exact; only if that list outgrows its limit is no advice given.
/// </summary>
public static class PortfolioAdvice
{
    public const string ValueDefinition =
        "A bid's value is its weighted mean total value score; a portfolio's value is the sum over its bids. Cost is the amount requested.";

    /// <summary>The dense table's limits: cells (bits, 64 MB) and width (doubles, 32 MB).</summary>
    public const long MaxTableBits = 512L * 1024 * 1024;
    public const long MaxTableWidth = 4L * 1024 * 1024;
    /// <summary>The undominated list's limits: portfolios kept at once, and steps kept to read the best one back (32 MB).</summary>
    public const int MaxParetoStates = 1_000_000;
    public const int MaxParetoSteps = 4_000_000;

    /// <summary>Two values within this are the same value: a new set must beat the old by more.</summary>
    private const double Tolerance = 1e-9;

    public static PortfolioResult Compute(ScoredRound round)
    {
        var cap = round.Round.FundingCap;
        var committee = Make(round, round.Scored.Where(i => round.Funded[i]), cap);

        // Value for money: the same rules as the committee's list, in order of value per GBP 1k
        // (ties in the committee's order), funded down the list by the round's policy.
        var byValue = round.CommitteeOrder.Where(i => round.Results[i].IsScored)
            .OrderBy(i => i, Comparer<int>.Create((x, y) =>
            {
                var (a, b) = (round.Results[x].ValuePerThousand!.Value, round.Results[y].ValuePerThousand!.Value);
                return Math.Abs(a - b) < Scoring.RankingComparer.Tolerance ? 0 : b.CompareTo(a);
            })).ToList();
        var line = Scoring.FundingLine.Draw(byValue, cap, round.Round.FundingLinePolicy, round.Amount, _ => true);
        var valueForMoney = Make(round, byValue.Where((_, k) => line[k].Funded), cap);

        // Bids that cannot fit on their own are never in any portfolio.
        var items = round.CommitteeOrder.Where(i => round.Results[i].IsScored && round.Amount(i) <= cap).ToArray();
        var (best, method, unit, why) = Solve(round, items, cap);
        return new PortfolioResult(ValueDefinition, committee, best is null ? null : Make(round, best, cap), valueForMoney, method, unit, why);
    }

    private static (IEnumerable<int>? Chosen, string Method, decimal Unit, string? NotSolved) Solve(ScoredRound round, int[] items, decimal cap)
    {
        if (items.Length == 0) return ([], "dense", 1m, null);
        var pence = items.Select(i => round.Amount(i) * 100m).ToArray();
        if (pence.Any(p => p != decimal.Truncate(p)) || cap * 100m >= long.MaxValue)
            return (null, "none", 0m, "Requests must be in whole pence to be solved exactly.");
        var g = pence.Select(p => (long)p).Aggregate(Gcd);
        var weights = pence.Select(p => (long)p / g).ToArray();
        var capacity = (long)decimal.Floor(decimal.Floor(cap * 100m) / g);
        var values = items.Select(i => round.Results[i].WeightedMean!.Value).ToArray();
        var unit = g / 100m;

        if (capacity + 1 <= MaxTableWidth && (capacity + 1) * items.Length <= MaxTableBits)
            return (Dense(weights, values, (int)capacity).Select(k => items[k]), "dense", unit, null);
        var pareto = Pareto(weights, values, capacity);
        return pareto is null
            ? (null, "pareto", unit, "Too many undominated portfolios to solve exactly: too many bids costed too finely for the pot.")
            : (pareto.Select(k => items[k]), "pareto", unit, null);
    }

    /// <summary>The 0/1 knapsack table; returns the chosen items' positions.</summary>
    public static IReadOnlyList<int> Dense(long[] weights, double[] values, int capacity)
    {
        var width = capacity + 1;
        var best = new double[width];
        var keep = new ulong[((long)weights.Length * width + 63) / 64];
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w > capacity) continue;
            var wi = (int)w;
            for (var c = capacity; c >= wi; c--)
            {
                var candidate = best[c - wi] + values[i];
                if (candidate > best[c] + Tolerance)
                {
                    best[c] = candidate;
                    var bit = (long)i * width + c;
                    keep[bit >> 6] |= 1UL << (int)(bit & 63);
                }
            }
        }
        var chosen = new List<int>();
        var room = capacity;
        for (var i = weights.Length - 1; i >= 0; i--)
        {
            var bit = (long)i * width + room;
            if ((keep[bit >> 6] & (1UL << (int)(bit & 63))) == 0) continue;
            chosen.Add(i);
            room -= (int)weights[i];
        }
        chosen.Reverse();
        return chosen;
    }

    /// <summary>
    /// Nemhauser-Ullmann: after each item, the portfolios no other portfolio beats on both cost and
    /// value, sorted by cost. The best under the cap is the last. Null past <see cref="MaxParetoStates"/>.
    /// </summary>
    public static IReadOnlyList<int>? Pareto(long[] weights, double[] values, long capacity)
    {
        // A portfolio is (cost, value, step); steps chain the items taken, newest first. A portfolio
        // with item i gets its step only if it survives the merge. Two buffers, swapped per item.
        var steps = new List<(int Item, int Previous)>();
        var cost = new long[16];
        var value = new double[16];
        var step = new int[16];
        var count = 1;
        step[0] = -1;
        var nextCost = new long[16];
        var nextValue = new double[16];
        var nextStep = new int[16];
        for (var i = 0; i < weights.Length; i++)
        {
            if (nextCost.Length < 2 * count)
            {
                nextCost = new long[4 * count];
                nextValue = new double[4 * count];
                nextStep = new int[4 * count];
            }
            var merged = 0;
            var top = double.NegativeInfinity;
            // Merge the portfolios without item i and with it by cost (without first on equal cost),
            // keeping each only if it is worth strictly more than every cheaper one.
            int a = 0, b = 0;
            while (a < count || b < count)
            {
                var withCost = b < count ? cost[b] + weights[i] : long.MaxValue;
                if (withCost > capacity) b = count;
                bool withItem;
                long c;
                double v;
                int previous;
                if (a < count && (b >= count || cost[a] <= withCost))
                {
                    (withItem, c, v, previous) = (false, cost[a], value[a], step[a]);
                    a++;
                }
                else if (b < count)
                {
                    (withItem, c, v, previous) = (true, withCost, value[b] + values[i], step[b]);
                    b++;
                }
                else break;
                if (v <= top + Tolerance) continue;
                if (withItem)
                {
                    if (steps.Count >= MaxParetoSteps) return null;
                    steps.Add((i, previous));
                    previous = steps.Count - 1;
                }
                nextCost[merged] = c;
                nextValue[merged] = v;
                nextStep[merged] = previous;
                merged++;
                top = v;
            }
            if (merged > MaxParetoStates) return null;
            (cost, nextCost) = (nextCost, cost);
            (value, nextValue) = (nextValue, value);
            (step, nextStep) = (nextStep, step);
            count = merged;
        }
        var chosen = new List<int>();
        for (var node = step[count - 1]; node >= 0; node = steps[node].Previous) chosen.Add(steps[node].Item);
        chosen.Reverse();
        return chosen;
    }

    private static Portfolio Make(ScoredRound round, IEnumerable<int> bids, decimal cap)
    {
        var set = bids.ToHashSet();
        var ordered = round.CommitteeOrder.Where(set.Contains).ToList();
        var cost = ordered.Sum(round.Amount);
        return new Portfolio(
            ordered.Select(i => round.Results[i].BidId).ToList(), cost,
            ordered.Sum(i => round.Results[i].WeightedMean ?? 0), Math.Max(0, cap - cost));
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
