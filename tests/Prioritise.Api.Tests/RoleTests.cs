using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>Who may do what: admin, chair, finance and scorer, and the routes open to anyone.</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class RoleTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    [Fact]
    public async Task A_scorer_cannot_create_rounds_members_or_bids_or_appoint()
    {
        var c = await Committee.Build(_api, openScoring: false);
        var before = await _api.Snapshot(c.RoundId);
        var newId = TestIds.New("byscorer");

        foreach (var key in new[] { c.ScorerKey, c.ChairKey, c.FinanceKey })
        {
            (await _api.Post("/api/rounds", key, new
            {
                id = newId, name = "Mine", fundingCap = 1000, criteria = new[] { new { id = "a", name = "A", weight = 1 } },
            })).Problem(HttpStatusCode.Forbidden);
            (await _api.Post("/api/members", key, new { id = newId, name = "Friend", organisation = "Org" }))
                .Problem(HttpStatusCode.Forbidden);
            (await _api.Post($"/api/rounds/{c.RoundId}/bids", key, new
            {
                id = newId, title = "Mine", sponsoringOrganisation = "Org", amountRequested = 1000,
            })).Problem(HttpStatusCode.Forbidden);
            (await _api.Put($"/api/rounds/{c.RoundId}/committee/{c.Scorer2Id}", key, new { roles = new[] { "chair" } }))
                .Problem(HttpStatusCode.Forbidden);
            (await _api.Post($"/api/members/{c.Scorer2Id}/key", key)).Problem(HttpStatusCode.Forbidden);
        }

        Assert.Equal(before, await _api.Snapshot(c.RoundId));
        (await _api.Get($"/api/rounds/{newId}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
        (await _api.Get($"/api/members/{newId}", _api.AdminKey)).Is(HttpStatusCode.NotFound);
        // The second scorer's key still works: nobody reissued it.
        (await _api.Get($"/api/members/{c.Scorer2Id}", c.Scorer2Key)).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reissued_key_stops_the_old_one_at_once_even_straight_after_it_was_used()
    {
        var c = await Committee.Build(_api, openScoring: false);
        // Used just now, so the silo has it freshly confirmed (docs/security.md, verified keys).
        for (var i = 0; i < 3; i++)
            (await _api.Get($"/api/members/{c.Scorer2Id}", c.Scorer2Key)).Is(HttpStatusCode.OK);

        var reply = await _api.Post($"/api/members/{c.Scorer2Id}/key", _api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        var newKey = (string)reply.Json["apiKey"]!;

        (await _api.Get($"/api/members/{c.Scorer2Id}", c.Scorer2Key)).Problem(HttpStatusCode.Unauthorized);
        (await _api.Get($"/api/members/{c.Scorer2Id}", newKey)).Is(HttpStatusCode.OK);
        // Another member's key is untouched.
        (await _api.Get($"/api/members/{c.ScorerId}", c.ScorerKey)).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_scorer_reads_results_only_after_scoring_closes()
    {
        var c = await Committee.Build(_api);
        await _api.Submit(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, impact: 9, cost: 5);
        await _api.Submit(c.RoundId, c.BidId, c.Scorer2Id, c.Scorer2Key, impact: 5, cost: 9);
        var path = $"/api/rounds/{c.RoundId}/results";

        (await _api.Get(path, c.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"/api/rounds/{c.RoundId}/audit", c.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"/api/rounds/{c.RoundId}/committee", c.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        // Blind while scoring: the chair and finance see progress only, not results.
        (await _api.Get(path, c.ChairKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get(path, c.FinanceKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get(path, _api.AdminKey)).Is(HttpStatusCode.OK);

        await _api.CloseScoring(c.RoundId, c.ChairKey);

        var results = await _api.Get(path, c.ScorerKey);
        results.Is(HttpStatusCode.OK);
        var bid = results.Json["bids"]!.AsArray().Single()!;
        // (3*9 + 5)/4 = 8.0 and (3*5 + 9)/4 = 6.0: mean 7.0, SD sqrt(2).
        Assert.Equal(7.0, (double)bid["weightedMean"]!, 1e-12);
        Assert.Equal(Math.Sqrt(2), (double)bid["standardDeviation"]!, 1e-12);
        Assert.Equal(2, (int)bid["sheets"]!);
        Assert.Equal("High", (string?)bid["agreement"]);
        // Still not the audit or the committee.
        (await _api.Get($"/api/rounds/{c.RoundId}/audit", c.ScorerKey)).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_member_reads_only_their_own_sheet_and_profile()
    {
        var c = await Committee.Build(_api);
        await _api.Submit(c.RoundId, c.BidId, c.Scorer2Id, c.Scorer2Key, impact: 4, cost: 4);

        (await _api.Get(c.SheetPath(c.Scorer2Id), c.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get(c.SheetPath(c.Scorer2Id), c.ChairKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get(c.SheetPath(c.Scorer2Id), c.FinanceKey)).Problem(HttpStatusCode.Forbidden);
        var own = await _api.Get(c.SheetPath(c.Scorer2Id), c.Scorer2Key);
        own.Is(HttpStatusCode.OK);
        Assert.Equal(4, (int)own.Json["scores"]!["impact"]!);

        (await _api.Get($"/api/members/{c.Scorer2Id}", c.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"/api/members/{c.ScorerId}", c.ScorerKey)).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_a_chair_or_an_admin_opens_and_closes_scoring()
    {
        var c = await Committee.Build(_api, openScoring: false);
        var outsiderId = TestIds.New("outsider");
        var outsiderKey = await _api.CreateMember(outsiderId, "Outside Org");
        var open = $"/api/rounds/{c.RoundId}/open-scoring";
        var close = $"/api/rounds/{c.RoundId}/close-scoring";

        foreach (var key in new[] { c.ScorerKey, c.FinanceKey })
            (await _api.Post(open, key)).Problem(HttpStatusCode.Forbidden);
        (await _api.Post(open, outsiderKey)).Problem(HttpStatusCode.NotFound);
        Assert.Equal("setup", await Status(c.RoundId));

        var opened = await _api.Post(open, c.ChairKey);
        opened.Is(HttpStatusCode.OK);
        Assert.Equal("scoring", (string?)opened.Json["status"]);

        foreach (var key in new[] { c.ScorerKey, c.FinanceKey })
            (await _api.Post(close, key)).Problem(HttpStatusCode.Forbidden);
        (await _api.Post(close, outsiderKey)).Problem(HttpStatusCode.NotFound);
        Assert.Equal("scoring", await Status(c.RoundId));

        (await _api.Post(close, c.ChairKey)).Is(HttpStatusCode.OK);
        Assert.Equal("moderation", await Status(c.RoundId));

        // And an admin may do both, on another round.
        var other = await Committee.Build(_api, openScoring: false);
        await _api.OpenScoring(other.RoundId);
        await _api.CloseScoring(other.RoundId);
        Assert.Equal("moderation", await Status(other.RoundId));
    }

    private async Task<string?> Status(string roundId)
    {
        var round = await _api.Get($"/api/rounds/{roundId}", _api.AdminKey);
        round.Is(HttpStatusCode.OK);
        return (string?)round.Json["status"];
    }

    [Fact]
    public async Task A_member_outside_the_committee_cannot_see_the_round_or_learn_that_it_exists()
    {
        var c = await Committee.Build(_api);
        var outsiderId = TestIds.New("outsider");
        var outsiderKey = await _api.CreateMember(outsiderId, "Outside Org");
        (await _api.Get($"/api/rounds/{c.RoundId}", outsiderKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get($"/api/rounds/{c.RoundId}/bids", outsiderKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get($"/api/rounds/{c.RoundId}/results", outsiderKey)).Problem(HttpStatusCode.NotFound);
        (await _api.PutSheet(c.RoundId, c.BidId, outsiderId, outsiderKey,
            new { scores = new { impact = 5, cost = 5 }, submit = true })).Problem(HttpStatusCode.NotFound);
        var rounds = await _api.Get("/api/rounds", outsiderKey);
        rounds.Is(HttpStatusCode.OK);
        Assert.Empty(rounds.Json.AsArray());
    }

    [Fact]
    public async Task Health_works_without_a_key()
    {
        var reply = await _api.Get("/health", key: null);
        reply.Is(HttpStatusCode.OK);
        Assert.Equal("ok", (string?)reply.Json["status"]);
    }

    [Fact]
    public async Task OpenApi_document_is_served_and_lists_the_contract_routes()
    {
        var reply = await _api.Get("/openapi/v1.json", key: null);
        reply.Is(HttpStatusCode.OK);
        var paths = reply.Json["paths"]!.AsObject();
        Assert.True(paths["/api/rounds/{r}/results"]?["get"] is JsonObject, $"no GET /api/rounds/{{r}}/results in {string.Join(", ", paths.Select(p => p.Key))}");
        foreach (var path in new[]
                 {
                     "/health", "/api/members", "/api/members/{id}", "/api/rounds", "/api/rounds/{r}",
                     "/api/rounds/{r}/committee/{memberId}", "/api/rounds/{r}/committee", "/api/rounds/{r}/bids",
                     "/api/rounds/{r}/open-scoring", "/api/rounds/{r}/close-scoring", "/api/rounds/{r}/conflicts",
                     "/api/rounds/{r}/bids/{b}/sheets/{memberId}", "/api/rounds/{r}/audit",
                 })
            Assert.True(paths.ContainsKey(path), $"OpenAPI lacks {path}");
    }
}
