using System.Net;
using System.Text.Json.Nodes;
using static Prioritise.Api.Tests.Moderated;

namespace Prioritise.Api.Tests;

/// <summary>Finance's confirmation, the lock it puts on the round, and cap revisions leading to a new decision.</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class DecisionTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    [Fact]
    public async Task Confirming_over_the_cap_needs_an_explicit_acceptance_with_a_reason()
    {
        var m = await ModerationRound.Build(_api);
        await m.Take(new { type = "setFundingLine", afterBidId = "e", reason = "Fund all five" });
        var before = await m.Everything();

        // GBP 125k against GBP 100k: refused without acceptance.
        (await m.Confirm(new { acceptOverCommitment = false, reason = "Looks fine" })).Problem(HttpStatusCode.Conflict);
        (await m.Confirm(new { reason = "Looks fine" })).Problem(HttpStatusCode.Conflict);
        (await m.Confirm(new { })).Problem(HttpStatusCode.Conflict);
        // Accepted, but with no reason.
        (await m.Confirm(new { acceptOverCommitment = true })).Problem(HttpStatusCode.BadRequest, "reason");
        (await m.Confirm(new { acceptOverCommitment = true, reason = "  " })).Problem(HttpStatusCode.BadRequest, "reason");

        Assert.Equal(before, await m.Everything());
        Assert.Equal("moderation", await m.RoundStatus());
        Assert.Equal("open", (string?)(await m.Moderation())["status"]);
        (await _api.Get(m.Path("/decisions/1"), m.FinanceKey)).Problem(HttpStatusCode.NotFound);

        var confirmed = await m.Confirm(new { acceptOverCommitment = true, reason = "Non-recurrent money; the risk is understood" });
        confirmed.Is(HttpStatusCode.Created);
        var decision = confirmed.Json.AsObject();
        Assert.Equal(1, (int)decision["number"]!);
        Assert.True((bool)decision["overCommitmentAccepted"]!);
        Assert.Equal(m.FinanceId, (string?)decision["confirmedBy"]);
        Assert.Equal("Non-recurrent money; the risk is understood", (string?)decision["reason"]);
        Assert.Equal(100_000m, (decimal)decision["fundingCap"]!);
        Assert.Equal(125_000m, (decimal)decision["fundedTotal"]!);
        Assert.Equal(25_000m, (decimal)decision["overCommitment"]!);
        Assert.Equal(0m, (decimal)decision["headroom"]!);
        var rows = decision["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(["a", "b", "c", "d", "e"], rows.Select(r => (string)r["bidId"]!));
        Assert.Equal([40_000m, 70_000m, 90_000m, 100_000m, 125_000m], rows.Select(r => (decimal)r["cumulative"]!));

        Assert.Equal("confirmed", await m.RoundStatus());
        Assert.Equal("confirmed", (string?)(await m.Moderation())["status"]);
        var read = await _api.Get(m.Path("/decisions/1"), m.ChairKey);
        read.Is(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(decision, read.Json), $"GET /decisions/1 differs from the 201 body:{Environment.NewLine}{confirmed.Text}{Environment.NewLine}{read.Text}");
    }

    [Fact]
    public async Task After_confirmation_nothing_changes_until_a_lower_cap_reopens_moderation_for_decision_2()
    {
        var m = await ModerationRound.Build(_api);
        var (lineId, _) = await m.Take(new { type = "setFundingLine", afterBidId = "e", reason = "Fund all five" });
        (await m.Confirm(new { acceptOverCommitment = true, reason = "Accepted for this year" })).Is(HttpStatusCode.Created);
        var decision1 = await _api.Get(m.Path("/decisions/1"), _api.AdminKey);
        decision1.Is(HttpStatusCode.OK);
        var report1 = await _api.Get(m.Path("/report.csv?decision=1"), _api.AdminKey);
        report1.Is(HttpStatusCode.OK);
        var locked = await m.Everything();

        // Locked: no sheet, no moderation action, no second confirmation.
        (await _api.PutSheet(m.RoundId, "a", m.ScorerId, m.ScorerKey, new { scores = new { impact = 1, cost = 1 }, comment = "late", submit = true }))
            .Problem(HttpStatusCode.Conflict);
        (await _api.PutSheet(m.RoundId, "a", m.ScorerId, m.ScorerKey, new { scores = new { impact = 1 }, submit = false }))
            .Problem(HttpStatusCode.Conflict);
        (await m.Act(new { type = "move", bidId = "e", before = "a", reason = "Too late" })).Problem(HttpStatusCode.Conflict);
        (await m.Act(new { type = "condition", bidId = "a", text = "Too late" })).Problem(HttpStatusCode.Conflict);
        (await m.Act(new { type = "revert", actionId = lineId, reason = "Too late" })).Problem(HttpStatusCode.Conflict);
        (await m.Confirm(new { acceptOverCommitment = true, reason = "Again" })).Problem(HttpStatusCode.Conflict);
        Assert.Equal(locked, await m.Everything());

        // Only finance revises the cap, with a reason and a positive amount.
        (await _api.Post(m.Path("/cap-revisions"), m.ChairKey, new { fundingCap = 95_000m, reason = "Pot cut" })).Problem(HttpStatusCode.Forbidden);
        (await _api.Post(m.Path("/cap-revisions"), m.FinanceKey, new { fundingCap = 95_000m })).Problem(HttpStatusCode.BadRequest, "reason");
        (await _api.Post(m.Path("/cap-revisions"), m.FinanceKey, new { fundingCap = 0m, reason = "Pot gone" })).Problem(HttpStatusCode.BadRequest, "fundingCap");
        Assert.Equal(locked, await m.Everything());

        // GBP 95k: from the bottom of the funded list up, e (125k -> 100k) and d (100k -> 90k) no longer fit.
        var revised = await _api.Post(m.Path("/cap-revisions"), m.FinanceKey, new { fundingCap = 95_000m, reason = "In-year pressure on the pot" });
        Assert.True(revised.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"cap revision: {revised}");
        Assert.Equal(["e", "d"], revised.Json["noLongerFit"]!.AsArray().Select(x => (string)x!));
        Assert.Equal(100_000m, (decimal)revised.Json["previousCap"]!);
        Assert.Equal(95_000m, (decimal)revised.Json["fundingCap"]!);

        // Moderation is open again on the new cap; the chair's line still stands, now GBP 30k over.
        var reopened = await m.Moderation();
        Assert.Equal("open", (string?)reopened["status"]);
        Assert.Equal("moderation", await m.RoundStatus());
        AssertLine(reopened, ["a", "b", "c", "d", "e"], [("a", 40_000m), ("b", 70_000m), ("c", 90_000m), ("d", 100_000m), ("e", 125_000m)],
            fundedTotal: 125_000m, headroom: 0m, overCommitment: 30_000m);
        Assert.Equal(95_000m, (decimal)reopened["fundingCap"]!);

        // A further action works: without the chair's line the cap draws it: a 40k, b 70k, c 90k; d would be 100k.
        var (_, redrawn) = await m.Take(new { type = "revert", actionId = lineId, reason = "Back within the revised pot" });
        AssertLine(redrawn, ["a", "b", "c", "d", "e"], [("a", 40_000m), ("b", 70_000m), ("c", 90_000m)],
            fundedTotal: 90_000m, headroom: 5_000m, overCommitment: 0m);

        // Within the cap no acceptance is needed: decision 2.
        var confirmed = await m.Confirm(new { reason = "Within the revised pot" });
        confirmed.Is(HttpStatusCode.Created);
        Assert.Equal(2, (int)confirmed.Json["number"]!);
        Assert.False((bool)confirmed.Json["overCommitmentAccepted"]!);
        Assert.Equal(95_000m, (decimal)confirmed.Json["fundingCap"]!);
        Assert.Equal(90_000m, (decimal)confirmed.Json["fundedTotal"]!);
        Assert.Equal(5_000m, (decimal)confirmed.Json["headroom"]!);
        Assert.Equal(0m, (decimal)confirmed.Json["overCommitment"]!);
        Assert.Equal(["a", "b", "c"], confirmed.Json["rows"]!.AsArray().Where(r => (bool)r!["funded"]!).Select(r => (string)r!["bidId"]!));
        Assert.Equal("confirmed", await m.RoundStatus());

        // Decision 1 is as it was; both are listed; each report shows its own table.
        var again = await _api.Get(m.Path("/decisions/1"), _api.AdminKey);
        again.Is(HttpStatusCode.OK);
        Assert.Equal(decision1.Frozen(), again.Frozen());
        Assert.Equal("superseded", (string?)again.Json["status"]);
        var list = await _api.Get(m.Path("/decisions"), m.FinanceKey);
        list.Is(HttpStatusCode.OK);
        Assert.Equal([1, 2], list.Json.AsArray().Select(d => (int)d!["number"]!));
        var report1Again = await _api.Get(m.Path("/report.csv?decision=1"), _api.AdminKey);
        report1Again.Is(HttpStatusCode.OK);
        Assert.Equal(report1.Text, report1Again.Text);
        Assert.Equal(["40", "70", "90", "100", "125"], BoardTableReader.Csv(report1.Text).Rows.Select(r => r[6]));
        var report2 = await _api.Get(m.Path("/report.csv?decision=2"), _api.AdminKey);
        report2.Is(HttpStatusCode.OK);
        Assert.Equal(["40", "70", "90", "-", "-"], BoardTableReader.Csv(report2.Text).Rows.Select(r => r[6]));

        // And the round is locked again.
        (await m.Act(new { type = "move", bidId = "e", before = "a", reason = "Too late again" })).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_cap_revision_drops_a_joint_award_as_one_scheme()
    {
        var m = await ModerationRound.Build(_api);
        // b and c share GBP 40k (b 30/50 = 24,000, c 20/50 = 16,000); the group sits where b stood: a, b, c, d, e.
        await m.Take(new { type = "jointAward", bidIds = new[] { "b", "c" }, amount = 40_000m, reason = "One service" });
        var (_, listed) = await m.Take(new { type = "setFundingLine", afterBidId = "d", reason = "Down to d" });
        AssertLine(listed, ["a", "b", "c", "d", "e"], [("a", 40_000m), ("b", 64_000m), ("c", 80_000m), ("d", 90_000m)],
            fundedTotal: 90_000m, headroom: 10_000m, overCommitment: 0m);
        (await m.Confirm(new { reason = "Within the pot" })).Is(HttpStatusCode.Created);

        // GBP 70k: d goes (90k -> 80k), then the b+c group goes together (80k -> 40k).
        var revised = await _api.Post(m.Path("/cap-revisions"), m.FinanceKey, new { fundingCap = 70_000m, reason = "Pot halved in part" });
        Assert.True(revised.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"cap revision: {revised}");
        var dropped = revised.Json["noLongerFit"]!.AsArray().Select(x => (string)x!).ToList();
        Assert.Equal(3, dropped.Count);
        Assert.Equal("d", dropped[0]);
        Assert.Equal(["b", "c"], dropped.Skip(1).Order());
        Assert.Equal("open", (string?)(await m.Moderation())["status"]);
    }
}
