using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Validation;

namespace Prioritise.Domain.Tests;

/// <summary>
/// (issue 14) The chair's ready-for-finance mark and whether finance may confirm
/// (<see cref="Confirmation.RequireReady"/>): every branch, worked by hand on session versions.
/// </summary>
public class ReadyForFinanceTests
{
    private static readonly DateTimeOffset At = new(2018, 9, 14, 11, 30, 0, TimeSpan.Zero);

    /// <summary>A mark the chair gave when the session stood at version 7: it moved the session to 8.</summary>
    private static readonly ReadyMark MarkAt8 = new("chair", At, 8, null);

    [Fact]
    public void Marking_moves_the_session_on_one_version_and_the_mark_carries_that_version()
    {
        var mark = Confirmation.MarkReady(null, 7, "chair", At, new ReadyCommand("  Agreed at the meeting  "));
        Assert.Equal(new ReadyMark("chair", At, 8, "Agreed at the meeting"), mark);
    }

    [Fact]
    public void A_blank_note_is_no_note()
    {
        Assert.Null(Confirmation.MarkReady(null, 7, "chair", At, new ReadyCommand("   "))!.Note);
        Assert.Null(Confirmation.MarkReady(null, 7, "chair", At, new ReadyCommand(null))!.Note);
    }

    [Fact]
    public void Marking_again_while_the_mark_stands_changes_nothing()
    {
        Assert.Null(Confirmation.MarkReady(MarkAt8, 8, "chair", At.AddMinutes(5), new ReadyCommand("again")));
    }

    [Fact]
    public void Marking_after_a_change_gives_a_new_mark_at_the_new_version()
    {
        // Marked at 8, an action took the session to 9: the chair marks again, at 10.
        var again = Confirmation.MarkReady(MarkAt8, 9, "chair", At.AddMinutes(5), new ReadyCommand(null));
        Assert.Equal(10, again!.Version);
    }

    [Fact]
    public void The_mark_stands_only_at_its_own_version()
    {
        Assert.Same(MarkAt8, Confirmation.Standing(MarkAt8, 8));
        Assert.Null(Confirmation.Standing(MarkAt8, 9));
        Assert.Null(Confirmation.Standing(null, 8));
    }

    [Fact]
    public void A_mark_left_behind_by_a_change_reads_as_withdrawn_and_a_session_never_marked_does_not()
    {
        Assert.True(Confirmation.Withdrawn(MarkAt8, 9));
        Assert.False(Confirmation.Withdrawn(MarkAt8, 8));
        Assert.False(Confirmation.Withdrawn(null, 9));
    }

    [Fact]
    public void Finance_may_confirm_a_standing_mark_with_or_without_the_version_it_was_shown()
    {
        Confirmation.RequireReady(MarkAt8, 8, null);
        Confirmation.RequireReady(MarkAt8, 8, 8);
    }

    [Fact]
    public void A_session_never_marked_may_still_be_confirmed_as_in_v1()
    {
        Confirmation.RequireReady(null, 12, null);
        Confirmation.RequireReady(null, 12, 12);
    }

    [Fact]
    public void A_mark_withdrawn_by_a_later_change_refuses_409_in_the_committees_words()
    {
        var e = Assert.Throws<DomainException>(() => Confirmation.RequireReady(MarkAt8, 9, null));
        Assert.Equal(Refusal.Conflict, e.Refusal);
        Assert.Equal("The chair is still changing the list: it was marked ready for finance, then changed. Ask the chair to mark it ready again.",
            Assert.Single(e.Errors["readyForFinance"]));
        // Even with the version finance is shown now: the chair has not said it is ready.
        Assert.Equal(Refusal.Conflict, Assert.Throws<DomainException>(() => Confirmation.RequireReady(MarkAt8, 9, 9)).Refusal);
    }

    [Fact]
    public void A_stale_version_is_refused_409_marked_or_not()
    {
        var marked = Assert.Throws<DomainException>(() => Confirmation.RequireReady(MarkAt8, 8, 7));
        Assert.Equal(Refusal.Conflict, marked.Refusal);
        Assert.True(marked.Errors.ContainsKey("moderationVersion"));
        var unmarked = Assert.Throws<DomainException>(() => Confirmation.RequireReady(null, 12, 11));
        Assert.Equal(Refusal.Conflict, unmarked.Refusal);
        Assert.DoesNotContain("version", unmarked.Errors["moderationVersion"].Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_note_is_plain_text_of_at_most_the_long_text_limit()
    {
        Validate.Check(new ReadyCommandValidator(), new ReadyCommand(null));
        Validate.Check(new ReadyCommandValidator(), new ReadyCommand(new string('x', TextRules.LongText)));
        var e = Assert.Throws<DomainException>(() => Validate.Check(new ReadyCommandValidator(), new ReadyCommand(new string('x', TextRules.LongText + 1))));
        Assert.True(e.Errors.ContainsKey("note"));
    }

    [Fact]
    public void A_v1_confirm_body_fingerprints_as_it_did_before_the_version_field()
    {
        // The idempotency memory holds fingerprints of v1 bodies: a retry after the upgrade must match.
        Assert.Equal(Idempotency.Fingerprint(new V1Confirm(true, "ok", null)), Idempotency.Fingerprint(new ConfirmCommand(true, "ok", null)));
    }

    private sealed record V1Confirm(bool? AcceptOverCommitment, string? Reason, long? ExpectedVersion);
}

/// <summary>(issue 14) The audit page's filter: by bid, member and kind, positions kept.</summary>
public class AuditFilterTests
{
    private static readonly DateTimeOffset At = new(2018, 9, 14, 10, 0, 0, TimeSpan.Zero);

    private static readonly AuditEvent[] Trail =
    [
        new("round", 1, At, "admin", AuditActions.RoundCreated, "Round created."),
        new("bid:falls", 1, At.AddMinutes(1), "oak", AuditActions.SheetSubmitted, "Sheet submitted.", null, "falls", "oak"),
        new("moderation", 1, At.AddMinutes(2), "ash", AuditActions.ModerationAction, "a1: Moved falls after send.", "Committee view", "falls"),
        new("round", 2, At.AddMinutes(3), "admin", AuditActions.MemberAppointed, "oak appointed.", null, null, "oak"),
        new("moderation", 2, At.AddMinutes(4), "ash", AuditActions.ReadyForFinance, "Marked ready."),
    ];

    [Fact]
    public void No_filter_keeps_everything_numbered_from_one()
    {
        Assert.Equal([1, 2, 3, 4, 5], new AuditFilter().Apply(Trail).Select(p => p.Position));
        Assert.True(new AuditFilter().IsEmpty);
    }

    [Fact]
    public void By_bid_member_and_kind_each_entry_keeps_its_place_in_the_whole_trail()
    {
        Assert.Equal([2, 3], new AuditFilter(BidId: "falls").Apply(Trail).Select(p => p.Position));
        // oak acted (entry 2) and was the member appointed (entry 4).
        Assert.Equal([2, 4], new AuditFilter(MemberId: "oak").Apply(Trail).Select(p => p.Position));
        Assert.Equal([5], new AuditFilter(Kind: AuditActions.ReadyForFinance).Apply(Trail).Select(p => p.Position));
        Assert.Equal([3], new AuditFilter("falls", "ash", AuditActions.ModerationAction).Apply(Trail).Select(p => p.Position));
        Assert.Empty(new AuditFilter("falls", "admin").Apply(Trail));
    }

    [Fact]
    public void Kinds_read_in_the_committees_words()
    {
        Assert.Equal("Marked ready for finance", AuditFilter.KindName(AuditActions.ReadyForFinance));
        Assert.Equal("Score sheet submitted", AuditFilter.KindName(AuditActions.SheetSubmitted));
    }
}

/// <summary>(issue 14) What changed from one decision to the next, on the ladder (A 40k, B 30k, C 20k, D 25k, E 10k).</summary>
public class DecisionChangesTests
{
    private static readonly DateTimeOffset At = new(2018, 9, 20, 9, 0, 0, TimeSpan.Zero);

    private static Decision Decide(ModeratedList list, int number) =>
        Confirmation.Confirm(list, number, "finance", At.AddDays(number), new ConfirmCommand(true, "Knowingly", null), 0);

    [Fact]
    public void A_smaller_pot_shows_the_bids_newly_out_and_the_awards_changed()
    {
        var s = ModerationSession.Ladder();
        // Decision 1 at GBP 100k: A 40, B 70, C 90 funded; D would make 115k, so the line stops.
        var first = Decide(s.List, 1);
        // The pot falls to GBP 70k and the chair awards B 25k: A 40, B 65, then C would make 85k.
        s.Award("B", 25_000m);
        var second = Decide(ModerationRules.Replay(s.Ranking, s.Actions, 70_000m), 2);

        var changes = DecisionChanges.Between(first, second);
        Assert.Equal((100_000m, 70_000m, 90_000m, 65_000m), (changes.CapBefore, changes.CapAfter, changes.FundedBefore, changes.FundedAfter));
        Assert.Equal([new AwardChange("C", "C", 20_000m, null)], changes.NoLongerFunded);
        Assert.Empty(changes.NewlyFunded);
        Assert.Equal([new AwardChange("B", "B", 30_000m, 25_000m)], changes.AwardsChanged);
        Assert.False(changes.Nothing);
    }

    [Fact]
    public void A_line_set_lower_shows_the_bids_newly_in_and_the_same_list_shows_nothing()
    {
        var s = ModerationSession.Ladder();
        var first = Decide(s.List, 1);
        s.Line("D");
        var second = Decide(s.List, 2);
        var changes = DecisionChanges.Between(first, second);
        Assert.Equal([new AwardChange("D", "D", null, 25_000m)], changes.NewlyFunded);
        Assert.Empty(changes.NoLongerFunded);
        Assert.True(DecisionChanges.Between(first, Decide(ModerationSession.Ladder().List, 2)).Nothing);
    }
}
