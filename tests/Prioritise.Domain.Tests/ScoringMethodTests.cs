using MathNet.Numerics.Statistics;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using static Prioritise.Domain.Tests.Builders;

namespace Prioritise.Domain.Tests;

public class ScoringMethodTests
{
    private const double Eps = 1e-12;

    // ---- Scorer total T = sum(w*x) / sum(w) ----

    [Fact]
    public void ScorerTotal_with_pic_weights_is_the_weighted_mean()
    {
        // 15*8 + 15*8 + 10*6 + 5*8 + 5*4 + 5*7 + 5*8 + 30*8 = 675; 675 / 90 = 7.5
        var total = ScoringMethod.ScorerTotal(PicRound().Criteria, PicSheet("m", 8, 8, 6, 8, 4, 7, 8, 8).Scores);
        Assert.Equal(7.5, total, Eps);
    }

    [Fact]
    public void ScorerTotal_with_pic_weights_divides_by_90_not_100()
    {
        // 150 + 150 + 100 + 45 + 50 + 50 + 50 + 270 = 865; 865 / 90 = 173/18 (dividing by 100 would give 8.65)
        var total = ScoringMethod.ScorerTotal(PicRound().Criteria, PicSheet("m", 10, 10, 10, 9, 10, 10, 10, 9).Scores);
        Assert.Equal(173.0 / 18.0, total, Eps);
    }

    [Fact]
    public void ScorerTotal_with_weights_summing_to_100()
    {
        // 50*10 + 30*5 + 20*1 = 670; 670 / 100 = 6.7
        var total = ScoringMethod.ScorerTotal(Criteria(50m, 30m, 20m), Sheet("m", 10, 5, 1).Scores);
        Assert.Equal(6.7, total, Eps);
    }

    [Fact]
    public void ScorerTotal_with_small_weights_not_summing_to_100()
    {
        // 1*6 + 2*3 + 3*2 = 18; 18 / 6 = 3
        var total = ScoringMethod.ScorerTotal(Criteria(1m, 2m, 3m), Sheet("m", 6, 3, 2).Scores);
        Assert.Equal(3.0, total, Eps);
    }

    [Fact]
    public void ScorerTotal_is_unchanged_when_every_weight_is_scaled()
    {
        var scores = Sheet("m", 6, 3, 1).Scores;
        // 1*6 + 2*3 + 3*1 = 15; 15 / 6 = 2.5, and the same with weights doubled (30 / 12)
        Assert.Equal(2.5, ScoringMethod.ScorerTotal(Criteria(1m, 2m, 3m), scores), Eps);
        Assert.Equal(2.5, ScoringMethod.ScorerTotal(Criteria(2m, 4m, 6m), scores), Eps);
    }

    [Fact]
    public void ScorerTotal_with_non_integer_weights()
    {
        // 2.5*10 + 7.5*2 + 0.25*6 = 25 + 15 + 1.5 = 41.5; 41.5 / 10.25 = 166/41
        var total = ScoringMethod.ScorerTotal(Criteria(2.5m, 7.5m, 0.25m), Sheet("m", 10, 2, 6).Scores);
        Assert.Equal(166.0 / 41.0, total, Eps);
    }

    [Fact]
    public void ScorerTotal_refuses_a_sheet_missing_a_criterion()
    {
        Assert.Throws<ArgumentException>(() => ScoringMethod.ScorerTotal(Criteria(1m, 1m), Sheet("m", 5).Scores));
    }

    // ---- Mean, sample SD, agreement ----

    [Fact]
    public void No_sheets_gives_an_unscored_bid()
    {
        var r = ScoringMethod.Compute(SingleCriterionRound(), Bid(), []);
        Assert.False(r.IsScored);
        Assert.Equal(0, r.Sheets);
        Assert.Null(r.WeightedMean);
        Assert.Null(r.StandardDeviation);
        Assert.Null(r.ValuePerThousand);
        Assert.Null(r.MinTotal);
        Assert.Null(r.MaxTotal);
        Assert.Equal(Agreement.Insufficient, r.Agreement);
    }

    [Fact]
    public void One_sheet_has_a_mean_but_no_sd_and_insufficient_agreement()
    {
        var r = ScoringMethod.Compute(SingleCriterionRound(), Bid(), [Sheet("a", 7)]);
        Assert.True(r.IsScored);
        Assert.Equal(1, r.Sheets);
        Assert.Equal(7.0, r.WeightedMean!.Value, Eps);
        Assert.Null(r.StandardDeviation);
        Assert.Equal(Agreement.Insufficient, r.Agreement);
    }

    [Fact]
    public void Two_sheets_totals_4_and_6_give_mean_5_and_sample_sd_root_2()
    {
        // Deviations -1, +1; squares sum to 2; divided by n-1 = 1 -> variance 2 (population SD would be 1).
        var r = ScoringMethod.Compute(SingleCriterionRound(), Bid(), [Sheet("a", 4), Sheet("b", 6)]);
        Assert.Equal(2, r.Sheets);
        Assert.Equal(5.0, r.WeightedMean!.Value, Eps);
        Assert.Equal(Math.Sqrt(2), r.StandardDeviation!.Value, Eps);
        Assert.Equal(Agreement.High, r.Agreement);
    }

    [Fact]
    public void Three_sheets_give_sample_sd_and_min_max_of_totals()
    {
        // Totals 2, 4, 9: mean 5; deviations -3, -1, 4; squares 9 + 1 + 16 = 26; 26 / 2 = 13.
        var r = ScoringMethod.Compute(SingleCriterionRound(), Bid(), [Sheet("a", 2), Sheet("b", 4), Sheet("c", 9)]);
        Assert.Equal(5.0, r.WeightedMean!.Value, Eps);
        Assert.Equal(Math.Sqrt(13), r.StandardDeviation!.Value, Eps);
        Assert.Equal(Agreement.Low, r.Agreement);
        Assert.Equal(2.0, r.MinTotal!.Value, Eps);
        Assert.Equal(9.0, r.MaxTotal!.Value, Eps);
    }

    [Fact]
    public void Mean_and_sd_are_taken_over_weighted_scorer_totals()
    {
        // Weights 1 and 3. Sheet a (10, 2): (10 + 6) / 4 = 4. Sheet b (2, 10): (2 + 30) / 4 = 8.
        // Mean 6; deviations -2, +2; variance 8 / 1 -> SD sqrt(8) = 2.83 (Medium).
        var round = Round(Criteria(1m, 3m));
        var r = ScoringMethod.Compute(round, Bid(), [Sheet("a", 10, 2), Sheet("b", 2, 10)]);
        Assert.Equal(6.0, r.WeightedMean!.Value, Eps);
        Assert.Equal(Math.Sqrt(8), r.StandardDeviation!.Value, Eps);
        Assert.Equal(Agreement.Medium, r.Agreement);
        Assert.Equal(4.0, r.MinTotal!.Value, Eps);
        Assert.Equal(8.0, r.MaxTotal!.Value, Eps);
    }

    [Fact]
    public void Criterion_means_are_plain_means_of_raw_scores()
    {
        var round = Round(Criteria(1m, 3m));
        var r = ScoringMethod.Compute(round, Bid(), [Sheet("a", 4, 9), Sheet("b", 7, 10)]);
        Assert.Equal(5.5, r.CriterionMeans["c0"], Eps);
        Assert.Equal(9.5, r.CriterionMeans["c1"], Eps);
    }

    [Fact]
    public void Agreement_uses_the_rounds_own_bands()
    {
        // SD sqrt(2) = 1.414: High by default, Medium when High ends at 1.0.
        var round = SingleCriterionRound(new AgreementBands(1.0, 2.0));
        var r = ScoringMethod.Compute(round, Bid(), [Sheet("a", 4), Sheet("b", 6)]);
        Assert.Equal(Agreement.Medium, r.Agreement);
    }

    // ---- Value per GBP 1k uses the request ----

    [Fact]
    public void Value_per_thousand_is_mean_over_request_in_thousands()
    {
        // mean 6 / (48,000 / 1000) = 6 / 48 = 0.125
        var r = ScoringMethod.Compute(SingleCriterionRound(), Bid(amount: 48_000m), [Sheet("a", 6)]);
        Assert.Equal(0.125, r.ValuePerThousand!.Value, Eps);
    }

    [Fact]
    public void Value_per_thousand_keeps_pennies_of_the_request()
    {
        // mean 5 / 87.3765 (request GBP 87,376.50)
        var r = ScoringMethod.Compute(SingleCriterionRound(), Bid(amount: 87_376.50m), [Sheet("a", 5)]);
        Assert.Equal(5.0 / 87.3765, r.ValuePerThousand!.Value, Eps);
    }

    [Fact]
    public void Value_per_thousand_for_spirometry_uses_the_75k_request()
    {
        // A mean of 6.42 on the 75k request gives 0.0856 (0.09); on the 20k award it would be 0.321.
        var r = ScoringMethod.Compute(SingleCriterionRound(), Bid(amount: 75_000m), [Sheet("a", 6), Sheet("b", 7)]);
        Assert.Equal(6.5 / 75.0, r.ValuePerThousand!.Value, Eps);
        Assert.Equal(75_000m, r.AmountRequested);
    }

    [Fact]
    public void Result_carries_bid_identity_and_request()
    {
        var r = ScoringMethod.Compute(SingleCriterionRound(), Bid("send", "SEND", 100_000m), [Sheet("a", 8)]);
        Assert.Equal("send", r.BidId);
        Assert.Equal("SEND", r.Title);
        Assert.Equal(100_000m, r.AmountRequested);
    }
    [Fact]
    public void Compute_gives_exactly_the_plain_formula_over_many_random_bids()
    {
        // The reference is scoring-method.md written out plainly with MathNet over sequences; the
        // service's loop must agree to the last bit, since a difference at 1e-16 can move a rounding.
        var random = new Random(2018);
        var round = PicRound();
        for (var b = 0; b < 2_000; b++)
        {
            var sheets = Enumerable.Range(0, random.Next(0, 25))
                .Select(k => PicSheet($"m{k}", Enumerable.Range(0, 8).Select(_ => random.Next(1, 11)).ToArray())).ToList();
            var bid = Bid(amount: 1_000m * random.Next(1, 600) + random.Next(0, 100));
            var r = ScoringMethod.Compute(round, bid, sheets);

            var totals = sheets.Select(s => ScorerTotal(round, s)).ToList();
            Assert.Equal(sheets.Count, r.Sheets);
            Assert.Equal(totals.Count > 0 ? totals.Mean() : null, r.WeightedMean);
            Assert.Equal(totals.Count > 1 ? totals.StandardDeviation() : null, r.StandardDeviation);
            Assert.Equal(totals.Count > 0 ? totals.Mean() / (double)(bid.AmountRequested / 1000m) : null, r.ValuePerThousand);
            Assert.Equal(totals.Count > 0 ? totals.Min() : null, r.MinTotal);
            Assert.Equal(totals.Count > 0 ? totals.Max() : null, r.MaxTotal);
            Assert.Equal(sheets.Count == 0 ? [] : round.Criteria.Select(c => c.Id).ToList(), r.CriterionMeans.Keys.ToList());
            foreach (var c in round.Criteria.Where(_ => sheets.Count > 0))
                Assert.Equal(sheets.Select(s => (double)s.Scores[c.Id]).Mean(), r.CriterionMeans[c.Id]);
        }

        static double ScorerTotal(RoundDefinition round, SubmittedScores sheet) =>
            (double)(round.Criteria.Sum(c => c.Weight * sheet.Scores[c.Id]) / round.Criteria.Sum(c => c.Weight));
    }
}
