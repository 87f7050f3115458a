using Prioritise.Domain.Validation;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using static Prioritise.Domain.Tests.Builders;

namespace Prioritise.Domain.Tests;

/// <summary>
/// A chair's moderation session over a small ranked list: every command goes through
/// <see cref="ModerationRules.Accept"/> against the list as it stands, then the list is replayed.
/// </summary>
internal sealed class ModerationSession
{
    public static readonly DateTimeOffset At = new(2018, 9, 14, 10, 0, 0, TimeSpan.Zero);
    private int _next;

    public ModerationSession(RoundResults ranking) => Ranking = ranking;

    public RoundResults Ranking { get; }
    public List<ModerationAction> Actions { get; } = [];
    public ModeratedList List => ModerationRules.Replay(Ranking, Actions);

    /// <summary>
    /// The standard ladder: cap GBP 100,000, ranked A 40k, B 30k, C 20k, D 25k, E 10k (means 9, 8, 7, 6, 5,
    /// so the pre-moderation order is A B C D E).
    /// </summary>
    public static ModerationSession Ladder(FundingLinePolicy policy = FundingLinePolicy.StopAtFirstMiss, decimal cap = 100_000m) =>
        Of(cap, policy, ("A", 40_000m), ("B", 30_000m), ("C", 20_000m), ("D", 25_000m), ("E", 10_000m));

    /// <summary>Bids ranked in the order given (means 9, 8, 7, ... descending).</summary>
    public static ModerationSession Of(decimal cap, FundingLinePolicy policy, params (string Id, decimal Amount)[] bids)
    {
        var results = bids.Select((b, i) => Result(b.Id, 9.0 - i, amount: b.Amount)).ToList();
        return new ModerationSession(FundingLine.Results(Round(Criteria(1m), cap, policy), results));
    }

    public static ModerationCommand Cmd(
        ModerationActionType type, string? bidId = null, string? before = null, string? after = null, decimal? amount = null,
        IReadOnlyList<string>? bidIds = null, string? text = null, string? afterBidId = null, string? actionId = null,
        string? reason = "Agreed at moderation.") =>
        new(type, bidId, before, after, amount, bidIds, text, afterBidId, actionId, reason, null);

    /// <summary>
    /// As the moderation grain takes a command: validated field by field where it enters
    /// (ModerationCommandValidator), then accepted against the list as it stands and recorded.
    /// Returns the new action's id.
    /// </summary>
    public string Do(ModerationCommand command)
    {
        Validate.Check(Validator, command);
        var action = ModerationRules.Accept(command, List, Actions, $"a{++_next}", "chair", At);
        Actions.Add(action);
        return action.Id;
    }

    private static readonly ModerationCommandValidator Validator = new();

    /// <summary>Checks a command (fields, then against the list) without recording it.</summary>
    public ModerationAction Check(ModerationCommand command) =>
        ModerationRules.Accept(Validate.Check(Validator, command), List, Actions, "probe", "chair", At);

    public string MoveBefore(string bid, string target) => Do(Cmd(ModerationActionType.Move, bid, before: target));
    public string MoveAfter(string bid, string target) => Do(Cmd(ModerationActionType.Move, bid, after: target));
    public string Award(string bid, decimal amount) => Do(Cmd(ModerationActionType.Award, bid, amount: amount));
    public string Joint(decimal amount, params string[] bids) => Do(Cmd(ModerationActionType.JointAward, amount: amount, bidIds: bids));
    public string Condition(string bid, string text) => Do(Cmd(ModerationActionType.Condition, bid, text: text, reason: null));
    public string Decline(string bid) => Do(Cmd(ModerationActionType.Decline, bid));
    public string Line(string? afterBid) => Do(Cmd(ModerationActionType.SetFundingLine, afterBidId: afterBid));
    public string Revert(string actionId) => Do(Cmd(ModerationActionType.Revert, actionId: actionId));

    public string[] Order => List.Rows.Select(r => r.Result.BidId).ToArray();
    public string[] Funded => List.Rows.Where(r => r.Funded).Select(r => r.Result.BidId).ToArray();
    public ModeratedRow Row(string bid) => List.Rows.Single(r => r.Result.BidId == bid);

    /// <summary>(bid, award, cumulative) for every row, in list order.</summary>
    public (string Bid, decimal Award, decimal? Cumulative)[] Money =>
        List.Rows.Select(r => (r.Result.BidId, r.Award, r.Cumulative)).ToArray();

    /// <summary>Everything a row shows, as one comparable string per row.</summary>
    public static string[] Snapshot(ModeratedList list) =>
        list.Rows.Select(r =>
                $"{r.Position}|{r.Result.BidId}|{r.PreModerationRank}|{r.Award}|{r.Funded}|{r.Declined}|{r.Cumulative}|" +
                $"{r.JointGroup}|{r.JointGroupTotal}|{string.Join("/", r.Conditions)}")
            .Append($"line={list.FundingLineAfter}|total={list.FundedTotal}|head={list.Headroom}|over={list.OverCommitment}")
            .ToArray();
}

public class ModerationRulesTests
{
    private static ModerationCommand Cmd(
        ModerationActionType type, string? bidId = null, string? before = null, string? after = null, decimal? amount = null,
        IReadOnlyList<string>? bidIds = null, string? text = null, string? afterBidId = null, string? actionId = null,
        string? reason = "Agreed at moderation.") =>
        ModerationSession.Cmd(type, bidId, before, after, amount, bidIds, text, afterBidId, actionId, reason);

    // ---- The starting point ----

    [Fact]
    public void With_no_actions_the_list_is_the_ranking_with_the_policy_line()
    {
        // Cap 100k, stopAtFirstMiss: A 40 -> 40; B 30 -> 70; C 20 -> 90; D 25 would make 115: stop; E unfunded.
        var s = ModerationSession.Ladder();
        Assert.Equal(["A", "B", "C", "D", "E"], s.Order);
        Assert.Equal([1, 2, 3, 4, 5], s.List.Rows.Select(r => r.Position));
        Assert.Equal([1, 2, 3, 4, 5], s.List.Rows.Select(r => r.PreModerationRank));
        Assert.Equal(
            [("A", 40_000m, 40_000m), ("B", 30_000m, 70_000m), ("C", 20_000m, 90_000m), ("D", 25_000m, null), ("E", 10_000m, null)],
            s.Money);
        Assert.Equal(90_000m, s.List.FundedTotal);
        Assert.Equal(10_000m, s.List.Headroom);
        Assert.Equal(0m, s.List.OverCommitment);
        Assert.Null(s.List.FundingLineAfter);
    }

    // ---- Move ----

    [Fact]
    public void Move_before_puts_the_bid_just_above_the_target_and_redraws_the_line()
    {
        // Order A D B C E: A 40 -> 40; D 25 -> 65; B 30 -> 95; C 20 would make 115: stop.
        var s = ModerationSession.Ladder();
        s.MoveBefore("D", "B");
        Assert.Equal(["A", "D", "B", "C", "E"], s.Order);
        Assert.Equal([1, 2, 3, 4, 5], s.List.Rows.Select(r => r.Position));
        Assert.Equal(4, s.Row("D").PreModerationRank);
        Assert.Equal(2, s.Row("D").Position);
        Assert.Equal(
            [("A", 40_000m, 40_000m), ("D", 25_000m, 65_000m), ("B", 30_000m, 95_000m), ("C", 20_000m, null), ("E", 10_000m, null)],
            s.Money);
        Assert.Equal(95_000m, s.List.FundedTotal);
        Assert.Equal(5_000m, s.List.Headroom);
    }

    [Fact]
    public void Move_after_puts_the_bid_just_below_the_target()
    {
        // Order B C D E A: B 30; C 50; D 75; E 85; A 40 would make 125: not funded.
        var s = ModerationSession.Ladder();
        s.MoveAfter("A", "E");
        Assert.Equal(["B", "C", "D", "E", "A"], s.Order);
        Assert.Equal(
            [("B", 30_000m, 30_000m), ("C", 20_000m, 50_000m), ("D", 25_000m, 75_000m), ("E", 10_000m, 85_000m), ("A", 40_000m, null)],
            s.Money);
        Assert.Equal(85_000m, s.List.FundedTotal);
    }

    [Fact]
    public void Moves_compose_in_order()
    {
        var s = ModerationSession.Ladder();
        s.MoveBefore("E", "A"); // E A B C D
        s.MoveAfter("A", "D");  // E B C D A
        Assert.Equal(["E", "B", "C", "D", "A"], s.Order);
        // E 10; B 40; C 60; D 85; A 40 would make 125.
        Assert.Equal(["E", "B", "C", "D"], s.Funded);
        Assert.Equal(85_000m, s.List.FundedTotal);
    }

    [Fact]
    public void Reverting_a_move_returns_the_list_exactly_to_its_earlier_state()
    {
        var s = ModerationSession.Ladder();
        s.Award("C", 15_000m);
        var before = ModerationSession.Snapshot(s.List);
        var move = s.MoveBefore("D", "A");
        Assert.NotEqual(before, ModerationSession.Snapshot(s.List));
        s.Revert(move);
        Assert.Equal(before, ModerationSession.Snapshot(s.List));
        Assert.Equal(["A", "B", "C", "D", "E"], s.Order);
    }

    [Fact]
    public void Reverting_an_earlier_move_keeps_later_ones()
    {
        var s = ModerationSession.Ladder();
        var first = s.MoveAfter("A", "E"); // B C D E A
        s.MoveBefore("E", "B");             // E B C D A
        s.Revert(first);                    // replayed without the first: A B C D E, then E before B
        Assert.Equal(["A", "E", "B", "C", "D"], s.Order);
    }

    // ---- Partial award ----

    [Fact]
    public void Partial_award_changes_cumulative_and_total_but_not_value_per_pound()
    {
        // B awarded 10k of its 30k: A 40; B 10 -> 50; C 20 -> 70; D 25 -> 95; E 10 would make 105: stop.
        var s = ModerationSession.Ladder();
        s.Award("B", 10_000m);
        Assert.Equal(
            [("A", 40_000m, 40_000m), ("B", 10_000m, 50_000m), ("C", 20_000m, 70_000m), ("D", 25_000m, 95_000m), ("E", 10_000m, null)],
            s.Money);
        Assert.Equal(95_000m, s.List.FundedTotal);
        Assert.Equal(5_000m, s.List.Headroom);

        var b = s.Row("B");
        Assert.Equal(30_000m, b.Result.AmountRequested);
        // Value per GBP 1k on the request: 8 / 30 = 0.2667, not 8 / 10 = 0.8 on the award.
        Assert.Equal(0.27m, Display.Round(b.Result.ValuePerThousand!.Value, 2));
    }

    [Fact]
    public void An_award_equal_to_the_request_is_allowed()
    {
        var s = ModerationSession.Ladder();
        s.Award("B", 30_000m);
        Assert.Equal(30_000m, s.Row("B").Award);
    }

    [Fact]
    public void A_later_award_replaces_an_earlier_one_and_reverting_it_brings_the_earlier_back()
    {
        var s = ModerationSession.Ladder();
        s.Award("B", 10_000m);
        var second = s.Award("B", 12_345.67m);
        Assert.Equal(12_345.67m, s.Row("B").Award);
        // A 40,000; B 52,345.67; C 72,345.67; D 97,345.67; E would make 107,345.67.
        Assert.Equal(97_345.67m, s.List.FundedTotal);
        Assert.Equal(2_654.33m, s.List.Headroom);
        s.Revert(second);
        Assert.Equal(10_000m, s.Row("B").Award);
    }

    [Fact]
    public void Reverting_a_partial_award_restores_the_request()
    {
        var s = ModerationSession.Ladder();
        var before = ModerationSession.Snapshot(s.List);
        var award = s.Award("B", 10_000m);
        s.Revert(award);
        Assert.Equal(before, ModerationSession.Snapshot(s.List));
        Assert.Equal(30_000m, s.Row("B").Award);
        Assert.Equal(90_000m, s.List.FundedTotal);
    }

    // ---- Conditions ----

    [Fact]
    public void A_bid_can_carry_several_conditions_in_the_order_given_and_they_change_no_money()
    {
        var s = ModerationSession.Ladder();
        s.Condition("B", "Report quarterly.");
        s.Condition("B", "Work with existing services.");
        s.Condition("A", "Measure impact on acute care.");
        Assert.Equal(["Report quarterly.", "Work with existing services."], s.Row("B").Conditions);
        Assert.Equal(["Measure impact on acute care."], s.Row("A").Conditions);
        Assert.Empty(s.Row("C").Conditions);
        Assert.Equal(90_000m, s.List.FundedTotal);
        Assert.Equal(["A", "B", "C", "D", "E"], s.Order);
    }

    [Fact]
    public void Reverting_one_condition_leaves_the_others()
    {
        var s = ModerationSession.Ladder();
        var first = s.Condition("B", "Report quarterly.");
        s.Condition("B", "Work with existing services.");
        s.Revert(first);
        Assert.Equal(["Work with existing services."], s.Row("B").Conditions);
    }

    [Fact]
    public void A_condition_text_is_trimmed_and_required()
    {
        var s = ModerationSession.Ladder();
        s.Condition("B", "  Report quarterly.  ");
        Assert.Equal(["Report quarterly."], s.Row("B").Conditions);
        var ex = Assert.Throws<DomainException>(() => s.Check(Cmd(ModerationActionType.Condition, "B", text: "   ", reason: null)));
        Assert.Equal(Refusal.Invalid, ex.Refusal);
        Assert.Contains("text", ex.Errors.Keys);
    }

    // ---- Decline ----

    [Fact]
    public void A_declined_bid_stays_in_place_unfunded_and_the_line_continues_past_it()
    {
        // B declined: A 40; B skipped (not eligible); C 20 -> 60; D 25 -> 85; E 10 -> 95.
        // stopAtFirstMiss does not stop at B: a declined bid is not a miss.
        var s = ModerationSession.Ladder();
        s.Decline("B");
        Assert.Equal(["A", "B", "C", "D", "E"], s.Order);
        var b = s.Row("B");
        Assert.True(b.Declined);
        Assert.False(b.Funded);
        Assert.Null(b.Cumulative);
        Assert.Equal(2, b.Position);
        Assert.Equal(
            [("A", 40_000m, 40_000m), ("B", 30_000m, null), ("C", 20_000m, 60_000m), ("D", 25_000m, 85_000m), ("E", 10_000m, 95_000m)],
            s.Money);
        Assert.Equal(95_000m, s.List.FundedTotal);
        Assert.Equal(5_000m, s.List.Headroom);
    }

    [Fact]
    public void A_declined_bid_moved_to_the_top_is_still_unfunded()
    {
        var s = ModerationSession.Ladder();
        s.Decline("E");
        s.MoveBefore("E", "A");
        Assert.Equal(["E", "A", "B", "C", "D"], s.Order);
        Assert.False(s.Row("E").Funded);
        Assert.True(s.Row("E").Declined);
        Assert.Equal(["A", "B", "C"], s.Funded);
        Assert.Equal(40_000m, s.Row("A").Cumulative);
    }

    [Fact]
    public void Reverting_a_decline_restores_the_earlier_list()
    {
        var s = ModerationSession.Ladder();
        var before = ModerationSession.Snapshot(s.List);
        var decline = s.Decline("B");
        s.Revert(decline);
        Assert.Equal(before, ModerationSession.Snapshot(s.List));
        Assert.False(s.Row("B").Declined);
        Assert.True(s.Row("B").Funded);
    }

    [Fact]
    public void A_bid_declined_again_after_its_decline_was_reverted_is_accepted()
    {
        var s = ModerationSession.Ladder();
        s.Revert(s.Decline("B"));
        s.Decline("B");
        Assert.True(s.Row("B").Declined);
    }

    // ---- Set funding line ----

    [Fact]
    public void Set_funding_line_funds_everything_down_to_the_bid_even_over_the_cap()
    {
        // Line after D: A 40; B 70; C 90; D 115 -- 15k over the 100k cap. E below the line.
        var s = ModerationSession.Ladder();
        s.Line("D");
        Assert.Equal("D", s.List.FundingLineAfter);
        Assert.Equal(
            [("A", 40_000m, 40_000m), ("B", 30_000m, 70_000m), ("C", 20_000m, 90_000m), ("D", 25_000m, 115_000m), ("E", 10_000m, null)],
            s.Money);
        Assert.Equal(115_000m, s.List.FundedTotal);
        Assert.Equal(15_000m, s.List.OverCommitment);
        Assert.Equal(0m, s.List.Headroom);
    }

    [Fact]
    public void Set_funding_line_skips_declined_bids_above_it()
    {
        // B declined, line after D: A 40; C 60; D 85. B unfunded although above the line.
        var s = ModerationSession.Ladder();
        s.Decline("B");
        s.Line("D");
        Assert.Equal(["A", "C", "D"], s.Funded);
        Assert.Equal(
            [("A", 40_000m, 40_000m), ("B", 30_000m, null), ("C", 20_000m, 60_000m), ("D", 25_000m, 85_000m), ("E", 10_000m, null)],
            s.Money);
        Assert.Equal(15_000m, s.List.Headroom);
    }

    [Fact]
    public void Set_funding_line_high_up_leaves_headroom_and_funds_nothing_below_even_with_skip_and_continue()
    {
        // Line after A: only A (40k) funded; 60k headroom that the policy would have used.
        var s = ModerationSession.Ladder(FundingLinePolicy.SkipAndContinue);
        s.Line("A");
        Assert.Equal(["A"], s.Funded);
        Assert.Equal(40_000m, s.List.FundedTotal);
        Assert.Equal(60_000m, s.List.Headroom);
    }

    [Fact]
    public void Set_funding_line_follows_the_bid_when_it_moves()
    {
        // Line after C, then C moved to the bottom: A B D E C all above or at the line. 40+30+25+10+20 = 125.
        var s = ModerationSession.Ladder();
        s.Line("C");
        s.MoveAfter("C", "E");
        Assert.Equal(["A", "B", "D", "E", "C"], s.Order);
        Assert.Equal(["A", "B", "D", "E", "C"], s.Funded);
        Assert.Equal(125_000m, s.List.FundedTotal);
        Assert.Equal(25_000m, s.List.OverCommitment);
    }

    [Fact]
    public void Set_funding_line_after_a_joint_group_member_funds_the_whole_group()
    {
        // B + D for 55k sit at 2-3 (A B D C E). Line after B: the group is funded together, D included.
        // A 40; B 70; D 95. C and E below the line.
        var s = ModerationSession.Ladder();
        s.Joint(55_000m, "B", "D");
        s.Line("B");
        Assert.Equal(["A", "B", "D"], s.Funded);
        Assert.Equal(95_000m, s.List.FundedTotal);
    }

    [Fact]
    public void An_unscored_bid_moved_to_the_top_is_never_funded_by_the_policy_line()
    {
        // U (5k, no sheets) ranks last; moved to the top it is still not eligible, and the line walks on past it:
        // U -; A 40; B 70; C 90; D would make 115: stop.
        var ranking = FundingLine.Results(Round(Criteria(1m), 100_000m),
            [Result("A", 9, amount: 40_000m), Result("B", 8, amount: 30_000m), Result("C", 7, amount: 20_000m),
             Result("D", 6, amount: 25_000m), Result("U", null, amount: 5_000m)]);
        var s = new ModerationSession(ranking);
        Assert.Equal("U", s.Order[^1]);
        s.MoveBefore("U", "A");
        Assert.Equal(["U", "A", "B", "C", "D"], s.Order);
        Assert.Equal(["A", "B", "C"], s.Funded);
        Assert.Null(s.Row("U").Cumulative);
    }

    [Fact]
    public void Set_funding_line_with_no_bid_returns_the_line_to_the_cap()
    {
        var s = ModerationSession.Ladder();
        s.Line("D");
        s.Line(null);
        Assert.Null(s.List.FundingLineAfter);
        Assert.Equal(["A", "B", "C"], s.Funded);
        Assert.Equal(90_000m, s.List.FundedTotal);
    }

    [Fact]
    public void Reverting_set_funding_line_restores_the_policy_line()
    {
        var s = ModerationSession.Ladder();
        var before = ModerationSession.Snapshot(s.List);
        var line = s.Line("E");
        Assert.Equal(125_000m, s.List.FundedTotal);
        s.Revert(line);
        Assert.Equal(before, ModerationSession.Snapshot(s.List));
        Assert.Null(s.List.FundingLineAfter);
    }

    [Fact]
    public void Reverting_the_second_of_two_lines_brings_back_the_first()
    {
        var s = ModerationSession.Ladder();
        s.Line("D");
        var second = s.Line("A");
        s.Revert(second);
        Assert.Equal("D", s.List.FundingLineAfter);
        Assert.Equal(115_000m, s.List.FundedTotal);
    }

    [Fact]
    public void Reverting_every_action_returns_to_the_pre_moderation_list()
    {
        var s = ModerationSession.Ladder();
        var start = ModerationSession.Snapshot(s.List);
        string[] ids =
        [
            s.MoveBefore("E", "B"), s.Award("A", 1_000m), s.Joint(40_000m, "C", "D"), s.Condition("A", "x"),
            s.Decline("B"), s.Line("C"),
        ];
        Assert.NotEqual(start, ModerationSession.Snapshot(s.List));
        foreach (var id in ids.Reverse()) s.Revert(id);
        Assert.Equal(start, ModerationSession.Snapshot(s.List));
    }

    [Fact]
    public void Standing_leaves_out_reverts_and_the_actions_they_name()
    {
        var s = ModerationSession.Ladder();
        var a1 = s.MoveBefore("E", "A");
        var a2 = s.Award("B", 1_000m);
        s.Revert(a1);
        Assert.Equal([a2], ModerationRules.Standing(s.Actions).Select(a => a.Id));
        Assert.Equal(3, s.Actions.Count);
    }

    // ---- Both policies after moves and awards ----

    [Fact]
    public void Skip_and_continue_before_moderation_funds_a_smaller_bid_below_the_miss()
    {
        // A 40; B 70; C 90; D 25 would make 115: skipped; E 10 -> 100 exactly.
        var s = ModerationSession.Ladder(FundingLinePolicy.SkipAndContinue);
        Assert.Equal(
            [("A", 40_000m, 40_000m), ("B", 30_000m, 70_000m), ("C", 20_000m, 90_000m), ("D", 25_000m, null), ("E", 10_000m, 100_000m)],
            s.Money);
        Assert.Equal(0m, s.List.Headroom);
    }

    [Theory]
    [InlineData(FundingLinePolicy.StopAtFirstMiss, new[] { "A", "B", "C" }, 85_000)]
    [InlineData(FundingLinePolicy.SkipAndContinue, new[] { "A", "B", "C", "E" }, 95_000)]
    public void After_a_partial_award_each_policy_draws_its_own_line(FundingLinePolicy policy, string[] funded, int total)
    {
        // B awarded 25k: A 40; B 65; C 85; D 25 would make 110: miss.
        // stopAtFirstMiss stops there; skipAndContinue goes on: E 10 -> 95.
        var s = ModerationSession.Ladder(policy);
        s.Award("B", 25_000m);
        Assert.Equal(funded, s.Funded);
        Assert.Equal((decimal)total, s.List.FundedTotal);
    }

    [Theory]
    [InlineData(FundingLinePolicy.StopAtFirstMiss, new[] { "B", "C", "D" }, 75_000)]
    [InlineData(FundingLinePolicy.SkipAndContinue, new[] { "B", "C", "D", "E" }, 85_000)]
    public void After_a_move_each_policy_draws_its_own_line(FundingLinePolicy policy, string[] funded, int total)
    {
        // A moved after D: B C D A E. B 30; C 50; D 75; A 40 would make 115: miss.
        // stopAtFirstMiss stops there; skipAndContinue goes on: E 10 -> 85.
        var s = ModerationSession.Ladder(policy);
        s.MoveAfter("A", "D");
        Assert.Equal(["B", "C", "D", "A", "E"], s.Order);
        Assert.Equal(funded, s.Funded);
        Assert.Equal((decimal)total, s.List.FundedTotal);
        Assert.Null(s.Row("A").Cumulative);
    }

    [Theory]
    [InlineData(FundingLinePolicy.StopAtFirstMiss, new[] { "A", "D" }, 65_000)]
    [InlineData(FundingLinePolicy.SkipAndContinue, new[] { "A", "D", "C" }, 80_000)]
    public void After_a_move_and_an_award_together_each_policy_draws_its_own_line(FundingLinePolicy policy, string[] funded, int total)
    {
        // Cap 80k; D moved before B and C cut to 15k: order A D B C E with awards 40, 25, 30, 15, 10.
        // A 40; D 65; B 30 would make 95: miss. stopAtFirstMiss stops at B (total 65).
        // skipAndContinue: C 15 -> 80 exactly; E 10 would make 90: skipped (total 80).
        var s = ModerationSession.Ladder(policy, cap: 80_000m);
        s.MoveBefore("D", "B");
        s.Award("C", 15_000m);
        Assert.Equal(["A", "D", "B", "C", "E"], s.Order);
        Assert.Equal(funded, s.Funded);
        Assert.Equal((decimal)total, s.List.FundedTotal);
    }
}

/// <summary><see cref="ModerationRules.Accept"/>: what a chair's command is refused for, and what it becomes.</summary>
public class ModerationAcceptTests
{
    private static ModerationCommand Cmd(
        ModerationActionType type, string? bidId = null, string? before = null, string? after = null, decimal? amount = null,
        IReadOnlyList<string>? bidIds = null, string? text = null, string? afterBidId = null, string? actionId = null,
        string? reason = "Agreed at moderation.") =>
        ModerationSession.Cmd(type, bidId, before, after, amount, bidIds, text, afterBidId, actionId, reason);

    private static DomainException Refused(ModerationSession s, ModerationCommand command, Refusal refusal, string field)
    {
        var count = s.Actions.Count;
        var ex = Assert.Throws<DomainException>(() => s.Do(command));
        Assert.Equal(refusal, ex.Refusal);
        Assert.Contains(field, ex.Errors.Keys);
        Assert.Equal(count, s.Actions.Count);
        return ex;
    }

    /// <summary>Every money or order action, valid apart from its reason.</summary>
    public static TheoryData<string> MoneyOrOrder => new() { "move", "award", "jointAward", "decline", "setFundingLine", "revert" };

    private static ModerationCommand Valid(string kind, string? reason, string revertable) => kind switch
    {
        "move" => Cmd(ModerationActionType.Move, "E", before: "A", reason: reason),
        "award" => Cmd(ModerationActionType.Award, "B", amount: 10_000m, reason: reason),
        "jointAward" => Cmd(ModerationActionType.JointAward, amount: 40_000m, bidIds: ["C", "D"], reason: reason),
        "decline" => Cmd(ModerationActionType.Decline, "B", reason: reason),
        "setFundingLine" => Cmd(ModerationActionType.SetFundingLine, afterBidId: "D", reason: reason),
        "revert" => Cmd(ModerationActionType.Revert, actionId: revertable, reason: reason),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(MoneyOrOrder))]
    public void A_money_or_order_action_needs_a_reason(string kind)
    {
        var s = ModerationSession.Ladder();
        var condition = s.Condition("A", "x");
        Refused(s, Valid(kind, null, condition), Refusal.Invalid, "reason");
        Refused(s, Valid(kind, "", condition), Refusal.Invalid, "reason");
        Refused(s, Valid(kind, "   ", condition), Refusal.Invalid, "reason");
        // The same command with a reason is accepted, so only the reason was missing.
        s.Do(Valid(kind, "Agreed.", condition));
        Assert.Equal(2, s.Actions.Count);
    }

    [Fact]
    public void A_condition_needs_no_reason()
    {
        var s = ModerationSession.Ladder();
        s.Do(Cmd(ModerationActionType.Condition, "B", text: "Report quarterly.", reason: null));
        var action = Assert.Single(s.Actions);
        Assert.Null(action.Reason);
        Assert.Equal(ModerationActionType.Condition, action.Type);
    }

    [Fact]
    public void An_accepted_action_carries_who_when_the_trimmed_reason_and_its_fields()
    {
        var s = ModerationSession.Ladder();
        var action = s.Check(Cmd(ModerationActionType.Award, "B", amount: 10_000m, reason: "  Development work only.  "));
        Assert.Equal("probe", action.Id);
        Assert.Equal("chair", action.Actor);
        Assert.Equal(ModerationSession.At, action.At);
        Assert.Equal("Development work only.", action.Reason);
        Assert.Equal(ModerationActionType.Award, action.Type);
        Assert.Equal("B", action.BidId);
        Assert.Equal(10_000m, action.Amount);
    }

    [Fact]
    public void A_missing_type_is_invalid()
    {
        var s = ModerationSession.Ladder();
        Refused(s, new ModerationCommand(null, "B", null, null, 1m, null, null, null, null, "r", null), Refusal.Invalid, "type");
    }

    [Fact]
    public void A_reason_over_4000_characters_is_invalid()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.Decline, "B", reason: new string('x', 4001)), Refusal.Invalid, "reason");
        s.Do(Cmd(ModerationActionType.Decline, "B", reason: new string('x', 4000)));
    }

    // ---- Unknown bids ----

    [Theory]
    [InlineData(ModerationActionType.Move)]
    [InlineData(ModerationActionType.Award)]
    [InlineData(ModerationActionType.Condition)]
    [InlineData(ModerationActionType.Decline)]
    public void An_unknown_bid_is_not_found(ModerationActionType type)
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(type, "Z", before: "A", amount: 1_000m, text: "x"), Refusal.NotFound, "bidId");
    }

    [Fact]
    public void An_unknown_move_target_is_not_found()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.Move, "A", after: "Z"), Refusal.NotFound, "after");
        Refused(s, Cmd(ModerationActionType.Move, "A", before: "Z"), Refusal.NotFound, "before");
    }

    [Fact]
    public void An_unknown_bid_in_a_joint_award_or_funding_line_is_not_found()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.JointAward, amount: 1_000m, bidIds: ["A", "Z"]), Refusal.NotFound, "bidIds[1]");
        Refused(s, Cmd(ModerationActionType.SetFundingLine, afterBidId: "Z"), Refusal.NotFound, "afterBidId");
    }

    [Fact]
    public void A_malformed_bid_id_is_invalid_not_missing()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.Decline, "../B"), Refusal.Invalid, "bidId");
        Refused(s, Cmd(ModerationActionType.Decline, null), Refusal.Invalid, "bidId");
    }

    // ---- Amounts ----

    [Fact]
    public void An_award_above_the_request_is_invalid()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.Award, "B", amount: 30_000.01m), Refusal.Invalid, "amount");
    }

    [Theory]
    [InlineData("10000.005")]
    [InlineData("0.001")]
    [InlineData("0")]
    [InlineData("-5")]
    public void An_award_must_be_positive_pounds_and_pence(string amount)
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.Award, "B", amount: decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)),
            Refusal.Invalid, "amount");
    }

    [Fact]
    public void An_award_without_an_amount_is_invalid()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.Award, "B"), Refusal.Invalid, "amount");
    }

    [Fact]
    public void Trailing_zeros_beyond_two_places_are_still_pence()
    {
        var s = ModerationSession.Ladder();
        s.Do(Cmd(ModerationActionType.Award, "B", amount: 10_000.500m));
        Assert.Equal(10_000.50m, s.Row("B").Award);
    }

    [Fact]
    public void A_joint_award_with_three_decimals_is_invalid()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.JointAward, amount: 40_000.001m, bidIds: ["C", "D"]), Refusal.Invalid, "amount");
    }

    [Fact]
    public void A_joint_award_above_the_requests_together_is_invalid()
    {
        // C 20k + D 25k = 45k.
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.JointAward, amount: 45_000.01m, bidIds: ["C", "D"]), Refusal.Invalid, "amount");
        s.Do(Cmd(ModerationActionType.JointAward, amount: 45_000m, bidIds: ["C", "D"]));
    }

    // ---- Joint award shape ----

    [Fact]
    public void A_joint_award_of_fewer_than_two_bids_is_invalid()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.JointAward, amount: 1_000m, bidIds: ["C"]), Refusal.Invalid, "bidIds");
        Refused(s, Cmd(ModerationActionType.JointAward, amount: 1_000m, bidIds: []), Refusal.Invalid, "bidIds");
        Refused(s, Cmd(ModerationActionType.JointAward, amount: 1_000m, bidIds: null), Refusal.Invalid, "bidIds");
    }

    [Fact]
    public void A_joint_award_naming_the_same_bid_twice_is_invalid()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.JointAward, amount: 1_000m, bidIds: ["C", "C"]), Refusal.Invalid, "bidIds");
    }

    [Fact]
    public void An_award_on_a_jointly_awarded_bid_is_a_conflict()
    {
        var s = ModerationSession.Ladder();
        s.Joint(40_000m, "C", "D");
        Refused(s, Cmd(ModerationActionType.Award, "C", amount: 1_000m), Refusal.Conflict, "bidId");
        Refused(s, Cmd(ModerationActionType.Award, "D", amount: 1_000m), Refusal.Conflict, "bidId");
    }

    [Fact]
    public void A_second_joint_award_over_a_grouped_bid_is_a_conflict()
    {
        var s = ModerationSession.Ladder();
        s.Joint(40_000m, "C", "D");
        Refused(s, Cmd(ModerationActionType.JointAward, amount: 1_000m, bidIds: ["D", "E"]), Refusal.Conflict, "bidIds");
    }

    [Fact]
    public void A_joint_award_over_a_declined_bid_is_a_conflict()
    {
        var s = ModerationSession.Ladder();
        s.Decline("D");
        Refused(s, Cmd(ModerationActionType.JointAward, amount: 1_000m, bidIds: ["C", "D"]), Refusal.Conflict, "bidIds");
    }

    [Fact]
    public void Declining_a_jointly_awarded_bid_is_a_conflict()
    {
        var s = ModerationSession.Ladder();
        s.Joint(40_000m, "C", "D");
        Refused(s, Cmd(ModerationActionType.Decline, "D"), Refusal.Conflict, "bidId");
    }

    // ---- Decline ----

    [Fact]
    public void Declining_twice_is_a_conflict()
    {
        var s = ModerationSession.Ladder();
        s.Decline("B");
        Refused(s, Cmd(ModerationActionType.Decline, "B"), Refusal.Conflict, "bidId");
    }

    // ---- Revert ----

    [Fact]
    public void Reverting_an_unknown_action_is_not_found()
    {
        var s = ModerationSession.Ladder();
        s.Decline("B");
        Refused(s, Cmd(ModerationActionType.Revert, actionId: "nope"), Refusal.NotFound, "actionId");
    }

    [Fact]
    public void Reverting_twice_is_a_conflict()
    {
        var s = ModerationSession.Ladder();
        var decline = s.Decline("B");
        s.Revert(decline);
        Refused(s, Cmd(ModerationActionType.Revert, actionId: decline), Refusal.Conflict, "actionId");
    }

    [Fact]
    public void Reverting_a_revert_is_invalid()
    {
        var s = ModerationSession.Ladder();
        var revert = s.Revert(s.Decline("B"));
        Refused(s, Cmd(ModerationActionType.Revert, actionId: revert), Refusal.Invalid, "actionId");
    }

    [Fact]
    public void A_revert_names_the_action_it_undoes()
    {
        var s = ModerationSession.Ladder();
        var decline = s.Decline("B");
        s.Revert(decline);
        var revert = s.Actions[^1];
        Assert.Equal(ModerationActionType.Revert, revert.Type);
        Assert.Equal(decline, revert.ActionId);
        Assert.Equal($"Reverted action {decline}.", revert.Describe());
    }

    // ---- Move shape ----

    [Fact]
    public void Moving_a_bid_relative_to_itself_is_invalid()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.Move, "B", before: "B"), Refusal.Invalid, "before");
        Refused(s, Cmd(ModerationActionType.Move, "B", after: "B"), Refusal.Invalid, "after");
    }

    [Fact]
    public void Moving_a_bid_relative_to_its_own_joint_group_is_invalid()
    {
        var s = ModerationSession.Ladder();
        s.Joint(40_000m, "C", "D");
        Refused(s, Cmd(ModerationActionType.Move, "C", after: "D"), Refusal.Invalid, "after");
        Refused(s, Cmd(ModerationActionType.Move, "D", before: "C"), Refusal.Invalid, "before");
    }

    [Fact]
    public void A_move_with_both_before_and_after_is_invalid()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.Move, "E", before: "A", after: "B"), Refusal.Invalid, "before");
    }

    [Fact]
    public void A_move_with_neither_before_nor_after_is_invalid()
    {
        var s = ModerationSession.Ladder();
        Refused(s, Cmd(ModerationActionType.Move, "E"), Refusal.Invalid, "before");
    }
}
