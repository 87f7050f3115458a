using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Tests;

/// <summary>
/// Joint awards (scoring-method.md, Moderation): one amount across two or more bids, which sit together,
/// move together, are funded or unfunded together, and split the amount in proportion to their requests.
/// </summary>
public class JointAwardTests
{
    // ---- The split, to the penny ----

    [Fact]
    public void Hundred_pounds_across_three_equal_requests_gives_the_remainder_penny_to_the_first()
    {
        // 100.00 / 3 = 33.333...: 33.33 each is 99.99; the one penny left goes to the first row.
        Assert.Equal([33.34m, 33.33m, 33.33m], ModerationRules.SplitJointAward(100.00m, [1m, 1m, 1m]));
    }

    [Fact]
    public void An_amount_equal_to_the_requests_splits_back_into_the_requests()
    {
        // The published joint award: GBP 154k across 67k and 87k.
        Assert.Equal([67_000m, 87_000m], ModerationRules.SplitJointAward(154_000m, [67_000m, 87_000m]));
    }

    [Fact]
    public void A_split_is_in_proportion_to_the_requests()
    {
        // 44,000 across 30,000 and 25,000: 44,000 x 30/55 = 24,000; 44,000 x 25/55 = 20,000.
        Assert.Equal([24_000m, 20_000m], ModerationRules.SplitJointAward(44_000m, [30_000m, 25_000m]));
    }

    [Fact]
    public void A_split_with_a_remainder_is_rounded_down_then_topped_up_on_the_first_row()
    {
        // 50,000 x 30/55 = 27,272.7272... -> 27,272.72; 50,000 x 25/55 = 22,727.2727... -> 22,727.27;
        // together 49,999.99, so the first row gets the last penny: 27,272.73 + 22,727.27 = 50,000.00.
        Assert.Equal([27_272.73m, 22_727.27m], ModerationRules.SplitJointAward(50_000m, [30_000m, 25_000m]));
    }

    [Fact]
    public void A_split_with_pennies_in_the_requests_still_adds_up_to_the_amount()
    {
        // 100,000.00 across 47,742 and 87,376 (the BCF bids, costed to the pound); together 135,118.
        // 4,774,200,000 / 135,118 = 35,333.5603 -> 35,333.56; 8,737,600,000 / 135,118 = 64,666.4397 -> 64,666.43.
        // Floors add to 99,999.99; the first row gets the penny: 35,333.57.
        Assert.Equal([35_333.57m, 64_666.43m], ModerationRules.SplitJointAward(100_000m, [47_742m, 87_376m]));
    }

    // ---- In the list ----

    [Fact]
    public void A_joint_group_sits_together_where_its_highest_placed_bid_stood()
    {
        // Named D then B; B is higher (2nd), so the group takes B's place: A B D C E.
        var s = ModerationSession.Ladder();
        s.Joint(55_000m, "D", "B");
        Assert.Equal(["A", "B", "D", "C", "E"], s.Order);
        Assert.Equal([1, 2, 3, 4, 5], s.List.Rows.Select(r => r.Position));
        var b = s.Row("B");
        var d = s.Row("D");
        Assert.NotNull(b.JointGroup);
        Assert.Equal(b.JointGroup, d.JointGroup);
        Assert.Equal(55_000m, b.JointGroupTotal);
        Assert.Equal(55_000m, d.JointGroupTotal);
        Assert.Null(s.Row("A").JointGroup);
        Assert.Null(s.Row("A").JointGroupTotal);
    }

    [Fact]
    public void A_three_bid_group_gathers_below_its_top_member_in_list_order()
    {
        // Members A, C, E in list order; the group stands at A's place: A C E B D.
        var s = ModerationSession.Ladder();
        s.Joint(70_000m, "E", "C", "A");
        Assert.Equal(["A", "C", "E", "B", "D"], s.Order);
    }

    [Fact]
    public void The_remainder_penny_goes_to_the_groups_first_row_in_the_list()
    {
        // Named D then B, but B is first in the list: B 27,272.73, D 22,727.27 (worked above).
        var s = ModerationSession.Ladder();
        s.Joint(50_000m, "D", "B");
        Assert.Equal(27_272.73m, s.Row("B").Award);
        Assert.Equal(22_727.27m, s.Row("D").Award);
    }

    [Fact]
    public void A_three_way_split_in_the_list_gives_the_penny_to_the_top_row()
    {
        var s = ModerationSession.Of(1_000m, FundingLinePolicy.StopAtFirstMiss, ("P", 40m), ("Q", 40m), ("R", 40m), ("S", 5m));
        s.Joint(100m, "R", "Q", "P");
        Assert.Equal(["P", "Q", "R", "S"], s.Order);
        Assert.Equal([33.34m, 33.33m, 33.33m, 5m], s.List.Rows.Select(r => r.Award));
        // Cumulative: 33.34; 66.67; 100.00; 105.00.
        Assert.Equal([33.34m, 66.67m, 100.00m, 105.00m], s.List.Rows.Select(r => r.Cumulative));
        Assert.Equal(105m, s.List.FundedTotal);
    }

    [Fact]
    public void A_funded_group_adds_its_shares_to_the_cumulative_total()
    {
        // B + D for 44k (B 24k, D 20k): order A B D C E. A 40; B 64; D 84; C 20 would make 104: stop.
        var s = ModerationSession.Ladder();
        s.Joint(44_000m, "B", "D");
        Assert.Equal(
            [("A", 40_000m, 40_000m), ("B", 24_000m, 64_000m), ("D", 20_000m, 84_000m), ("C", 20_000m, null), ("E", 10_000m, null)],
            s.Money);
        Assert.Equal(84_000m, s.List.FundedTotal);
        Assert.Equal(16_000m, s.List.Headroom);
    }

    [Theory]
    [InlineData(FundingLinePolicy.StopAtFirstMiss, new[] { "A" })]
    [InlineData(FundingLinePolicy.SkipAndContinue, new[] { "A", "C", "E" })]
    public void A_group_that_does_not_fit_is_unfunded_as_a_whole(FundingLinePolicy policy, string[] funded)
    {
        // Cap 75k; B + D for 55k: order A B D C E. A 40; the group would make 95 > 75, so neither member
        // is funded, although B alone (70) would have fitted.
        // stopAtFirstMiss stops at the group; skipAndContinue: C 20 -> 60; E 10 -> 70.
        var s = ModerationSession.Ladder(policy, cap: 75_000m);
        s.Joint(55_000m, "B", "D");
        Assert.Equal(["A", "B", "D", "C", "E"], s.Order);
        Assert.Equal(funded, s.Funded);
        Assert.False(s.Row("B").Funded);
        Assert.False(s.Row("D").Funded);
    }

    [Fact]
    public void Moving_one_member_moves_the_whole_group()
    {
        // Group B D at 2-3; D moved before A: the group goes to the top in its own order: B D A C E.
        var s = ModerationSession.Ladder();
        s.Joint(55_000m, "B", "D");
        s.MoveBefore("D", "A");
        Assert.Equal(["B", "D", "A", "C", "E"], s.Order);
        // B 30; D 55; A 95; C would make 115: stop.
        Assert.Equal(["B", "D", "A"], s.Funded);
    }

    [Fact]
    public void Moving_a_group_after_a_bid_keeps_it_together()
    {
        var s = ModerationSession.Ladder();
        s.Joint(55_000m, "B", "D");
        s.MoveAfter("B", "E");
        Assert.Equal(["A", "C", "E", "B", "D"], s.Order);
    }

    [Fact]
    public void Moving_a_bid_after_a_group_member_puts_it_below_the_whole_group()
    {
        var s = ModerationSession.Ladder();
        s.Joint(55_000m, "B", "D");
        s.MoveAfter("E", "B");
        Assert.Equal(["A", "B", "D", "E", "C"], s.Order);
    }

    [Fact]
    public void Moving_a_bid_before_a_group_member_puts_it_above_the_whole_group()
    {
        var s = ModerationSession.Ladder();
        s.Joint(55_000m, "B", "D");
        s.MoveBefore("E", "D");
        Assert.Equal(["A", "E", "B", "D", "C"], s.Order);
    }

    [Fact]
    public void A_joint_award_replaces_any_partial_award_on_its_members()
    {
        var s = ModerationSession.Ladder();
        s.Award("B", 10_000m);
        s.Joint(44_000m, "B", "D");
        Assert.Equal(24_000m, s.Row("B").Award);
        Assert.Equal(20_000m, s.Row("D").Award);
    }

    [Fact]
    public void Reverting_a_joint_award_returns_the_rows_their_places_and_earlier_awards()
    {
        // Award B 10k, then group B + D: reverting the group brings B's own 10k award back and D back
        // to 4th.
        var s = ModerationSession.Ladder();
        s.Award("B", 10_000m);
        var before = ModerationSession.Snapshot(s.List);
        var joint = s.Joint(44_000m, "B", "D");
        Assert.Equal(["A", "B", "D", "C", "E"], s.Order);
        s.Revert(joint);
        Assert.Equal(before, ModerationSession.Snapshot(s.List));
        Assert.Equal(["A", "B", "C", "D", "E"], s.Order);
        Assert.Equal(10_000m, s.Row("B").Award);
        Assert.Null(s.Row("B").JointGroup);
        Assert.Null(s.Row("D").JointGroupTotal);
    }

    [Fact]
    public void After_a_joint_award_is_reverted_its_bids_can_be_awarded_and_declined_alone()
    {
        var s = ModerationSession.Ladder();
        s.Revert(s.Joint(44_000m, "B", "D"));
        s.Award("B", 5_000m);
        s.Decline("D");
        Assert.Equal(5_000m, s.Row("B").Award);
        Assert.True(s.Row("D").Declined);
    }
}
