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
