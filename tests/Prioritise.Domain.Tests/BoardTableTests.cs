using Prioritise.Domain.Moderation;
using Prioritise.Domain.Reports;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using static Prioritise.Domain.Tests.Builders;

namespace Prioritise.Domain.Tests;

/// <summary>The board table's formatting (scoring-method.md, Display; domain.md, the published result).</summary>
public class BoardTableTests
{
    private static ModerationSession Session(decimal cap, params BidResult[] results) =>
        new(FundingLine.Results(Round(Criteria(1m), cap), results));

    /// <summary>
    /// Three scored bids and one unscored, cap GBP 1,120,000:
    /// Big 1,091,000 (mean 8.65, value 0.125, SD 2.25); Half 20,500 (7.25, 0.045, 1.0);
    /// Low 19,499.99 (6.0, value from the request, SD 3.0); None 100,000 with no sheets.
    /// </summary>
    private static ModerationSession Sample() => Session(1_120_000m,
        Result("Big", 8.65, 0.125, 2.25, 1_091_000m),
        Result("Half", 7.25, 0.045, 1.0, 20_500m),
        Result("Low", 6.0, null, 3.0, 19_499.99m),
        Result("None", null, amount: 100_000m));

    [Fact]
    public void Funding_is_in_thousands_with_a_separator_rounded_half_away_from_zero()
    {
        var table = BoardTable.From("Sample", Sample().List);
        // 1,091,000 -> 1,091; 20,500 -> 20.5 -> 21 (banker's would give 20); 19,499.99 -> 19; 100,000 -> 100.
        Assert.Equal(["1,091", "21", "19", "100"], table.Rows.Select(r => r.Funding));
    }

    [Fact]
    public void Cumulative_shows_on_funded_rows_and_a_dash_below_the_line()
    {
        // Big 1,091,000 -> "1,091"; Half 1,111,500 -> 1,111.5 -> "1,112"; Low would make 1,130,999.99 > 1,120,000: "-";
        // None is unscored, never funded: "-".
        var table = BoardTable.From("Sample", Sample().List);
        Assert.Equal(["1,091", "1,112", "-", "-"], table.Rows.Select(r => r.Cumulative));
    }

    [Fact]
    public void Mean_and_sd_show_one_decimal_and_value_per_pound_two_rounded_half_away_from_zero()
    {
        var table = BoardTable.From("Sample", Sample().List);
        // 8.65 -> 8.7; 7.25 -> 7.3 (banker's: 7.2); 6.0 -> 6.0.
        Assert.Equal(["8.7", "7.3", "6.0", ""], table.Rows.Select(r => r.WeightedMean));
        // 0.125 -> 0.13 (banker's: 0.12); 0.045 -> 0.05; 6 / 19.49999 = 0.3077 -> 0.31.
        Assert.Equal(["0.13", "0.05", "0.31", ""], table.Rows.Select(r => r.ValuePerPound));
        // 2.25 -> 2.3 (banker's: 2.2); 1.0; 3.0.
        Assert.Equal(["2.3", "1.0", "3.0", ""], table.Rows.Select(r => r.StandardDeviation));
    }

    [Fact]
    public void Agreement_is_the_band_name()
    {
        // SD 2.25 is not below 2.25, so Medium; 1.0 High; 3.0 Low; no sheets Insufficient.
        var table = BoardTable.From("Sample", Sample().List);
        Assert.Equal(["Medium", "High", "Low", "Insufficient"], table.Rows.Select(r => r.Agreement));
    }

    [Fact]
    public void Rows_follow_the_moderated_order_with_their_titles()
    {
        var s = Sample();
        s.MoveBefore("Low", "Big");
        var table = BoardTable.From("Sample", s.List);
        Assert.Equal(["Low", "Big", "Half", "None"], table.Rows.Select(r => r.Proposal));
        // Low 19,499.99 -> 19; Big 1,110,499.99 -> 1,110; Half would make 1,130,999.99 > 1,120,000.
        Assert.Equal(["19", "1,110", "-", "-"], table.Rows.Select(r => r.Cumulative));
    }

    [Fact]
    public void A_partial_award_shows_the_award_but_value_per_pound_on_the_request()
    {
        // Big cut to 500,000: funding "500"; value per GBP stays 0.13 (it was given on the request).
        var s = Session(1_500_000m, Result("Big", 8.0, null, 1.0, 1_000_000m), Result("Small", 7.0, null, 1.0, 100_000m));
        s.Award("Big", 500_000m);
        var row = BoardTable.From("t", s.List).Rows[0];
        Assert.Equal("500", row.Funding);
        // 8.0 / 1,000 = 0.008 -> "0.01"; on the award it would be 8.0 / 500 = 0.016 -> "0.02".
        Assert.Equal("0.01", row.ValuePerPound);
        Assert.Equal("500", row.Cumulative);
    }

    [Fact]
    public void The_table_carries_the_cap_funded_total_and_over_commitment()
    {
        // Line after Low: 1,091,000 + 20,500 + 19,499.99 = 1,130,999.99; over 1,120,000 by 10,999.99.
        var s = Sample();
        s.Line("Low");
        var table = BoardTable.From("Sample", s.List);
        Assert.Equal("Sample", table.Title);
        Assert.Equal(1_120_000m, table.FundingCap);
        Assert.Equal(1_130_999.99m, table.FundedTotal);
        Assert.Equal(10_999.99m, table.OverCommitment);
        Assert.Equal(0m, table.Headroom);
        Assert.Equal(["1,091", "1,112", "1,131", "-"], table.Rows.Select(r => r.Cumulative));
    }

    [Fact]
    public void Within_the_cap_the_table_shows_headroom()
    {
        // Funded 1,091,000 + 20,500 = 1,111,500; headroom 8,500.
        var table = BoardTable.From("Sample", Sample().List);
        Assert.Equal(1_111_500m, table.FundedTotal);
        Assert.Equal(8_500m, table.Headroom);
        Assert.Equal(0m, table.OverCommitment);
    }

    [Fact]
    public void A_table_from_a_decision_matches_the_table_from_its_list()
    {
        var s = Sample();
        s.Condition("Big", "Report quarterly.");
        var list = s.List;
        var decision = Confirmation.Confirm(list, 1, "finance", ModerationSession.At, new ConfirmCommand(null, null, null), 1);
        var fromList = BoardTable.From("Sample", list);
        var fromDecision = BoardTable.From("Sample", decision);
        Assert.Equal(fromList.Rows, fromDecision.Rows);
        Assert.Equal(fromList.Conditions, fromDecision.Conditions);
        Assert.Equal(fromList.FundedTotal, fromDecision.FundedTotal);
    }

    [Fact]
    public void The_headings_are_the_published_ones()
    {
        Assert.Equal(
            ["Proposal", "Funding GBP 000s", "Weighted Mean Total Value Score", "Mean Value Score per £", "Std. Dev.", "Agreement",
                "Cumulative Funding"],
            BoardTable.Headings);
    }

    // ---- Conditions ----

    [Fact]
    public void A_condition_is_listed_with_its_bids_title()
    {
        var s = ModerationSession.Ladder();
        s.Condition("B", "Work with existing services.");
        Assert.Equal(["B: Work with existing services."], BoardTable.From("t", s.List).Conditions);
    }

    [Fact]
    public void Several_conditions_on_one_bid_are_each_listed_in_list_order()
    {
        var s = ModerationSession.Ladder();
        s.Condition("C", "Third.");
        s.Condition("A", "First.");
        s.Condition("A", "Second.");
        Assert.Equal(["A: First.", "A: Second.", "C: Third."], BoardTable.From("t", s.List).Conditions);
    }

    [Fact]
    public void A_condition_on_a_joint_award_names_every_bid_in_the_group()
    {
        // Named D then B; in the list B comes first, so the condition reads "B and D".
        var s = ModerationSession.Ladder();
        s.Joint(44_000m, "D", "B");
        s.Condition("D", "Co-produce one service model.");
        Assert.Equal(["B and D: Co-produce one service model."], BoardTable.From("t", s.List).Conditions);
    }

    [Fact]
    public void Only_conditions_on_funded_schemes_are_listed()
    {
        // BoardTable's own contract: "then the conditions attached to funded schemes". B declined and the
        // line set after C: A and C funded; B (declined) and E (below the line) are not, so their
        // conditions stay off the board's list.
        var s = ModerationSession.Ladder();
        s.Condition("A", "Kept.");
        s.Condition("E", "Below the line.");
        s.Condition("B", "On a declined bid.");
        s.Decline("B");
        s.Line("C");
        Assert.Equal(["A", "C"], s.Funded);
        Assert.Equal(["A: Kept."], BoardTable.From("t", s.List).Conditions);
    }

    [Fact]
    public void No_conditions_means_an_empty_list()
    {
        Assert.Empty(BoardTable.From("t", ModerationSession.Ladder().List).Conditions);
    }

    [Fact]
    public void A_reverted_condition_is_not_listed()
    {
        var s = ModerationSession.Ladder();
        s.Revert(s.Condition("A", "Gone."));
        s.Condition("A", "Kept.");
        Assert.Equal(["A: Kept."], BoardTable.From("t", s.List).Conditions);
    }
}
