using Prioritise.Domain;
using Prioritise.Domain.Audit;

namespace Prioritise.Grains.Tests;

/// <summary>One sheet per member per bid: a new submission replaces the old (kept in the audit); drafts count for nothing.</summary>
[Collection(ClusterCollection.Name)]
public class SheetReplacementTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Submitting_again_replaces_the_sheet_and_the_audit_keeps_both()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(100_000m, ("a", 2m), ("b", 1m));
        var scorer = await s.Scorer("s1");
        var other = await s.Scorer("s2");
        await s.AddBid("bid", "Bid", 2_000m);
        await s.Round.OpenScoring(Caller.Admin);

        await s.Submit(other, "bid", ("a", 6), ("b", 6));                 // T = 6
        var first = await s.Submit(scorer, "bid", ("a", 3), ("b", 3));    // T = 3
        Assert.Equal(1, first.Current.Revision);
        Assert.Equal(4.5, Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid").WeightedMean!.Value, 1e-9);

        var second = await s.Submit(scorer, "bid", ("a", 9), ("b", 6));   // T = (18 + 6) / 3 = 8
        Assert.Equal(2, second.Current.Revision);
        Assert.True(second.Current.Submitted);
        Assert.Equal(2, second.Submitted!.Revision);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 9, ["b"] = 6 }, second.Submitted.Scores);

        var row = Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid");
        Assert.Equal(2, row.Sheets);                                       // replaced, not added
        Assert.Equal(7.0, row.WeightedMean!.Value, 1e-9);                  // (6 + 8) / 2
        Assert.Equal(Math.Sqrt(2.0), row.StandardDeviation!.Value, 1e-9);  // deviations -1, +1, n-1 = 1
        Assert.Equal(7.5, row.CriterionMeans["a"], 1e-9);                  // (6 + 9) / 2
        Assert.Equal(6.0, row.CriterionMeans["b"], 1e-9);
        Assert.Equal(3.5, row.ValuePerThousand!.Value, 1e-9);              // 7 / 2

        var audit = await s.Round.GetAudit(Caller.Admin);
        var mine = audit.Where(e => e.MemberId == scorer && e.BidId == "bid").ToList();
        Assert.Equal([AuditActions.SheetSubmitted, AuditActions.SheetReplaced], mine.Select(e => e.Action).ToArray());
        Assert.All(mine, e => Assert.Equal(scorer, e.Actor));
        Assert.Contains("a=3", mine[0].What);
        Assert.Contains("a=9", mine[1].What);
        Assert.Contains("was a=3, b=3", mine[1].What);
        Assert.True(mine[0].At <= mine[1].At);
    }

    [Fact]
    public async Task A_draft_may_be_partial_and_counts_for_nothing()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(100_000m, ("a", 1m), ("b", 1m), ("c", 1m));
        var submitter = await s.Scorer("sub");
        var drafter = await s.Scorer("draft");
        await s.AddBid("bid", "Bid", 1_000m);
        await s.Round.OpenScoring(Caller.Admin);

        await s.Submit(submitter, "bid", ("a", 2), ("b", 3), ("c", 4));   // T = 3
        var draft = await s.Draft(drafter, "bid", ("a", 10));               // partial, allowed as a draft
        Assert.False(draft.Current.Submitted);
        Assert.Null(draft.Submitted);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 10 }, draft.Current.Scores);

        var row = Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid");
        Assert.Equal(1, row.Sheets);
        Assert.Equal(3.0, row.WeightedMean!.Value, 1e-9);

        // A draft over a submitted sheet: the member sees the draft, results keep the submitted sheet.
        await s.Draft(submitter, "bid", ("a", 10), ("b", 10), ("c", 10));
        var view = await s.Bid("bid").GetSheet(Caller.Member(submitter), submitter);
        Assert.False(view.Current.Submitted);
        Assert.Equal(10, view.Current.Scores["a"]);
        Assert.Equal(2, view.Submitted!.Scores["a"]);
        Assert.Equal(3.0, Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid").WeightedMean!.Value, 1e-9);

        var audit = await s.Round.GetAudit(Caller.Admin);
        Assert.Equal([AuditActions.DraftSaved], audit.Where(e => e.MemberId == drafter && e.BidId == "bid").Select(e => e.Action).ToArray());
    }

    [Fact]
    public async Task A_submitted_sheet_missing_a_criterion_is_refused_as_invalid_and_changes_nothing()
    {
        var s = new Scenario(fixture.Client);
        await s.CreateRound(100_000m, ("a", 1m), ("b", 1m), ("c", 1m));
        var scorer = await s.Scorer("s1");
        await s.AddBid("bid", "Bid", 1_000m);
        await s.Round.OpenScoring(Caller.Admin);
        await s.Submit(scorer, "bid", ("a", 5), ("b", 5), ("c", 5));

        var e = await Refused.With(Refusal.Invalid, () => s.Submit(scorer, "bid", ("a", 9), ("b", 9)));
        Assert.Equal(["scores.c"], e.Errors.Keys.ToArray());

        e = await Refused.With(Refusal.Invalid, () => s.Submit(scorer, "bid", ("a", 0), ("b", 9), ("c", 9)));
        Assert.Equal(["scores.a"], e.Errors.Keys.ToArray());

        var row = Scenario.Row(await s.Round.GetResults(Caller.Admin), "bid");
        Assert.Equal(5.0, row.WeightedMean!.Value, 1e-9);
        var audit = await s.Round.GetAudit(Caller.Admin);
        Assert.Single(audit, a => a.MemberId == scorer && a.BidId == "bid");
    }
}
