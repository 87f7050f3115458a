using Prioritise.Domain.Scoring;
using static Prioritise.Domain.Tests.Builders;

namespace Prioritise.Domain.Tests;

public class RankingTests
{
    private static string[] Titles(IEnumerable<BidResult> results) => Ranking.Rank(results).Select(r => r.Title).ToArray();

    [Fact]
    public void Higher_mean_ranks_first()
    {
        Assert.Equal(["High", "Mid", "Low"],
            Titles([Result("Low", 5.0), Result("High", 8.7), Result("Mid", 7.4)]));
    }

    [Fact]
    public void Mean_beats_value_per_pound_and_sd()
    {
        // B has the better value and SD, but A's mean is higher.
        Assert.Equal(["A", "B"],
            Titles([Result("B", 7.0, valuePerThousand: 0.5, sd: 0.1), Result("A", 7.1, valuePerThousand: 0.01, sd: 4.0)]));
    }

    [Fact]
    public void Equal_means_are_broken_by_higher_value_per_pound()
    {
        // Mean 6 on 50k -> 0.12; mean 6 on 100k -> 0.06.
        Assert.Equal(["Cheap", "Dear"],
            Titles([Result("Dear", 6.0, amount: 100_000m), Result("Cheap", 6.0, amount: 50_000m)]));
    }

    [Fact]
    public void Equal_means_and_values_are_broken_by_lower_sd()
    {
        Assert.Equal(["Agreed", "Split"],
            Titles([Result("Split", 6.0, sd: 3.0), Result("Agreed", 6.0, sd: 1.0)]));
    }

    [Fact]
    public void A_missing_sd_ranks_after_any_sd()
    {
        Assert.Equal(["Wide", "Alone"],
            Titles([Result("Alone", 6.0, sd: null), Result("Wide", 6.0, sd: 9.0)]));
    }

    [Fact]
    public void Full_ties_are_broken_by_ordinal_title()
    {
        // Ordinal: uppercase sorts before lowercase, so "Zeta" < "alpha".
        Assert.Equal(["Beta", "Zeta", "alpha"],
            Titles([Result("alpha", 6.0, sd: 1.0), Result("Zeta", 6.0, sd: 1.0), Result("Beta", 6.0, sd: 1.0)]));
    }

    [Fact]
    public void Means_closer_than_1e_9_count_as_equal()
    {
        // B's mean is higher by 5e-10 (noise), so the tie goes to the SD, where A is better.
        var a = Result("A", 7.0, valuePerThousand: 0.07, sd: 1.0);
        var b = Result("B", 7.0 + 5e-10, valuePerThousand: 0.07, sd: 2.0);
        Assert.Equal(["A", "B"], Titles([b, a]));
    }

    [Fact]
    public void Means_differing_by_more_than_the_tolerance_are_not_equal()
    {
        var a = Result("A", 7.0, valuePerThousand: 0.07, sd: 1.0);
        var b = Result("B", 7.0 + 1e-6, valuePerThousand: 0.07, sd: 2.0);
        Assert.Equal(["B", "A"], Titles([a, b]));
    }

    [Fact]
    public void Values_per_pound_closer_than_1e_9_count_as_equal()
    {
        var a = Result("A", 7.0, valuePerThousand: 0.07, sd: 1.0);
        var b = Result("B", 7.0, valuePerThousand: 0.07 + 5e-10, sd: 2.0);
        Assert.Equal(["A", "B"], Titles([b, a]));
    }

    [Fact]
    public void Sds_closer_than_1e_9_count_as_equal_and_fall_to_title()
    {
        var a = Result("A", 7.0, valuePerThousand: 0.07, sd: 2.0 + 5e-10);
        var b = Result("B", 7.0, valuePerThousand: 0.07, sd: 2.0);
        Assert.Equal(["A", "B"], Titles([b, a]));
    }

    [Fact]
    public void Unscored_bids_come_after_scored_ones_by_title()
    {
        Assert.Equal(["Scored low", "Aardvark", "Zebra"],
            Titles([Result("Zebra", null), Result("Scored low", 1.0), Result("Aardvark", null)]));
    }

    [Fact]
    public void Ranking_is_independent_of_input_order()
    {
        BidResult[] bids =
        [
            Result("A", 8.0), Result("B", 6.0, amount: 50_000m), Result("C", 6.0, amount: 100_000m, sd: 1.0),
            Result("D", 6.0, amount: 100_000m, sd: 2.0), Result("E", null),
        ];
        string[] expected = ["A", "B", "C", "D", "E"];
        Assert.Equal(expected, Titles(bids));
        Assert.Equal(expected, Titles(bids.Reverse()));
    }

    [Fact]
    public void Comparer_is_antisymmetric_on_a_tie_break()
    {
        var a = Result("A", 6.0, sd: 1.0);
        var b = Result("B", 6.0, sd: 2.0);
        Assert.True(RankingComparer.Instance.Compare(a, b) < 0);
        Assert.True(RankingComparer.Instance.Compare(b, a) > 0);
        Assert.Equal(0, RankingComparer.Instance.Compare(a, a));
    }
}
