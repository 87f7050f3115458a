using Prioritise.Domain;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Tests;

/// <summary>The moderation grain's ordering and who-may-do-what, with the round following its decisions.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ModerationGrainTests(ClusterFixture fixture)
{
    private static ModerationCommand Command(ModerationActionType type, string? bidId = null, decimal? amount = null,
        string? after = null, string? afterBidId = null, string? actionId = null, long? expectedVersion = null, string? reason = "Committee view") =>
        new(type, bidId, null, after, amount, null, null, afterBidId, actionId, reason, expectedVersion);

    /// <summary>Two bids, one scorer, scoring closed: a=40k scored 8, b=30k scored 6, cap 60k.</summary>
    private static async Task<(Scenario S, string Chair, string Finance, string Scorer)> ClosedRound(ClusterFixture fixture)
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(60_000m, ("q", 1m));
        var scorer = await s.Scorer("scorer");
        var chair = await s.Chair();
        var finance = await s.Appoint("finance", "Finance Org", [CommitteeRole.Finance]);
        await s.AddBid("a", "Bid A", 40_000m);
        await s.AddBid("b", "Bid B", 30_000m);
        await s.Round.OpenScoring(Caller.Admin);
        await s.Submit(scorer, "a", ("q", 8));
        await s.Submit(scorer, "b", ("q", 6));
        await s.Round.CloseScoring(Caller.Admin);
        return (s, chair, finance, scorer);
    }

    [Fact]
    public async Task Closing_scoring_starts_moderation_on_the_ranking_with_the_cap_line()
    {
        var (s, chair, _, _) = await ClosedRound(fixture);
        var view = await fixture.Client.Moderation(s.RoundId).Get(Caller.Member(chair));
        Assert.Equal(["a", "b"], view.List.Rows.Select(r => r.Result.BidId));
        // 40k fits the 60k cap; 40k + 30k does not, and stopAtFirstMiss ends the list there.
        Assert.Equal(40_000m, view.List.FundedTotal);
        Assert.Equal(20_000m, view.List.Headroom);
        Assert.Equal(1, view.Version);
    }

    [Fact]
    public async Task Only_the_chair_acts_and_a_stale_version_changes_nothing()
    {
        var (s, chair, finance, scorer) = await ClosedRound(fixture);
        var moderation = fixture.Client.Moderation(s.RoundId);
        await Refused.With(Refusal.Forbidden, () => moderation.Act(Caller.Member(scorer), Command(ModerationActionType.Decline, "b"), null));
        await Refused.With(Refusal.Forbidden, () => moderation.Act(Caller.Member(finance), Command(ModerationActionType.Decline, "b"), null));
        await Refused.With(Refusal.Forbidden, () => moderation.Act(Caller.Admin, Command(ModerationActionType.Decline, "b"), null));

        var taken = await moderation.Act(Caller.Member(chair), Command(ModerationActionType.SetFundingLine, afterBidId: "b", expectedVersion: 1), null);
        Assert.Equal("a1", taken.ActionId);
        Assert.Equal(2, taken.Moderation.Version);
        Assert.Equal(70_000m, taken.Moderation.List.FundedTotal);
        Assert.Equal(10_000m, taken.Moderation.List.OverCommitment);

        await Refused.With(Refusal.Conflict, () => moderation.Act(Caller.Member(chair), Command(ModerationActionType.Decline, "b", expectedVersion: 1), null));
        Assert.Single((await moderation.Get(Caller.Member(chair))).Actions);
    }

    [Fact]
    public async Task A_retried_request_with_the_same_idempotency_key_applies_once()
    {
        var (s, chair, _, _) = await ClosedRound(fixture);
        var moderation = fixture.Client.Moderation(s.RoundId);
        var first = await moderation.Act(Caller.Member(chair), Command(ModerationActionType.Award, "a", amount: 25_000m), "key-1");
        var again = await moderation.Act(Caller.Member(chair), Command(ModerationActionType.Award, "a", amount: 25_000m), "key-1");
        Assert.Equal(first.ActionId, again.ActionId);
        Assert.Single(again.Moderation.Actions);
        // 25k partial + 30k request = 55k now fits under the 60k cap.
        Assert.Equal(55_000m, again.Moderation.List.FundedTotal);
    }

    [Fact]
    public async Task Confirmation_locks_the_round_and_a_cap_revision_reopens_it_for_a_second_decision()
    {
        var (s, chair, finance, scorer) = await ClosedRound(fixture);
        var moderation = fixture.Client.Moderation(s.RoundId);
        await moderation.Act(Caller.Member(chair), Command(ModerationActionType.SetFundingLine, afterBidId: "b"), null);

        await Refused.With(Refusal.Forbidden, () => moderation.Confirm(Caller.Member(chair), new ConfirmCommand(true, "ok", null), null));
        await Refused.With(Refusal.Conflict, () => moderation.Confirm(Caller.Member(finance), new ConfirmCommand(false, null, null), null));
        var decision = await moderation.Confirm(Caller.Member(finance), new ConfirmCommand(true, "Accepted by finance", null), null);
        Assert.Equal(1, decision.Number);
        Assert.Equal(10_000m, decision.OverCommitment);
        Assert.Equal(RoundStatus.Confirmed, (await s.Round.Get(Caller.Admin)).Status);
        await Refused.With(Refusal.Conflict, () => moderation.Act(Caller.Member(chair), Command(ModerationActionType.Decline, "a"), null));
        await Refused.With(Refusal.Conflict, () => s.Submit(scorer, "a", ("q", 9)));

        // The pot shrinks to 50k: walking the funded list up from the bottom, b (30k) no longer fits.
        var revision = await moderation.ReviseCap(Caller.Member(finance), new CapRevisionCommand(50_000m, "In-year reduction"));
        Assert.Equal(["b"], revision.NoLongerFit);
        Assert.Equal(RoundStatus.Moderation, (await s.Round.Get(Caller.Admin)).Status);

        await moderation.Act(Caller.Member(chair), Command(ModerationActionType.SetFundingLine, afterBidId: "a"), null);
        var second = await moderation.Confirm(Caller.Member(finance), new ConfirmCommand(false, null, null), null);
        Assert.Equal(2, second.Number);
        Assert.Equal(40_000m, second.FundedTotal);
        Assert.Equal(10_000m, second.Headroom);
        var first = await moderation.GetDecision(Caller.Admin, 1);
        Assert.Equal(70_000m, first.FundedTotal);
        Assert.Equal(60_000m, first.FundingCap);
    }

    [Fact]
    public async Task Moderation_actions_and_decisions_are_in_the_rounds_audit_trail()
    {
        var (s, chair, finance, _) = await ClosedRound(fixture);
        var moderation = fixture.Client.Moderation(s.RoundId);
        await moderation.Act(Caller.Member(chair), Command(ModerationActionType.Decline, "b", reason: "Not ready"), null);
        await moderation.Confirm(Caller.Member(finance), new ConfirmCommand(false, null, null), null);
        var audit = await s.Round.GetAudit(Caller.Admin);
        var declined = Assert.Single(audit, e => e.Action == "moderationAction");
        Assert.Equal(chair, declined.Actor);
        Assert.Equal("Not ready", declined.Why);
        Assert.Single(audit, e => e.Action == "decisionConfirmed" && e.Actor == finance);
        Assert.Single(audit, e => e.Action == "moderationStarted");
    }

    /// <summary>
    /// The moderation's journal replayed: after deactivation the grain holds the same actions,
    /// decisions, cap revisions, version and audit, and still remembers the idempotency keys.
    /// </summary>
    [Fact]
    public async Task Every_change_survives_deactivation_and_a_retry_after_it_still_applies_once()
    {
        var (s, chair, finance, _) = await ClosedRound(fixture);
        var moderation = fixture.Client.Moderation(s.RoundId);
        await moderation.Act(Caller.Member(chair), Command(ModerationActionType.SetFundingLine, afterBidId: "b"), "key-1");
        await moderation.Act(Caller.Member(chair), Command(ModerationActionType.Award, "b", amount: 25_000m, reason: "Partial"), null);
        await moderation.Confirm(Caller.Member(finance), new ConfirmCommand(true, "Accepted by finance", null), "key-2");
        await moderation.ReviseCap(Caller.Member(finance), new CapRevisionCommand(50_000m, "In-year reduction"));
        var before = await moderation.Get(Caller.Member(chair));
        var auditBefore = await moderation.GetAudit();

        await fixture.Cluster.DeactivateAsync((IAddressable)moderation);

        var after = await moderation.Get(Caller.Member(chair));
        Assert.Equal(5, after.Version); // started at 1, then two actions, a decision and a revision
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Actions, after.Actions);
        static string Revision(CapRevision r) =>
            $"{r.PreviousCap}|{r.FundingCap}|{r.Reason}|{r.RevisedBy}|{r.RevisedAt:O}|{r.FundedTotal}|{string.Join(",", r.NoLongerFit)}";
        Assert.Equal(before.CapRevisions.Select(Revision), after.CapRevisions.Select(Revision));
        Assert.Equal(["b"], after.CapRevisions.Single().NoLongerFit);
        Assert.Equal(before.Confirmed, after.Confirmed);
        Assert.Equal(before.List.Rows.Select(r => (r.Result.BidId, r.Award, r.Funded)), after.List.Rows.Select(r => (r.Result.BidId, r.Award, r.Funded)));
        // 40k for a, 25k partial for b: 65k against the revised 50k cap.
        Assert.Equal(65_000m, after.List.FundedTotal);
        Assert.Equal(auditBefore, await moderation.GetAudit());
        Assert.Equal(65_000m, (await moderation.GetDecision(Caller.Admin, 1)).FundedTotal); // confirmed after the partial award

        // The retried first action is recognised after the restart and applies nothing.
        var retried = await moderation.Act(Caller.Member(chair), Command(ModerationActionType.SetFundingLine, afterBidId: "b"), "key-1");
        Assert.Equal("a1", retried.ActionId);
        Assert.Equal(5, retried.Moderation.Version);
        var next = await moderation.Act(Caller.Member(chair), Command(ModerationActionType.Decline, "b", reason: "Too late"), null);
        Assert.Equal("a3", next.ActionId);
        Assert.Equal(6, next.Moderation.Version);
    }
}
