using Prioritise.Domain.Analytics;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using static Prioritise.Domain.Tests.Analytics.AnalyticsBuilders;

namespace Prioritise.Domain.Tests.Analytics;

/// <summary>How far each weight can move before the funded set changes, and all weights perturbed at once.</summary>
public class WeightSensitivityTests
{
    /// <summary>
    /// Two criteria of weight 1, cap GBP 100k, two GBP 100k bids: A scores (8, 4), mean 6; B (4, 7),
    /// mean 5.5. Only A is funded.
    /// c0 at weight t: A = (8t + 4) / (t + 1), B = (4t + 7) / (t + 1); equal at 8t + 4 = 4t + 7,
    /// t = 0.75. Lower c0 below 0.75 and B overtakes A; raise it and A only gains.
    /// c1 at weight s: A = (8 + 4s) / (1 + s), B = (4 + 7s) / (1 + s); equal at s = 4/3.
    /// </summary>
    private static BidSheets[] TwoBids() =>
    [
        Bid("A", 100_000m, Builders.Sheet("m0", 8, 4)),
        Bid("B", 100_000m, Builders.Sheet("m0", 4, 7)),
    ];

    [Theory]
    [InlineData(FundingLinePolicy.StopAtFirstMiss)]
    [InlineData(FundingLinePolicy.SkipAndContinue)]
    public void Two_bids_swap_where_their_means_cross(FundingLinePolicy policy)
    {
        var round = Builders.Round(Builders.Criteria(1m, 1m), cap: 100_000m, policy: policy);
        var result = WeightSensitivity.Compute(Scored(round, TwoBids()), 2_000, 1, 100);

        var c0 = result.Criteria[0];
        Assert.Null(c0.Upper);
        Assert.Equal(0.75, c0.Lower!.Weight, 12);
        Assert.Equal(-0.25, c0.Lower.Change, 12);
        Assert.Equal(["B"], c0.Lower.Entering);
        Assert.Equal(["A"], c0.Lower.Leaving);

        var c1 = result.Criteria[1];
        Assert.Null(c1.Lower);
        Assert.Equal(4.0 / 3, c1.Upper!.Weight, 12);
        Assert.Equal(1.0 / 3, c1.Upper.Change, 12);
        Assert.Equal(["B"], c1.Upper.Entering);
        Assert.Equal(["A"], c1.Upper.Leaving);
    }

    /// <summary>
    /// Cap GBP 150k. A (9, 9) GBP 100k is always first; B (8, 6) GBP 100k mean 7 is next and does
    /// not fit the GBP 50k headroom; C (5, 8) GBP 50k mean 6.5 would fit, but stopAtFirstMiss ends
    /// the list at B. C is funded as soon as it rises above B:
    /// c1 at s: B = (8 + 6s)/(1 + s), C = (5 + 8s)/(1 + s), equal at s = 1.5 (C gains going up);
    /// c0 at t: B = (8t + 6)/(t + 1), C = (5t + 8)/(t + 1), equal at t = 2/3 (C gains going down).
    /// Nothing ever passes A. Nobody leaves: C enters in the headroom.
    /// </summary>
    private static BidSheets[] HeadroomBids() =>
    [
        Bid("A", 100_000m, Builders.Sheet("m0", 9, 9)),
        Bid("B", 100_000m, Builders.Sheet("m0", 8, 6)),
        Bid("C", 50_000m, Builders.Sheet("m0", 5, 8)),
    ];

    [Fact]
    public void Stop_at_first_miss_a_bid_that_fits_the_headroom_enters_once_it_passes_the_first_miss()
    {
        var round = Builders.Round(Builders.Criteria(1m, 1m), cap: 150_000m);
        var result = WeightSensitivity.Compute(Scored(round, HeadroomBids()), 2_000, 1, 100);

        var (c0, c1) = (result.Criteria[0], result.Criteria[1]);
        Assert.Null(c0.Upper);
        Assert.Equal(2.0 / 3, c0.Lower!.Weight, 12);
        Assert.Equal(-1.0 / 3, c0.Lower.Change, 12);
        Assert.Equal(["C"], c0.Lower.Entering);
        Assert.Empty(c0.Lower.Leaving);
        Assert.Null(c1.Lower);
        Assert.Equal(1.5, c1.Upper!.Weight, 12);
        Assert.Equal(0.5, c1.Upper.Change, 12);
        Assert.Equal(["C"], c1.Upper.Entering);
        Assert.Empty(c1.Upper.Leaving);
    }

    [Fact]
    public void Skip_and_continue_funds_the_headroom_bid_already_and_no_weight_changes_that()
    {
        // A and C are funded (B skipped). B could only be funded if A fell below it, and A is 9 on
        // both criteria: at any weights it is first. So no threshold either way on either criterion.
        var round = Builders.Round(Builders.Criteria(1m, 1m), cap: 150_000m, policy: FundingLinePolicy.SkipAndContinue);
        var result = WeightSensitivity.Compute(Scored(round, HeadroomBids()), 2_000, 1, 100);
        Assert.All(result.Criteria, c =>
        {
            Assert.Null(c.Lower);
            Assert.Null(c.Upper);
        });
        Assert.Equal([1.0, 0.0, 1.0], result.Perturbed.Select(p => p.ProbabilityFunded));
    }

    /// <summary>
    /// Issue 12, item 17. Criteria c0 (weight 1) and c1 (weight 2), cap GBP 60k, stopAtFirstMiss:
    /// Zeta GBP 50k sheets (6, 7), (7, 6); Alpha GBP 50k (6, 8), (7, 5); C GBP 10k (3, 8), (3, 8).
    /// Zeta and Alpha have the same per-criterion means (6.5, 6.5) and request, so at every weight
    /// their means and values per GBP tie and the lower SD of the scorer totals decides.
    ///
    /// c0 at weight t (c1 at 2); a scorer's total is its weighted sum over t + 2:
    ///   Zeta 6t + 14 and 7t + 12 (gap t - 2), Alpha 6t + 16 and 7t + 10 (gap t - 6), C 3t + 16 twice.
    ///   Means x (t + 2): Zeta = Alpha = 6.5t + 13, C = 3t + 16. With two sheets the SD is
    ///   |gap| / (sqrt 2 (t + 2)): Zeta |t - 2|, Alpha |t - 6|, C 0.
    ///   At t = 1: means 6.5, 6.5, 6.33; Zeta's SD 0.24 beats Alpha's 1.18, so the list is Zeta,
    ///   Alpha, C; Zeta is funded (GBP 50k), Alpha does not fit the GBP 10k left and the line stops.
    ///   Up: |t - 2| = |t - 6| at t = 4, after which Alpha has the lower SD and goes first: Alpha
    ///   enters, Zeta leaves (C only falls: its line is flatter). Change (4 - 1) / 1 = 3.
    ///   Down: C meets Zeta and Alpha at 6.5t + 13 = 3t + 16, t = 6/7 = 0.857; below it C leads,
    ///   then Zeta (GBP 60k in all, fits), then Alpha: only C enters. (The SDs do not swap below 4.)
    /// c1 at weight s (c0 at 1):
    ///   Zeta 6 + 7s and 7 + 6s (gap s - 1), Alpha 6 + 8s and 7 + 5s (gap 3s - 1), C 3 + 8s twice.
    ///   Means x (1 + s): Zeta = Alpha = 6.5 + 6.5s, C = 3 + 8s.
    ///   Up: C meets them at 1.5s = 3.5, s = 7/3; past it C leads, and Zeta (|s - 1| = 4/3 against
    ///   Alpha's 6) still beats Alpha: C enters, nobody leaves. Change (7/3 - 2) / 2 = 1/6.
    ///   Down: C only falls; |s - 1| = |3s - 1| at s = 1/2 (and 0), below which Alpha's SD is the
    ///   lower: Alpha enters, Zeta leaves. Change (0.5 - 2) / 2 = -3/4.
    /// </summary>
    [Fact]
    public void Bids_with_the_same_means_swap_where_their_SDs_cross()
    {
        var round = Builders.Round(Builders.Criteria(1m, 2m), cap: 60_000m);
        BidSheets[] bids =
        [
            Bid("Zeta", 50_000m, Builders.Sheet("m0", 6, 7), Builders.Sheet("m1", 7, 6)),
            Bid("Alpha", 50_000m, Builders.Sheet("m0", 6, 8), Builders.Sheet("m1", 7, 5)),
            Bid("C", 10_000m, Builders.Sheet("m0", 3, 8), Builders.Sheet("m1", 3, 8)),
        ];
        Assert.Equal(["Zeta"], FundedAt(round, bids, round.Criteria).Order());
        var result = WeightSensitivity.Compute(Scored(round, bids), 2_000, 1, 100);
        var (c0, c1) = (result.Criteria[0], result.Criteria[1]);

        Assert.Equal(4.0, c0.Upper!.Weight, 12);
        Assert.Equal(3.0, c0.Upper.Change, 12);
        Assert.Equal(["Alpha"], c0.Upper.Entering);
        Assert.Equal(["Zeta"], c0.Upper.Leaving);

        Assert.Equal(6.0 / 7, c0.Lower!.Weight, 12);
        Assert.Equal(-1.0 / 7, c0.Lower.Change, 12);
        Assert.Equal(["C"], c0.Lower.Entering);
        Assert.Empty(c0.Lower.Leaving);

        Assert.Equal(7.0 / 3, c1.Upper!.Weight, 12);
        Assert.Equal(1.0 / 6, c1.Upper.Change, 12);
        Assert.Equal(["C"], c1.Upper.Entering);
        Assert.Empty(c1.Upper.Leaving);

        Assert.Equal(0.5, c1.Lower!.Weight, 12);
        Assert.Equal(-0.75, c1.Lower.Change, 12);
        Assert.Equal(["Alpha"], c1.Lower.Entering);
        Assert.Equal(["Zeta"], c1.Lower.Leaving);

        // The committee's own method either side of each (0.01 away: far beyond its 1e-9 tolerance).
        IReadOnlyList<Criterion> At(int c, decimal w) => round.Criteria.Select((x, k) => k == c ? x with { Weight = w } : x).ToList();
        Assert.Equal(["Zeta"], FundedAt(round, bids, At(0, 3.99m)).Order());
        Assert.Equal(["Alpha"], FundedAt(round, bids, At(0, 4.01m)).Order());
        Assert.Equal(["Zeta"], FundedAt(round, bids, At(0, 0.867m)).Order());
        Assert.Equal(["C", "Zeta"], FundedAt(round, bids, At(0, 0.847m)).Order());
        Assert.Equal(["Zeta"], FundedAt(round, bids, At(1, 2.323m)).Order());
        Assert.Equal(["C", "Zeta"], FundedAt(round, bids, At(1, 2.343m)).Order());
        Assert.Equal(["Zeta"], FundedAt(round, bids, At(1, 0.51m)).Order());
        Assert.Equal(["Alpha"], FundedAt(round, bids, At(1, 0.49m)).Order());
    }

    /// <summary>
    /// The oracle: random small rounds (fixed seed) built to tie: 3 to 8 bids, 2 to 4 members, 2 or
    /// 3 criteria of weight 1 to 3, scores from 4 to 7, and half the bids copies of an earlier one with
    /// each criterion's scores shuffled between its sheets (the same per-criterion means, other SDs),
    /// mostly at the same request. Each criterion's weight is swept over a grid (step 0.05 up to 8, offset so
    /// no point lands on a simple fraction where the committee's tie-breaks would decide), ranked
    /// and lined by the committee's own method (ScoringMethod + FundingLine) at every point. The
    /// first grid point each way where the funded set differs from the agreed weight's must lie
    /// within one step past the reported threshold, and fund exactly the reported set (the agreed
    /// set less the leavers plus the entrants); no grid point may change before the threshold;
    /// with no threshold no grid point that way changes.
    /// </summary>
    [Theory]
    [InlineData(FundingLinePolicy.StopAtFirstMiss)]
    [InlineData(FundingLinePolicy.SkipAndContinue)]
    public void Thresholds_agree_with_a_sweep_of_the_committees_method_on_rounds_with_forced_ties(FundingLinePolicy policy)
    {
        const double step = 0.05, offset = 0.00731, top = 8;
        var random = new Random(policy == FundingLinePolicy.StopAtFirstMiss ? 1712 : 1812);
        var (thresholds, sdSwaps) = (0, 0);
        for (var trial = 0; trial < 40; trial++)
        {
            var criteriaCount = random.Next(2, 4);
            var members = random.Next(2, 5);
            var criteria = Builders.Criteria(Enumerable.Range(0, criteriaCount).Select(_ => (decimal)random.Next(1, 4)).ToArray());
            var amounts = new[] { 10_000m, 20_000m, 30_000m, 50_000m };
            var bids = new List<BidSheets>();
            var count = random.Next(3, 9);
            for (var b = 0; b < count; b++)
            {
                int[][] scores;
                var amount = amounts[random.Next(amounts.Length)];
                if (b > 0 && random.Next(2) == 0)
                {
                    // A copy with each criterion's column shuffled across the sheets, mostly at the same request.
                    var original = bids[random.Next(bids.Count)];
                    if (random.Next(4) > 0) amount = original.Bid.AmountRequested;
                    var source = original.Sheets.Select(x => Enumerable.Range(0, criteriaCount).Select(c => x.Scores[$"c{c}"]).ToArray()).ToArray();
                    scores = source.Select(row => (int[])row.Clone()).ToArray();
                    for (var c = 0; c < criteriaCount; c++)
                    {
                        var column = scores.Select(row => row[c]).OrderBy(_ => random.Next()).ToArray();
                        for (var k = 0; k < scores.Length; k++) scores[k][c] = column[k];
                    }
                }
                else
                    scores = Enumerable.Range(0, random.Next(2, members + 1))
                        .Select(_ => Enumerable.Range(0, criteriaCount).Select(_ => random.Next(4, 8)).ToArray()).ToArray();
                bids.Add(Bid($"b{b}", amount, scores.Select((row, m) => Builders.Sheet($"m{m}", row)).ToArray()));
            }
            var round = Builders.Round(criteria, cap: 10_000m * random.Next(5, 11), policy: policy);
            var committee = FundedAt(round, bids, criteria);
            var result = WeightSensitivity.Compute(Scored(round, bids.ToArray()), 2_000, 1, 100);

            for (var c = 0; c < criteriaCount; c++)
            {
                var w0 = (double)criteria[c].Weight;
                HashSet<string> At(double weight) =>
                    FundedAt(round, bids, criteria.Select((x, k) => k == c ? x with { Weight = (decimal)weight } : x).ToList());
                var grid = Enumerable.Range(0, (int)(top / step)).Select(k => offset + k * step).ToArray();
                foreach (var (threshold, up) in new[] { (result.Criteria[c].Lower, false), (result.Criteria[c].Upper, true) })
                {
                    var context = $"trial {trial}, criterion {c}, {(up ? "up" : "down")}";
                    var points = up ? grid.Where(g => g > w0) : grid.Where(g => g < w0).Reverse();
                    double? change = null;
                    HashSet<string>? changed = null;
                    foreach (var g in points)
                    {
                        var at = At(g);
                        if (committee.SetEquals(at)) continue;
                        (change, changed) = (g, at);
                        break;
                    }
                    if (threshold is null)
                    {
                        Assert.True(change is null, $"{context}: the committee's set changes at {change}, none reported");
                        continue;
                    }
                    thresholds++;
                    var t = threshold.Weight;
                    // A swap of two bids with the same per-criterion means (sums over sheets cross-multiplied):
                    // only their SDs can have changed places.
                    bool SameMeans(string x, string y)
                    {
                        var (bx, by) = (bids.Single(b => b.Bid.Id == x).Sheets, bids.Single(b => b.Bid.Id == y).Sheets);
                        return Enumerable.Range(0, criteriaCount).All(k =>
                            bx.Sum(z => z.Scores[$"c{k}"]) * by.Count == by.Sum(z => z.Scores[$"c{k}"]) * bx.Count);
                    }
                    if (threshold.Entering.Any(x => threshold.Leaving.Any(y => SameMeans(x, y)))) sdSwaps++;
                    var expected = committee.Except(threshold.Leaving).Concat(threshold.Entering).ToHashSet();
                    if (change is null)
                    {
                        // Past the grid's reach (above 8, or below its first point).
                        Assert.True(up ? t > grid[^1] - step : t < grid[0] + step, $"{context}: threshold {t}, no change on the grid");
                        continue;
                    }
                    var g0 = change.Value;
                    Assert.True(up ? t < g0 && g0 <= t + step + 1e-9 : t > g0 && g0 >= t - step - 1e-9,
                        $"{context}: reported {t}, the committee's set first changes at grid point {g0}");
                    Assert.True(expected.SetEquals(changed!),
                        $"{context}: at {g0} the committee funds {string.Join(",", changed!.Order())}, reported {string.Join(",", expected.Order())} past {t}");
                }
            }
        }
        // The check means something only if thresholds were found, some of them swaps that only the SDs decide.
        Assert.True(thresholds > 40 && sdSwaps >= 2, $"{thresholds} thresholds, {sdSwaps} swaps of same-means bids");
    }

    [Fact]
    public void With_one_criterion_its_weight_changes_nothing()
    {
        var round = Builders.Round(Builders.Criteria(5m), cap: 100_000m);
        var result = WeightSensitivity.Compute(Scored(round, Single("a", 60_000m, 8, 6), Single("b", 60_000m, 6, 6)), 2_000, 1, 1);
        Assert.Null(result.Criteria[0].Lower);
        Assert.Null(result.Criteria[0].Upper);
        // Perturbed weights are all the single criterion's: the funded set never moves.
        Assert.Equal([1.0, 0.0], result.Perturbed.Select(p => p.ProbabilityFunded));
    }

    /// <summary>
    /// All weights at once, on the two-bid round: B is funded exactly when q1 > 4/7 (4 q0 + 7 q1 >
    /// 8 q0 + 4 q1 with q0 + q1 = 1). At concentration 2 the weights are Dirichlet(1, 1), q1 is
    /// uniform, and B's chance is 3/7 = 0.4286. At concentration 1,000,000 a weight moves by about
    /// 0.1% of itself, nowhere near the 25% that swaps the bids.
    /// </summary>
    [Fact]
    public void Perturbed_weights_fund_B_three_times_in_seven_when_uniform_and_never_when_tight()
    {
        var round = Builders.Round(Builders.Criteria(1m, 1m), cap: 100_000m);
        var loose = WeightSensitivity.Compute(Scored(round, TwoBids()), 8_000, 3, concentration: 2);
        var b = loose.Perturbed.Single(p => p.BidId == "B").ProbabilityFunded;
        // Binomial SD at 8,000 draws: sqrt(3/7 * 4/7 / 8000) = 0.0055.
        Assert.InRange(b, 3.0 / 7 - 0.025, 3.0 / 7 + 0.025);
        Assert.Equal(1.0, loose.Perturbed.Sum(p => p.ProbabilityFunded), 12);

        var tight = WeightSensitivity.Compute(Scored(round, TwoBids()), 2_000, 3, concentration: 1_000_000);
        Assert.Equal([1.0, 0.0], tight.Perturbed.Select(p => p.ProbabilityFunded));

        var again = WeightSensitivity.Compute(Scored(round, TwoBids()), 8_000, 3, concentration: 2, parallel: false);
        Assert.Equal(loose.Perturbed, again.Perturbed);
    }

    /// <summary>
    /// Random small rounds (fixed seed), both policies: every threshold is checked against the
    /// committee's own method (ScoringMethod and FundingLine at the moved weight). Between the
    /// agreed weight and the threshold the funded set is the committee's; just past it, it is the
    /// reported one and differs; where no threshold is reported it holds far out both ways.
    /// </summary>
    [Theory]
    [InlineData(FundingLinePolicy.StopAtFirstMiss)]
    [InlineData(FundingLinePolicy.SkipAndContinue)]
    public void Every_threshold_agrees_with_the_committees_method_on_either_side(FundingLinePolicy policy)
    {
        var random = new Random(20180815);
        var thresholds = 0;
        for (var trial = 0; trial < 60; trial++)
        {
            var criteria = Builders.Criteria(Enumerable.Range(0, 3).Select(_ => (decimal)random.Next(1, 6)).ToArray());
            var bids = Enumerable.Range(0, 7).Select(b => Bid($"b{b}", 10_000m * random.Next(1, 11),
                Enumerable.Range(0, random.Next(1, 4)).Select(m => Builders.Sheet($"m{m}",
                    random.Next(1, 11), random.Next(1, 11), random.Next(1, 11))).ToArray())).ToArray();
            var round = Builders.Round(criteria, cap: 200_000m, policy: policy);
            var committee = FundedAt(round, bids, criteria);
            var result = WeightSensitivity.Compute(Scored(round, bids), 2_000, 1, 100);

            for (var c = 0; c < criteria.Count; c++)
            {
                var w0 = (double)criteria[c].Weight;
                HashSet<string> At(double weight) =>
                    FundedAt(round, bids, criteria.Select((x, k) => k == c ? x with { Weight = (decimal)weight } : x).ToList());
                var sensitivity = result.Criteria[c];
                foreach (var (threshold, up) in new[] { (sensitivity.Lower, false), (sensitivity.Upper, true) })
                {
                    var context = $"trial {trial}, criterion {c}, {(up ? "up" : "down")}";
                    if (threshold is null)
                    {
                        foreach (var factor in up ? new[] { 1.5, 3, 10, 100 } : [0.5, 0.2, 0.05, 0.001])
                            Assert.True(committee.SetEquals(At(w0 * factor)), $"{context}: changed at {w0 * factor} with no threshold");
                        continue;
                    }
                    thresholds++;
                    var t = threshold.Weight;
                    Assert.True(up ? t >= w0 : t <= w0 && t > 0, $"{context}: threshold {t} on the wrong side of {w0}");
                    foreach (var share in new[] { 0.1, 0.5, 0.9, 0.999 })
                    {
                        var inside = w0 + (t - w0) * share;
                        if (inside == w0) continue;
                        Assert.True(committee.SetEquals(At(inside)), $"{context}: changed at {inside} before threshold {t}");
                    }
                    // Just past: far enough that the two means differ by more than the committee's
                    // 1e-9 tie tolerance (inside it, its tie-breaks still keep the old order).
                    var beyond = At(t + (up ? 1 : -1) * 1e-5 * Math.Max(w0, t));
                    var expected = committee.Except(threshold.Leaving).Concat(threshold.Entering).ToHashSet();
                    string Round() => string.Join("; ", bids.Select(b => $"{b.Bid.Id} GBP {b.Bid.AmountRequested:N0} [{string.Join(" ",
                        b.Sheets.Select(x => string.Join(",", x.Scores.OrderBy(k => k.Key).Select(k => k.Value))))}]"))
                        + $"; weights {string.Join(",", criteria.Select(x => x.Weight))}; funded {string.Join(",", committee.Order())}";
                    Assert.False(committee.SetEquals(beyond), $"{context}: unchanged just past threshold {t}: {Round()}");
                    Assert.True(expected.SetEquals(beyond),
                        $"{context}: past {t} funded {string.Join(",", beyond.Order())}, reported {string.Join(",", expected.Order())}: {Round()}");
                }
            }
        }
        // The check means something only if thresholds were found.
        Assert.True(thresholds > 40, $"only {thresholds} thresholds in 60 rounds");
    }
}
