using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Domain.Analytics;

/// <summary>
/// The committee's ranking rule and automatic funding line (docs/scoring-method.md) over plain
/// arrays, for the loops that redraw thousands of rankings: the same order as
/// <see cref="RankingComparer"/> (mean, then value per GBP 1k, then lower SD with none last, then
/// title and id, values within 1e-9 equal) and the same walk as <see cref="FundingLine.Draw{T}"/>,
/// without building a BidResult per bid per draw. One walker per thread: it holds scratch arrays.
/// </summary>
public sealed class LineWalker : IComparer<int>
{
    private readonly ScoredRound _round;
    private readonly double[] _thousands;
    private readonly int[] _order;
    private readonly double[] _keys;

    public LineWalker(ScoredRound round)
    {
        _round = round;
        _thousands = Enumerable.Range(0, round.Count).Select(i => (double)(round.Amount(i) / 1000m)).ToArray();
        _order = (int[])round.Scored.Clone();
        _keys = new double[_order.Length];
        Mean = new double[round.Count];
        StandardDeviation = new double[round.Count];
    }

    /// <summary>Each scored bid's weighted mean in this draw; set by the caller before <see cref="Walk"/>.</summary>
    public double[] Mean { get; }

    /// <summary>Each scored bid's SD in this draw, NaN where there is none (fewer than two sheets).</summary>
    public double[] StandardDeviation { get; }

    /// <summary>
    /// Ranks the scored bids and draws the line. Unscored bids rank below every scored bid and are
    /// never funded, so they take no part. Returns the scored bids in ranked order (rank = position + 1);
    /// <paramref name="funded"/> is set for every scored bid. The array is reused by the next call.
    /// </summary>
    public int[] Walk(bool[] funded)
    {
        // Sorting on the mean alone is a primitive sort, several times faster than a comparer;
        // runs of means within the tolerance of their neighbours are then put in order by the
        // full rule. Every bid starts from the same place each draw, so the order is the same
        // whatever the previous draw left.
        var scored = _round.Scored;
        for (var k = 0; k < scored.Length; k++)
        {
            _order[k] = scored[k];
            _keys[k] = -Mean[scored[k]];
        }
        Array.Sort(_keys, _order);
        for (var start = 0; start < _order.Length;)
        {
            var end = start + 1;
            while (end < _order.Length && _keys[end] - _keys[end - 1] < RankingComparer.Tolerance) end++;
            if (end - start > 1) Array.Sort(_order, start, end - start, this);
            start = end;
        }
        var cap = _round.Round.FundingCap;
        var stopAtFirstMiss = _round.Round.FundingLinePolicy == FundingLinePolicy.StopAtFirstMiss;
        decimal total = 0;
        var stopped = false;
        foreach (var i in _order)
        {
            var amount = _round.Amount(i);
            if (!stopped && total + amount <= cap)
            {
                total += amount;
                funded[i] = true;
                continue;
            }
            funded[i] = false;
            if (stopAtFirstMiss) stopped = true;
        }
        return _order;
    }

    public int Compare(int x, int y)
    {
        if (x == y) return 0;
        var byMean = Descending(Mean[x], Mean[y]);
        if (byMean != 0) return byMean;
        var byValue = Descending(Mean[x] / _thousands[x], Mean[y] / _thousands[y]);
        if (byValue != 0) return byValue;
        var (sx, sy) = (StandardDeviation[x], StandardDeviation[y]);
        var bySd = (double.IsNaN(sx), double.IsNaN(sy)) switch
        {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => -1,
            _ => -Descending(sx, sy),
        };
        if (bySd != 0) return bySd;
        return _round.TitleOrder[x].CompareTo(_round.TitleOrder[y]);
    }

    private static int Descending(double a, double b) =>
        Math.Abs(a - b) < RankingComparer.Tolerance ? 0 : b.CompareTo(a);
}
