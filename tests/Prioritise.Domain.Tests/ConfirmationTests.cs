using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Tests;

/// <summary>
/// Over-commitment arithmetic, finance's confirmation and cap revision (scoring-method.md, Confirmation).
/// The ladder: cap 100k, A 40k, B 30k, C 20k, D 25k, E 10k.
/// </summary>
public class ConfirmationTests
{
    private static readonly DateTimeOffset At = new(2018, 9, 20, 9, 0, 0, TimeSpan.Zero);

    /// <summary>As the moderation grain confirms: the command validated where it enters, then confirmed against the list.</summary>
    private static Decision Confirm(ModeratedList list, bool? accept, string? reason, int number = 1) =>
        Confirmation.Confirm(list, number, "finance", At,
            Prioritise.Domain.Validation.Validate.Check(new Prioritise.Domain.Validation.ConfirmCommandValidator(), new ConfirmCommand(accept, reason, null)), 3);

    /// <summary>Line after D: 40 + 30 + 20 + 25 = 115k against 100k, 15k over.</summary>
    private static ModeratedList OverCommitted()
    {
        var s = ModerationSession.Ladder();
        s.Line("D");
        return s.List;
    }

    // ---- Arithmetic ----

    [Fact]
    public void Over_commitment_is_the_funded_total_less_the_cap_and_headroom_is_then_zero()
    {
        var list = OverCommitted();
        Assert.Equal(115_000m, list.FundedTotal);
        Assert.Equal(15_000m, list.OverCommitment);
        Assert.Equal(0m, list.Headroom);
    }

    [Fact]
    public void Over_commitment_keeps_the_pennies()
    {
        // C cut to 19,999.99, line after D: 40,000 + 30,000 + 19,999.99 + 25,000 = 114,999.99; over by 14,999.99.
        var s = ModerationSession.Ladder();
        s.Award("C", 19_999.99m);
        s.Line("D");
        Assert.Equal(114_999.99m, s.List.FundedTotal);
        Assert.Equal(14_999.99m, s.List.OverCommitment);
        Assert.Equal(0m, s.List.Headroom);
    }

    [Fact]
    public void Within_the_cap_headroom_is_the_cap_less_the_total_and_over_commitment_zero()
    {
        var list = ModerationSession.Ladder().List; // 90k funded
        Assert.Equal(10_000m, list.Headroom);
        Assert.Equal(0m, list.OverCommitment);
    }

    [Fact]
    public void Exactly_at_the_cap_there_is_neither_headroom_nor_over_commitment()
    {
        var list = ModerationSession.Ladder(FundingLinePolicy.SkipAndContinue).List; // 40+30+20+10 = 100k
        Assert.Equal(100_000m, list.FundedTotal);
        Assert.Equal(0m, list.Headroom);
        Assert.Equal(0m, list.OverCommitment);
    }

    // ---- Confirm ----

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public void Over_the_cap_without_accepting_the_over_commitment_is_a_conflict(bool? accept)
    {
        var ex = Assert.Throws<DomainException>(() => Confirm(OverCommitted(), accept, "Finance agrees."));
        Assert.Equal(Refusal.Conflict, ex.Refusal);
        Assert.Contains("acceptOverCommitment", ex.Errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Accepting_an_over_commitment_without_a_reason_is_invalid(string? reason)
    {
        var ex = Assert.Throws<DomainException>(() => Confirm(OverCommitted(), true, reason));
        Assert.Equal(Refusal.Invalid, ex.Refusal);
        Assert.Contains("reason", ex.Errors.Keys);
    }

    [Fact]
    public void Accepting_an_over_commitment_with_a_reason_confirms_it()
    {
        var list = OverCommitted();
        var d = Confirm(list, true, "  Non-recurrent money; schemes may slip.  ", number: 2);
        Assert.Equal(2, d.Number);
        Assert.Equal("finance", d.ConfirmedBy);
        Assert.Equal(At, d.ConfirmedAt);
        Assert.Equal(100_000m, d.FundingCap);
        Assert.Equal(115_000m, d.FundedTotal);
        Assert.Equal(15_000m, d.OverCommitment);
        Assert.Equal(0m, d.Headroom);
        Assert.True(d.OverCommitmentAccepted);
        Assert.Equal("Non-recurrent money; schemes may slip.", d.Reason);
        Assert.Equal("D", d.FundingLineAfter);
        Assert.Equal(3, d.ActionsConsidered);
    }

    [Fact]
    public void Within_the_cap_confirms_without_acceptance_and_shows_the_headroom()
    {
        var d = Confirm(ModerationSession.Ladder().List, null, null);
        Assert.Equal(90_000m, d.FundedTotal);
        Assert.Equal(10_000m, d.Headroom);
        Assert.Equal(0m, d.OverCommitment);
        Assert.False(d.OverCommitmentAccepted);
        Assert.Null(d.Reason);
        Assert.Null(d.FundingLineAfter);
    }

    [Fact]
    public void Accepting_when_nothing_is_over_records_no_accepted_over_commitment()
    {
        var d = Confirm(ModerationSession.Ladder().List, true, "Just in case.");
        Assert.False(d.OverCommitmentAccepted);
        Assert.Equal(0m, d.OverCommitment);
        Assert.Equal("Just in case.", d.Reason);
    }

    [Fact]
    public void A_reason_over_4000_characters_is_refused_even_within_the_cap()
    {
        var ex = Assert.Throws<DomainException>(() => Confirm(ModerationSession.Ladder().List, null, new string('r', 4001)));
        Assert.Equal(Refusal.Invalid, ex.Refusal);
        Assert.Contains("reason", ex.Errors.Keys);
    }

    [Fact]
    public void The_decisions_rows_are_the_lists_rows()
    {
        var s = ModerationSession.Ladder();
        s.Joint(44_000m, "B", "D");
        s.Condition("A", "Measure impact.");
        s.Award("C", 5_000m);
        var list = s.List;
        var d = Confirm(list, null, null);
        Assert.Equal(list.Rows, d.Rows);
        Assert.Equal(["A", "B", "D", "C", "E"], d.Rows.Select(r => r.Result.BidId));
        // A 40; B 24 -> 64; D 20 -> 84; C 5 -> 89; E 10 -> 99.
        Assert.Equal([40_000m, 64_000m, 84_000m, 89_000m, 99_000m], d.Rows.Select(r => r.Cumulative));
        Assert.Equal(99_000m, d.FundedTotal);
        Assert.Equal(1_000m, d.Headroom);
    }

    // ---- Cap revision: which funded schemes no longer fit ----

    [Fact]
    public void Nothing_is_dropped_when_the_funded_list_still_fits()
    {
        var list = ModerationSession.Ladder().List; // A B C funded: 90k
        Assert.Empty(Confirmation.NoLongerFit(list, 90_000m));
        Assert.Empty(Confirmation.NoLongerFit(list, 200_000m));
    }

    [Fact]
    public void A_penny_short_drops_the_bottom_funded_scheme()
    {
        // 90,000 > 89,999.99: drop C (20k) -> 70k fits.
        Assert.Equal(["C"], Confirmation.NoLongerFit(ModerationSession.Ladder().List, 89_999.99m));
    }

    [Fact]
    public void Schemes_are_dropped_from_the_bottom_up_until_the_rest_fit()
    {
        // 90k against 60k: drop C -> 70k, still over; drop B -> 40k, fits. A stays.
        Assert.Equal(["C", "B"], Confirmation.NoLongerFit(ModerationSession.Ladder().List, 60_000m));
    }

    [Fact]
    public void A_cap_of_zero_drops_every_funded_scheme()
    {
        Assert.Equal(["C", "B", "A"], Confirmation.NoLongerFit(ModerationSession.Ladder().List, 0m));
    }

    [Fact]
    public void Unfunded_rows_are_never_named()
    {
        // Skip and continue funds A B C E (100k); D unfunded between C and E. Cap 85k: drop E -> 90; drop C -> 70.
        var list = ModerationSession.Ladder(FundingLinePolicy.SkipAndContinue).List;
        Assert.Equal(["E", "C"], Confirmation.NoLongerFit(list, 85_000m));
    }

    [Fact]
    public void An_over_committed_list_at_its_own_cap_drops_until_it_fits()
    {
        // 115k against 100k: drop D (25k) -> 90k.
        Assert.Equal(["D"], Confirmation.NoLongerFit(OverCommitted(), 100_000m));
    }

    [Fact]
    public void A_joint_group_is_dropped_as_one()
    {
        // B + D for 55k: A B D funded, 40 + 30 + 25 = 95k. Cap 94k: dropping D alone would leave 70k,
        // but D shares B's award, so both go: 40k left.
        var s = ModerationSession.Ladder();
        s.Joint(55_000m, "B", "D");
        Assert.Equal(["A", "B", "D"], s.Funded);
        Assert.Equal(["D", "B"], Confirmation.NoLongerFit(s.List, 94_000m));
    }

    [Fact]
    public void A_joint_group_above_the_bottom_drops_together_after_the_rows_below_it()
    {
        // Group B + D moved above A: B D A C E. B 30; D 55; A 95; C would make 115: stop.
        // Cap 50k: drop A -> 55k, still over; drop the group (D then B) -> 0.
        var s = ModerationSession.Ladder();
        s.Joint(55_000m, "B", "D");
        s.MoveBefore("B", "A");
        Assert.Equal(["B", "D", "A"], s.Funded);
        Assert.Equal(["A", "D", "B"], Confirmation.NoLongerFit(s.List, 50_000m));
    }

    [Fact]
    public void Replaying_at_a_revised_cap_redraws_the_policy_line()
    {
        // Cap revised to 60k: A 40; B 30 would make 70: stop. Only A funded, 20k headroom.
        var s = ModerationSession.Ladder();
        var revised = ModerationRules.Replay(s.Ranking, s.Actions, 60_000m);
        Assert.Equal(60_000m, revised.FundingCap);
        Assert.Equal(["A"], revised.Rows.Where(r => r.Funded).Select(r => r.Result.BidId));
        Assert.Equal(20_000m, revised.Headroom);
    }
}
