using System.Net;
using static Prioritise.Api.Tests.Moderated;

namespace Prioritise.Api.Tests;

/// <summary>Who may read moderation, act, confirm and revise the cap; keys, unknown ids and the round's state.</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class ModerationRoleTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    private static readonly object Move = new { type = "move", bidId = "e", before = "a", reason = "Quick win" };

    [Fact]
    public async Task Only_the_chair_acts_only_finance_confirms_and_the_admin_only_reads()
    {
        var m = await ModerationRound.Build(_api);
        var outsiderId = TestIds.New("outsider");
        var outsiderKey = await _api.CreateMember(outsiderId, "Outside Org");
        var before = await m.Everything();

        // Actions: the chair's alone.
        foreach (var key in new[] { m.ScorerKey, m.FinanceKey, _api.AdminKey })
            (await m.Act(Move, key)).Problem(HttpStatusCode.Forbidden);
        // An outsider is told there is no such round, on every route.
        (await m.Act(Move, outsiderKey)).Problem(HttpStatusCode.NotFound);
        // Confirmation: finance's alone.
        foreach (var key in new[] { m.ChairKey, m.ScorerKey, _api.AdminKey })
            (await m.Confirm(new { acceptOverCommitment = false, reason = "Confirm" }, key)).Problem(HttpStatusCode.Forbidden);
        (await m.Confirm(new { acceptOverCommitment = false, reason = "Confirm" }, outsiderKey)).Problem(HttpStatusCode.NotFound);
        // Cap revisions: finance's alone.
        foreach (var key in new[] { m.ChairKey, m.ScorerKey, _api.AdminKey })
            (await _api.Post(m.Path("/cap-revisions"), key, new { fundingCap = 50_000m, reason = "Pot cut" })).Problem(HttpStatusCode.Forbidden);
        (await _api.Post(m.Path("/cap-revisions"), outsiderKey, new { fundingCap = 50_000m, reason = "Pot cut" })).Problem(HttpStatusCode.NotFound);
        // Reading: chair, finance and admin, not a scorer (403) or an outsider (404).
        (await _api.Get(m.Path("/moderation"), m.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get(m.Path("/decisions"), m.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get(m.Path("/moderation"), outsiderKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get(m.Path("/decisions"), outsiderKey)).Problem(HttpStatusCode.NotFound);
        Assert.Equal(before, await m.Everything());

        var chairView = List(await m.Moderation(m.ChairKey));
        Assert.Equal(chairView, List(await m.Moderation(m.FinanceKey)));
        Assert.Equal(chairView, List(await m.Moderation(_api.AdminKey)));

        // The refusals were about who, not when: the chair and finance go ahead.
        var (_, moved) = await m.Take(Move, m.ChairKey);
        Assert.Equal("e", Order(moved)[0]);
        // e 25k, a 65k, b 95k; c 115k misses: GBP 95k within the cap, so no acceptance is needed.
        (await m.Confirm(new { reason = "Within the pot" }, m.FinanceKey)).Is(HttpStatusCode.Created);

        // A decision is read by chair, finance and admin, not by a scorer.
        foreach (var key in new[] { m.ChairKey, m.FinanceKey, _api.AdminKey })
            (await _api.Get(m.Path("/decisions/1"), key)).Is(HttpStatusCode.OK);
        (await _api.Get(m.Path("/decisions/1"), m.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get(m.Path("/report.csv"), m.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get(m.Path("/report.csv"), m.ChairKey)).Is(HttpStatusCode.OK);
        (await _api.Get(m.Path("/report.csv"), m.FinanceKey)).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task No_key_or_a_bad_key_is_401_and_changes_nothing()
    {
        var m = await ModerationRound.Build(_api);
        var before = await m.Everything();
        foreach (var key in new[] { null, "not-a-key", m.ChairId + ".wrong-secret" })
        {
            (await _api.Get(m.Path("/moderation"), key)).Problem(HttpStatusCode.Unauthorized);
            (await _api.Post(m.Path("/moderation/actions"), key, Move)).Problem(HttpStatusCode.Unauthorized);
            (await _api.Post(m.Path("/decisions"), key, new { reason = "x" })).Problem(HttpStatusCode.Unauthorized);
            (await _api.Get(m.Path("/decisions"), key)).Problem(HttpStatusCode.Unauthorized);
            (await _api.Post(m.Path("/cap-revisions"), key, new { fundingCap = 50_000m, reason = "x" })).Problem(HttpStatusCode.Unauthorized);
            (await _api.Get(m.Path("/report.csv"), key)).Problem(HttpStatusCode.Unauthorized);
        }
        Assert.Equal(before, await m.Everything());
    }

    [Fact]
    public async Task Unknown_round_decision_or_bid_is_404()
    {
        var missing = $"/api/rounds/{TestIds.New("nosuchround")}";
        (await _api.Get($"{missing}/moderation", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get($"{missing}/decisions", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get($"{missing}/decisions/1", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get($"{missing}/report.csv", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get($"{missing}/report.md", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get($"{missing}/report.xlsx", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get($"{missing}/moderation", "not-a-key")).Problem(HttpStatusCode.Unauthorized);

        var m = await ModerationRound.Build(_api);
        (await _api.Get(m.Path("/decisions/1"), m.FinanceKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get(m.Path("/report.csv?decision=1"), m.FinanceKey)).Problem(HttpStatusCode.NotFound);
        var before = await m.ModerationText();
        (await m.Act(new { type = "award", bidId = "nosuchbid", amount = 1_000m, reason = "x" })).Problem(HttpStatusCode.NotFound);
        (await m.Act(new { type = "decline", bidId = "nosuchbid", reason = "x" })).Problem(HttpStatusCode.NotFound);
        (await m.Act(new { type = "setFundingLine", afterBidId = "nosuchbid", reason = "x" })).Problem(HttpStatusCode.NotFound);
        Assert.Equal(before, await m.ModerationText());
    }

    [Fact]
    public async Task Moderation_before_scoring_closes_is_409()
    {
        var m = await ModerationRound.Build(_api, closeScoring: false);
        Assert.Equal("scoring", await m.RoundStatus());
        var before = await _api.Snapshot(m.RoundId);

        (await _api.Get(m.Path("/moderation"), m.ChairKey)).Problem(HttpStatusCode.Conflict);
        (await _api.Get(m.Path("/moderation"), _api.AdminKey)).Problem(HttpStatusCode.Conflict);
        (await m.Act(Move)).Problem(HttpStatusCode.Conflict);
        (await m.Confirm(new { reason = "Too early" })).Problem(HttpStatusCode.Conflict);
        (await _api.Post(m.Path("/cap-revisions"), m.FinanceKey, new { fundingCap = 50_000m, reason = "Too early" })).Problem(HttpStatusCode.Conflict);
        Assert.Equal(before, await _api.Snapshot(m.RoundId));
        Assert.Equal("scoring", await m.RoundStatus());

        // Once scoring closes the same requests work.
        await _api.CloseScoring(m.RoundId, m.ChairKey);
        Assert.Equal("open", (string?)(await m.Moderation())["status"]);
        await m.Take(Move);
    }
}
