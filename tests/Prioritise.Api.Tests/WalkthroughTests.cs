using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>The README-style walk through, request by request, as curl would do it.</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class WalkthroughTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    [Fact]
    public async Task Member_key_is_shown_once_and_never_read_back()
    {
        var id = TestIds.New("alice");
        var created = await _api.Post("/api/members", _api.AdminKey, new
        {
            id,
            name = "Alice Example",
            organisation = "Example Trust",
            interests = new[] { new { organisation = "Example Charity", type = "nonPecuniary", description = "Trustee" } },
        });
        created.Is(HttpStatusCode.Created);
        Assert.Equal(id, (string?)created.Json["id"]);
        var key = (string)created.Json["apiKey"]!;
        Assert.StartsWith(id + ".", key);
        Assert.True(key.Length > id.Length + 20, "the key is too short to be a secret");
        Assert.EndsWith($"/api/members/{id}", created.Location?.ToString());
        var secret = key[(id.Length + 1)..];

        foreach (var reader in new[] { _api.AdminKey, key })
        {
            var profile = await _api.Get($"/api/members/{id}", reader);
            profile.Is(HttpStatusCode.OK);
            Assert.Equal(id, (string?)profile.Json["id"]);
            Assert.Equal("Alice Example", (string?)profile.Json["name"]);
            Assert.Equal("Example Trust", (string?)profile.Json["organisation"]);
            var interest = profile.Json["interests"]!.AsArray().Single()!;
            Assert.Equal("Example Charity", (string?)interest["organisation"]);
            Assert.Equal("nonPecuniary", (string?)interest["type"]);
            Assert.DoesNotContain(secret, profile.Text);
            Assert.DoesNotContain("apiKey", profile.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("hash", profile.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Admin_sets_up_a_round_members_score_chair_closes_and_results_show_the_hand_computed_mean()
    {
        var round = TestIds.New("walk");
        var ann = TestIds.New("ann");
        var bob = TestIds.New("bob");
        var chair = TestIds.New("chair");

        var annKey = await _api.CreateMember(ann, "Ann's Practice");
        var bobKey = await _api.CreateMember(bob, "Bob's Council");
        var chairKey = await _api.CreateMember(chair, "The CCG");

        var created = await _api.Post("/api/rounds", _api.AdminKey, new
        {
            id = round,
            name = "Walk-through round",
            fundingCap = 100_000,
            criteria = new[]
            {
                new { id = "impact", name = "Impact", weight = 3 },
                new { id = "cost", name = "Cost", weight = 1 },
            },
        });
        created.Is(HttpStatusCode.Created);
        Assert.Equal("setup", (string?)created.Json["status"]);
        Assert.Equal(1, (int)created.Json["scale"]!["min"]!);
        Assert.Equal(10, (int)created.Json["scale"]!["max"]!);
        Assert.Equal(2.25, (double)created.Json["agreement"]!["highBelow"]!);
        Assert.Equal(2.95, (double)created.Json["agreement"]!["mediumBelow"]!);
        Assert.Equal("stopAtFirstMiss", (string?)created.Json["fundingLinePolicy"]);

        var seat = await _api.Put($"/api/rounds/{round}/committee/{ann}", _api.AdminKey, new { roles = new[] { "scorer" } });
        seat.Is(HttpStatusCode.OK);
        Assert.Equal(ann, (string?)seat.Json["memberId"]);
        Assert.Equal(["scorer"], seat.Json["roles"]!.AsArray().Select(r => (string)r!));
        await _api.Appoint(round, bob, "scorer");
        await _api.Appoint(round, chair, "chair");

        var bid = await _api.Post($"/api/rounds/{round}/bids", _api.AdminKey, new
        {
            id = "clinic",
            title = "Evening clinic",
            workstream = "Planned Care",
            sponsoringOrganisation = "Riverside Trust",
            amountRequested = 26_000.50m,
            summary = "Evening sessions.",
        });
        bid.Is(HttpStatusCode.Created);
        Assert.Equal(26_000.50m, (decimal)bid.Json["amountRequested"]!);
        Assert.Equal(["Riverside Trust"], bid.Json["recipientOrganisations"]!.AsArray().Select(r => (string)r!));
        await _api.AddBid(round, "unscored", 10_000m, title: "Nobody scored this");

        var opened = await _api.Post($"/api/rounds/{round}/open-scoring", _api.AdminKey);
        opened.Is(HttpStatusCode.OK);
        Assert.Equal("scoring", (string?)opened.Json["status"]);

        // Ann saves a partial draft, then submits; Bob submits at once.
        var draft = await _api.PutSheet(round, "clinic", ann, annKey, new { scores = new { impact = 5 }, comment = "thinking", submit = false });
        draft.Is(HttpStatusCode.OK);
        Assert.False((bool)draft.Json["submitted"]!);
        var sheet = await _api.PutSheet(round, "clinic", ann, annKey, new { scores = new { impact = 8, cost = 4 }, comment = "Good value", submit = true });
        sheet.Is(HttpStatusCode.OK);
        Assert.True((bool)sheet.Json["submitted"]!);
        await _api.Submit(round, "clinic", bob, bobKey, impact: 6, cost: 6);

        var own = await _api.Get($"/api/rounds/{round}/bids/clinic/sheets/{ann}", annKey);
        own.Is(HttpStatusCode.OK);
        Assert.Equal(8, (int)own.Json["scores"]!["impact"]!);
        Assert.Equal(4, (int)own.Json["scores"]!["cost"]!);
        Assert.Equal("Good value", (string?)own.Json["comment"]);

        var committee = await _api.Get($"/api/rounds/{round}/committee", chairKey);
        committee.Is(HttpStatusCode.OK);
        var annProgress = committee.Json.AsArray().Single(m => (string?)m!["memberId"] == ann)!["progress"]!;
        Assert.Equal(1, (int)annProgress["submitted"]!);
        Assert.Equal(2, (int)annProgress["expected"]!);

        var closed = await _api.Post($"/api/rounds/{round}/close-scoring", chairKey);
        closed.Is(HttpStatusCode.OK);
        Assert.Equal("moderation", (string?)closed.Json["status"]);

        var results = await _api.Get($"/api/rounds/{round}/results", chairKey);
        results.Is(HttpStatusCode.OK);
        var rows = results.Json["bids"]!.AsArray().Select(b => b!.AsObject()).ToList();
        Assert.Equal(["clinic", "unscored"], rows.Select(r => (string)r["bidId"]!));

        // By hand: Ann (3*8 + 1*4)/4 = 7.0; Bob (3*6 + 1*6)/4 = 6.0; mean 6.5; sample SD sqrt(0.5).
        var clinic = rows[0];
        Assert.Equal(2, (int)clinic["sheets"]!);
        Assert.Equal(6.5, (double)clinic["weightedMean"]!, 1e-12);
        Assert.Equal(Math.Sqrt(0.5), (double)clinic["standardDeviation"]!, 1e-12);
        Assert.Equal("High", (string?)clinic["agreement"]);
        Assert.Equal(6.5 / 26.0005, (double)clinic["valuePerThousand"]!, 1e-12);
        Assert.Equal(7.0, (double)clinic["criterionMeans"]!["impact"]!, 1e-12);
        Assert.Equal(5.0, (double)clinic["criterionMeans"]!["cost"]!, 1e-12);
        Assert.Equal(1, (int)clinic["rank"]!);
        Assert.True((bool)clinic["funded"]!);
        Assert.Equal(26_000.50m, (decimal)clinic["cumulative"]!);
        Assert.Equal("6.5", (string?)clinic["display"]!["weightedMean"]);
        Assert.Equal("0.7", (string?)clinic["display"]!["standardDeviation"]);
        Assert.Equal("0.25", (string?)clinic["display"]!["valuePerThousand"]);

        var unscored = rows[1];
        Assert.Equal(0, (int)unscored["sheets"]!);
        Assert.Null(unscored["weightedMean"]);
        Assert.False((bool)unscored["funded"]!);
        Assert.Equal(26_000.50m, (decimal)results.Json["fundedTotal"]!);

        // The audit tells the story in order.
        var audit = await _api.Get($"/api/rounds/{round}/audit", chairKey);
        audit.Is(HttpStatusCode.OK);
        var actions = audit.Json.AsArray().Select(e => (string)e!["action"]!).ToList();
        Assert.Equal("roundCreated", actions[0]);
        // Closing scoring starts the moderation session on the ranking as it stood.
        Assert.Equal(["scoringClosed", "moderationStarted"], actions[^2..]);
        Assert.Equal(2, actions.Count(a => a == "sheetSubmitted"));
        Assert.Contains("draftSaved", actions);
        Assert.Equal(Enumerable.Range(1, actions.Count), audit.Json.AsArray().Select(e => (int)e!["position"]!));
    }
}
