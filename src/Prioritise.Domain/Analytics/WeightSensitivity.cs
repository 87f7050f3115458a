using MathNet.Numerics.Distributions;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Analytics;

/// <summary>
/// Where the funded set first changes as one criterion's weight moves one way (all other weights
/// held): at <see cref="Weight"/> the bids that swap have equal means; once the weight moves on
/// past the committee's 1e-9 tie tolerance (a negligible step), the funded set is different.
/// </summary>
/// <param name="Change">The move as a share of the agreed weight: -0.25 is a quarter lower.</param>
/// <param name="Entering">Bids that would then be funded and are not now.</param>
/// <param name="Leaving">Bids funded now that would then not be.</param>
public sealed record WeightThreshold(double Weight, double Change, IReadOnlyList<string> Entering, IReadOnlyList<string> Leaving);

/// <summary>One criterion: its agreed weight and how far it can fall (Lower) or rise (Upper); null: never, that way.</summary>
public sealed record CriterionSensitivity(string CriterionId, string Name, decimal Weight, WeightThreshold? Lower, WeightThreshold? Upper);

/// <summary>A bid's chance of funding when all the weights are perturbed at once.</summary>
public sealed record PerturbedChance(string BidId, string Title, double ProbabilityFunded);

/// <summary>The weight sensitivity of the round's funded set: one criterion at a time, then all together.</summary>
public sealed record WeightSensitivityResult(
    IReadOnlyList<CriterionSensitivity> Criteria,
    double Concentration,
    int Draws,
    int Seed,
    IReadOnlyList<PerturbedChance> Perturbed);

/// <summary>
/// How much the funded set depends on the agreed weights.
///
/// One criterion c at a time: with the other weights held, a bid's weighted mean at weight t is
/// M_b(t) = (A_b + t * m_bc) / (W + t), where m_bc is its mean score on c, A_b = sum over the other
/// criteria of w * m and W the sum of their weights. W + t is the same positive number for every
/// bid, so bids order as the straight lines L_b(t) = A_b + t * m_bc, and two lines cross at most
/// once: the order changes only where lines cross. The funded set then changes first where:
///  - stopAtFirstMiss (the funded bids F are the top of the list): a bid not funded overtakes a
///    funded one, or a bid that would fit the headroom rises above every bid that would not (it then
///    is the first bid after F, and it fits);
///  - skipAndContinue: some unfunded bid u finds less money above it than cap - amount(u) (then it
///    fits when the walk reaches it). Funded bids passing each other, or unfunded ones, change nothing.
/// Both give the exact first weight, without trying weights one by one; the tests check it against
/// the committee's method evaluated on either side.
///
/// All together: weights drawn from a Dirichlet distribution centred on the agreed proportions
/// (alpha_c = concentration * w_c / sum w), each draw ranked and lined by the committee's method.
/// </summary>
public static class WeightSensitivity
{
    public static WeightSensitivityResult Compute(ScoredRound round, int draws, int seed, double concentration, bool parallel = true)
    {
        var criteria = round.Round.Criteria.Select(c => Crossings(round, c)).ToList();
        return new WeightSensitivityResult(criteria, concentration, draws, seed, Perturb(round, draws, seed, concentration, parallel));
    }

    // ---- One criterion at a time ----

    private static CriterionSensitivity Crossings(ScoredRound round, Criterion criterion)
    {
        var lines = new Lines(round, criterion);
        return new CriterionSensitivity(criterion.Id, criterion.Name, criterion.Weight,
            lines.Threshold(up: false), lines.Threshold(up: true));
    }

    /// <summary>The bids as lines in one criterion's weight, and the search for the first change either way.</summary>
    private sealed class Lines
    {
        private readonly ScoredRound _round;
        private readonly double _w0;
        private readonly double _others;
        private readonly double[] _a;
        private readonly double[] _m;
        private readonly int[] _position;

        public Lines(ScoredRound round, Criterion criterion)
        {
            _round = round;
            _w0 = (double)criterion.Weight;
            _a = new double[round.Count];
            _m = new double[round.Count];
            _others = round.Round.Criteria.Where(c => c.Id != criterion.Id).Sum(c => (double)c.Weight);
            foreach (var i in round.Scored)
            {
                var means = round.Results[i].CriterionMeans;
                _m[i] = means[criterion.Id];
                _a[i] = round.Round.Criteria.Where(c => c.Id != criterion.Id).Sum(c => (double)c.Weight * means[c.Id]);
            }
            // Where each bid stands in the committee's order now (ties already broken its way).
            _position = new int[round.Count];
            for (var k = 0; k < round.CommitteeOrder.Length; k++) _position[round.CommitteeOrder[k]] = k;
        }

        private double L(int i, double t) => _a[i] + t * _m[i];

        /// <summary>
        /// How far t must move (up or down) from w0 before <paramref name="below"/>, now under
        /// <paramref name="above"/>, goes strictly above it; infinity if never (or only at t &lt;= 0).
        /// </summary>
        private double Overtake(int above, int below, bool up)
        {
            // The gap now; the committee's order may rest on a tie-break, so the gap is never negative.
            var gap = Math.Max(0, L(above, _w0) - L(below, _w0));
            var gain = up ? _m[below] - _m[above] : _m[above] - _m[below];
            if (gain <= 0) return double.PositiveInfinity;
            var distance = gap / gain;
            return !up && distance >= _w0 ? double.PositiveInfinity : distance;
        }

        /// <summary>How far before <paramref name="x"/> goes above <paramref name="y"/> (0 if it is above now).</summary>
        private double AboveFrom(int x, int y, bool up) => _position[x] < _position[y] ? 0 : Overtake(y, x, up);

        /// <summary>How far before <paramref name="x"/> falls below <paramref name="y"/> (infinity if it is below now and stays).</summary>
        private double AboveUntil(int x, int y, bool up) => _position[x] < _position[y] ? Overtake(x, y, up) : double.PositiveInfinity;

        public WeightThreshold? Threshold(bool up)
        {
            var funded = _round.Scored.Where(i => _round.Funded[i]).ToArray();
            var rest = _round.Scored.Where(i => !_round.Funded[i]).ToArray();
            if (rest.Length == 0) return null;
            var distance = _round.Round.FundingLinePolicy == FundingLinePolicy.StopAtFirstMiss
                ? StopAtFirstMiss(funded, rest, up)
                : SkipAndContinue(funded, rest, up);
            if (double.IsPositiveInfinity(distance)) return null;
            var t = up ? _w0 + distance : _w0 - distance;
            var after = FundedJustBeyond(t, up);
            var entering = _round.Scored.Where(i => after[i] && !_round.Funded[i]).Select(i => _round.Results[i].BidId).ToList();
            var leaving = _round.Scored.Where(i => !after[i] && _round.Funded[i]).Select(i => _round.Results[i].BidId).ToList();
            return new WeightThreshold(t, (t - _w0) / _w0, entering, leaving);
        }

        private double StopAtFirstMiss(int[] funded, int[] rest, bool up)
        {
            // (i) A bid below the line overtakes a funded one: F is no longer the top of the list.
            var first = double.PositiveInfinity;
            foreach (var f in funded)
                foreach (var u in rest)
                    first = Math.Min(first, Overtake(f, u, up));

            // (ii) A bid that fits the headroom rises above every bid that does not: it becomes the
            // first bid after F and is funded. For one such bid the weights where it is above all
            // of them form one interval (each line crosses another at most once): it enters at the
            // latest of its overtakings, if that comes before the earliest time one overtakes it.
            var headroom = _round.Round.FundingCap - funded.Sum(_round.Amount);
            var fits = rest.Where(u => _round.Amount(u) <= headroom).ToArray();
            var tooBig = rest.Where(u => _round.Amount(u) > headroom).ToArray();
            foreach (var u in fits)
            {
                double from = 0, until = double.PositiveInfinity;
                foreach (var v in tooBig)
                {
                    from = Math.Max(from, AboveFrom(u, v, up));
                    until = Math.Min(until, AboveUntil(u, v, up));
                }
                if (from < until) first = Math.Min(first, from);
            }
            return first;
        }

        private double SkipAndContinue(int[] funded, int[] rest, bool up)
        {
            var first = double.PositiveInfinity;
            var cap = _round.Round.FundingCap;
            foreach (var u in rest)
            {
                // The money of funded bids above u now, and the moves at which a funded bid passes it.
                decimal above = 0;
                var moves = new List<(double Distance, decimal Change)>();
                foreach (var f in funded)
                {
                    if (_position[f] < _position[u])
                    {
                        above += _round.Amount(f);
                        var d = Overtake(f, u, up);
                        if (!double.IsPositiveInfinity(d)) moves.Add((d, -_round.Amount(f)));
                    }
                    else
                    {
                        var d = Overtake(u, f, up);
                        if (!double.IsPositiveInfinity(d)) moves.Add((d, _round.Amount(f)));
                    }
                }
                // Moves at the same weight happen together; u fits once the money above it leaves room.
                foreach (var group in moves.GroupBy(m => m.Distance).OrderBy(g => g.Key))
                {
                    if (group.Key >= first) break;
                    above += group.Sum(m => m.Change);
                    if (above + _round.Amount(u) <= cap)
                    {
                        first = group.Key;
                        break;
                    }
                }
            }
            return first;
        }

        /// <summary>
        /// The funded set just past weight t: bids ordered by their mean at t, a tie there going to
        /// the bid whose mean is moving ahead (the steeper line going up, the shallower going down),
        /// then the committee's own tie-breaks (value per GBP: the smaller request; then title and id).
        /// </summary>
        private bool[] FundedJustBeyond(double t, bool up)
        {
            var order = _round.Scored.OrderBy(i => i, Comparer<int>.Create((x, y) =>
            {
                var (lx, ly) = (L(x, t), L(y, t));
                var scale = Math.Max(1, Math.Max(Math.Abs(lx), Math.Abs(ly)));
                if (Math.Abs(lx - ly) >= Scoring.RankingComparer.Tolerance * scale) return ly.CompareTo(lx);
                if (_m[x] != _m[y]) return up ? _m[y].CompareTo(_m[x]) : _m[x].CompareTo(_m[y]);
                var byAmount = _round.Amount(x).CompareTo(_round.Amount(y));
                return byAmount != 0 ? byAmount : _round.TitleOrder[x].CompareTo(_round.TitleOrder[y]);
            })).ToList();
            var line = Scoring.FundingLine.Draw(order, _round.Round.FundingCap, _round.Round.FundingLinePolicy, _round.Amount, _ => true);
            var funded = new bool[_round.Count];
            for (var k = 0; k < order.Count; k++) funded[order[k]] = line[k].Funded;
            return funded;
        }
    }

    // ---- All weights together ----

    private static IReadOnlyList<PerturbedChance> Perturb(ScoredRound round, int draws, int seed, double concentration, bool parallel)
    {
        var criteria = round.Round.Criteria;
        var total = (double)round.Round.TotalWeight;
        var alpha = criteria.Select(c => concentration * (double)c.Weight / total).ToArray();
        // Each sheet's scores as a row, so a draw's scorer totals are plain sums.
        var scores = round.Bids.Select(b => b.Sheets.Select(s => criteria.Select(c => (double)s.Scores[c.Id]).ToArray()).ToArray()).ToArray();
        var counts = new int[round.Count];

        void Draw(int d, Scratch s)
        {
            var rng = RandomStreams.Create(seed, RandomStreams.Weights, d);
            var q = Dirichlet.Sample(rng, alpha);
            foreach (var i in round.Scored)
            {
                var sheets = scores[i];
                double sum = 0, sumOfSquares = 0;
                foreach (var sheet in sheets)
                {
                    double x = 0;
                    for (var c = 0; c < q.Length; c++) x += q[c] * sheet[c];
                    sum += x;
                    sumOfSquares += x * x;
                }
                var mean = sum / sheets.Length;
                s.Walker.Mean[i] = mean;
                s.Walker.StandardDeviation[i] = sheets.Length >= 2
                    ? Math.Sqrt(Math.Max(0, (sumOfSquares - sum * mean) / (sheets.Length - 1)))
                    : double.NaN;
            }
            s.Walker.Walk(s.Funded);
            foreach (var i in round.Scored) if (s.Funded[i]) s.Counts[i]++;
        }

        var all = new List<Scratch>();
        if (parallel)
            Parallel.For(0, draws, () => new Scratch(round), (d, _, s) => { Draw(d, s); return s; }, s => { lock (all) all.Add(s); });
        else
        {
            var scratch = new Scratch(round);
            for (var d = 0; d < draws; d++) Draw(d, scratch);
            all.Add(scratch);
        }
        foreach (var s in all)
            for (var i = 0; i < counts.Length; i++) counts[i] += s.Counts[i];

        return round.CommitteeOrder
            .Select(i => new PerturbedChance(round.Results[i].BidId, round.Results[i].Title, (double)counts[i] / draws))
            .ToList();
    }

    private sealed class Scratch(ScoredRound round)
    {
        public LineWalker Walker { get; } = new(round);
        public bool[] Funded { get; } = new bool[round.Count];
        public int[] Counts { get; } = new int[round.Count];
    }
}
