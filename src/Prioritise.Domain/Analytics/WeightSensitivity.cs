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
/// once. Bids on the same line (the same per-criterion means) are ordered by the committee's
/// tie-breaks, value per GBP and then SD, and the SD order can swap as t moves (see Lines), so the
/// order changes where lines cross or where such bids' SDs cross. The funded set then changes first where:
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

    /// <summary>
    /// The bids as lines in one criterion's weight, worked in exact decimal arithmetic, and the
    /// search for the first change either way.
    ///
    /// With weight t on criterion c, sheet s of a bid has the weighted sum a_s + t x_s (a_s over
    /// the other criteria, x_s its score on c); the common divisor W + t changes no comparison.
    /// Two bids x, y (n sheets each) compare by the committee's rule on each open interval of t:
    ///  1. mean: sign of D(t) = n_y (SA_x + t SX_x) - n_x (SA_y + t SX_y), linear, so at most one
    ///     crossing (SA, SX the sums of a and x over the sheets);
    ///  2. only where D is zero for every t (the same per-criterion means): value per GBP, the
    ///     smaller request first while the mean is positive;
    ///  3. then the lower SD (none last): n(n-1) var = q0 + q1 t + q2 t^2, so the SD order is the
    ///     sign of a quadratic and can swap twice: two bids with the same means but sheets paired
    ///     differently swap as the weight moves, which can change the funded set;
    ///  4. then title and id.
    /// All sums are decimals of integer scores and decimal weights, so "the same mean" is exact, not
    /// a floating-point 6.950000000000002 against 6.95. Crossings are where each pair's order flips
    /// (the linear root, a sign-changing root of the quadratic); only the weights reported are doubles.
    /// </summary>
    private sealed class Lines
    {
        private readonly ScoredRound _round;
        private readonly double _w0;
        private readonly int[] _n;
        private readonly decimal[] _sa, _sx, _q0, _q1, _q2;
        private readonly int[] _position;

        public Lines(ScoredRound round, Criterion criterion)
        {
            _round = round;
            _w0 = (double)criterion.Weight;
            var count = round.Count;
            (_n, _sa, _sx, _q0, _q1, _q2) = (new int[count], new decimal[count], new decimal[count], new decimal[count], new decimal[count], new decimal[count]);
            var others = round.Round.Criteria.Where(c => c.Id != criterion.Id).ToArray();
            foreach (var i in round.Scored)
            {
                decimal sa = 0, sx = 0, saa = 0, sax = 0, sxx = 0;
                var sheets = round.Bids[i].Sheets;
                foreach (var sheet in sheets)
                {
                    decimal a = 0;
                    foreach (var c in others) a += c.Weight * sheet.Scores[c.Id];
                    decimal x = sheet.Scores[criterion.Id];
                    (sa, sx, saa, sax, sxx) = (sa + a, sx + x, saa + a * a, sax + a * x, sxx + x * x);
                }
                var n = sheets.Count;
                (_n[i], _sa[i], _sx[i]) = (n, sa, sx);
                (_q0[i], _q1[i], _q2[i]) = (n * saa - sa * sa, 2 * (n * sax - sa * sx), n * sxx - sx * sx);
            }
            // Where each bid stands in the committee's order now (ties already broken its way).
            _position = new int[count];
            for (var k = 0; k < round.CommitteeOrder.Length; k++) _position[round.CommitteeOrder[k]] = k;
        }

        /// <summary>Weights this close (relative) are the same crossing: the same rational gives the same double, an SD root may differ in the last bits.</summary>
        private static bool Same(double r, double t) => Math.Abs(r - t) <= 1e-12 * Math.Max(1, Math.Abs(t));

        /// <summary>Whether the point just past t (above it going up, below it going down) lies above r.</summary>
        private static bool PastAbove(double r, double t, bool up) => up ? r <= t || Same(r, t) : r < t && !Same(r, t);

        /// <summary>Whether root r lies strictly beyond the agreed weight, inside the weights that can be (t &gt; 0).</summary>
        private bool Ahead(double r, bool up) => !Same(r, _w0) && (up ? r > _w0 : r < _w0 && r > 0);

        private static double Root(decimal p0, decimal p1) => (double)(-p0 / p1);

        /// <summary>Sign of p0 + p1 t just past t (never 0 unless the line is 0 everywhere).</summary>
        private static int LinearSign(decimal p0, decimal p1, double t, bool up)
        {
            if (p1 == 0) return Math.Sign(p0);
            return Math.Sign(p1) * (PastAbove(Root(p0, p1), t, up) ? 1 : -1);
        }

        /// <summary>The real roots where e0 + e1 t + e2 t^2 changes sign (a double root does not), ascending.</summary>
        private static double[] SignChanges(decimal e0, decimal e1, decimal e2)
        {
            if (e2 == 0) return e1 == 0 ? [] : [Root(e0, e1)];
            var discriminant = e1 * e1 - 4 * e0 * e2;
            if (discriminant <= 0) return [];
            // The stable pair of roots: q = -(e1 + sign(e1) sqrt(disc)) / 2, roots q / e2 and e0 / q.
            var (b, c, a) = ((double)e1, (double)e0, (double)e2);
            var q = -0.5 * (b + (b >= 0 ? 1 : -1) * Math.Sqrt((double)discriminant));
            var (r1, r2) = (q / a, c / q);
            return r1 < r2 ? [r1, r2] : [r2, r1];
        }

        private static int QuadraticSign(decimal e0, decimal e1, decimal e2, double t, bool up)
        {
            if (e2 == 0) return LinearSign(e0, e1, t, up);
            var roots = SignChanges(e0, e1, e2);
            var between = roots.Length == 2 && PastAbove(roots[0], t, up) && !PastAbove(roots[1], t, up);
            return Math.Sign(e2) * (between ? -1 : 1);
        }

        private (decimal P, decimal R) MeanGap(int x, int y) =>
            (_n[y] * _sa[x] - _n[x] * _sa[y], _n[y] * _sx[x] - _n[x] * _sx[y]);

        private (decimal E0, decimal E1, decimal E2) SdGap(int x, int y)
        {
            decimal kx = _n[x] * (_n[x] - 1), ky = _n[y] * (_n[y] - 1);
            return (ky * _q0[x] - kx * _q0[y], ky * _q1[x] - kx * _q1[y], ky * _q2[x] - kx * _q2[y]);
        }

        /// <summary>
        /// The committee's order of x and y on the open interval just past t (negative: x ranks
        /// above y), every tie-break of the scoring method taken exactly.
        /// </summary>
        private int Order(int x, int y, double t, bool up)
        {
            if (x == y) return 0;
            var (p, r) = MeanGap(x, y);
            if (p != 0 || r != 0) return -LinearSign(p, r, t, up);
            // The same mean for every weight. Value per GBP: the mean over the request, so while the
            // mean is positive the smaller request is ahead (a mean that is 0 everywhere ties).
            var (ax, ay) = (_round.Amount(x), _round.Amount(y));
            if (ax != ay && (_sa[x] != 0 || _sx[x] != 0))
                return LinearSign(_sa[x], _sx[x], t, up) * ax.CompareTo(ay);
            // Lower SD first; a bid with one sheet has none and goes last.
            var (sx, sy) = (_n[x] >= 2, _n[y] >= 2);
            if (sx != sy) return sx ? -1 : 1;
            if (sx)
            {
                var (e0, e1, e2) = SdGap(x, y);
                if (e0 != 0 || e1 != 0 || e2 != 0) return QuadraticSign(e0, e1, e2, t, up);
            }
            return _round.TitleOrder[x].CompareTo(_round.TitleOrder[y]);
        }

        /// <summary>
        /// The weights, in the order met moving away from w0, at which x and y swap: w0 itself if
        /// their order just past it is not the committee's (a tie at w0 its tie-breaks settled),
        /// then every crossing of the rule above beyond it. Each one swaps the pair.
        /// </summary>
        private List<double> Swaps(int x, int y, bool up)
        {
            var swaps = new List<double>(3);
            var (p, r) = MeanGap(x, y);
            if (p != 0 || r != 0)
            {
                if (r != 0) swaps.Add(Root(p, r));
            }
            else if (_round.Amount(x) != _round.Amount(y) && (_sa[x] != 0 || _sx[x] != 0))
            {
                if (_sx[x] != 0) swaps.Add(Root(_sa[x], _sx[x]));
            }
            else if (_n[x] >= 2 && _n[y] >= 2)
            {
                var (e0, e1, e2) = SdGap(x, y);
                swaps.AddRange(SignChanges(e0, e1, e2));
            }
            swaps.RemoveAll(w => !Ahead(w, up));
            swaps.Sort();
            if (!up) swaps.Reverse();
            // Crossings at w0 itself are behind us: the committee's tie-breaks settled the order
            // there, and the order just past w0 says whether the pair swaps as soon as it moves.
            var now = _position[x] < _position[y] ? -1 : 1;
            if (Math.Sign(Order(x, y, _w0, up)) != now) swaps.Insert(0, _w0);
            return swaps;
        }

        /// <summary>Sort key so that weights met earlier moving this way come first.</summary>
        private static double Key(double w, bool up) => up ? w : -w;

        public WeightThreshold? Threshold(bool up)
        {
            var funded = _round.Scored.Where(i => _round.Funded[i]).ToArray();
            var rest = _round.Scored.Where(i => !_round.Funded[i]).ToArray();
            if (rest.Length == 0) return null;
            var key = _round.Round.FundingLinePolicy == FundingLinePolicy.StopAtFirstMiss
                ? StopAtFirstMiss(funded, rest, up)
                : SkipAndContinue(funded, rest, up);
            if (double.IsPositiveInfinity(key)) return null;
            var t = up ? key : -key;
            var after = FundedJustBeyond(t, up);
            var entering = _round.Scored.Where(i => after[i] && !_round.Funded[i]).Select(i => _round.Results[i].BidId).ToList();
            var leaving = _round.Scored.Where(i => !after[i] && _round.Funded[i]).Select(i => _round.Results[i].BidId).ToList();
            return new WeightThreshold(t, (t - _w0) / _w0, entering, leaving);
        }

        private double StopAtFirstMiss(int[] funded, int[] rest, bool up)
        {
            // (i) A bid below the line passes a funded one (its first swap with it): F is no
            // longer the top of the list.
            var first = double.PositiveInfinity;
            foreach (var f in funded)
                foreach (var u in rest)
                {
                    var swaps = Swaps(f, u, up);
                    if (swaps.Count > 0) first = Math.Min(first, Key(swaps[0], up));
                }

            // (ii) A bid that fits the headroom rises above every bid that does not: it becomes the
            // first bid after F and is funded. Count the bids too big for the headroom above it,
            // swap by swap (a pair with the same means can swap twice), until none is left.
            var headroom = _round.Round.FundingCap - funded.Sum(_round.Amount);
            var fits = rest.Where(u => _round.Amount(u) <= headroom).ToArray();
            var tooBig = rest.Where(u => _round.Amount(u) > headroom).ToArray();
            foreach (var u in fits)
            {
                var above = tooBig.Count(v => _position[v] < _position[u]);
                var moves = tooBig.SelectMany(v => Swaps(u, v, up).Select(w => (Key: Key(w, up), V: v))).OrderBy(m => m.Key);
                var isAbove = tooBig.ToDictionary(v => v, v => _position[v] < _position[u]);
                foreach (var group in moves.GroupBy(m => m.Key))
                {
                    if (group.Key >= first) break;
                    foreach (var (_, v) in group)
                    {
                        above += isAbove[v] ? -1 : 1;
                        isAbove[v] = !isAbove[v];
                    }
                    if (above == 0)
                    {
                        first = group.Key;
                        break;
                    }
                }
            }
            return first;
        }

        private double SkipAndContinue(int[] funded, int[] rest, bool up)
        {
            var first = double.PositiveInfinity;
            var cap = _round.Round.FundingCap;
            foreach (var u in rest)
            {
                // The money of funded bids above u now, and each swap of a funded bid with it:
                // alternately passing it and falling back (same-means pairs can swap twice).
                decimal above = 0;
                var moves = new List<(double Key, decimal Change)>();
                foreach (var f in funded)
                {
                    var isAbove = _position[f] < _position[u];
                    if (isAbove) above += _round.Amount(f);
                    foreach (var w in Swaps(f, u, up))
                    {
                        moves.Add((Key(w, up), isAbove ? -_round.Amount(f) : _round.Amount(f)));
                        isAbove = !isAbove;
                    }
                }
                // Swaps at the same weight happen together; u fits once the money above it leaves room.
                foreach (var group in moves.GroupBy(m => m.Key).OrderBy(g => g.Key))
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

        /// <summary>The funded set just past weight t: the committee's order there (<see cref="Order"/>) and its line.</summary>
        private bool[] FundedJustBeyond(double t, bool up)
        {
            var order = _round.Scored.OrderBy(i => i, Comparer<int>.Create((x, y) => Order(x, y, t, up))).ToList();
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
