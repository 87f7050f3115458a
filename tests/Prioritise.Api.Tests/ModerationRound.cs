using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>
/// A small round of its own, scored and closed, so it sits in moderation: two scorers, a chair and
/// a finance member (and a second chair for the concurrency tests), cap GBP 100,000.
/// Bids (id, request, the score both scorers give on both criteria, so each scorer's total is that score):
///   a 40,000 (9), b 30,000 (8), c 20,000 (7), d 10,000 (6), e 25,000 (5).
/// Ranked a, b, c, d, e; by hand the cap line (stopAtFirstMiss) funds a 40k, b 70k, c 90k, d 100k
/// (exactly the cap) and stops at e (125k).
/// </summary>
public sealed record ModerationRound(
    ApiClient ApiClient, string RoundId,
    string ScorerId, string ScorerKey, string Scorer2Id, string Scorer2Key,
    string ChairId, string ChairKey, string Chair2Id, string Chair2Key,
    string FinanceId, string FinanceKey)
{
    public const decimal Cap = 100_000m;

    public static readonly (string Id, decimal Amount, int Score)[] Bids =
    [
        ("a", 40_000m, 9),
        ("b", 30_000m, 8),
        ("c", 20_000m, 7),
        ("d", 10_000m, 6),
        ("e", 25_000m, 5),
    ];

    /// <param name="closeScoring">false: leave the round in scoring (sheets submitted, not closed).</param>
    /// <param name="bids">Other bids than <see cref="Bids"/> (id, request, score, title); their titles are "Bid {id}" otherwise.</param>
    /// <param name="cap">Another funding cap than <see cref="Cap"/>.</param>
    public static async Task<ModerationRound> Build(ApiClient api, bool closeScoring = true,
        IReadOnlyList<(string Id, decimal Amount, int Score, string Title)>? bids = null, decimal cap = Cap)
    {
        bids ??= Bids.Select(b => (b.Id, b.Amount, b.Score, $"Bid {b.Id}")).ToList();
        var round = TestIds.New("mod");
        var scorer = TestIds.New("scorer");
        var scorer2 = TestIds.New("scorer2");
        var chair = TestIds.New("chair");
        var chair2 = TestIds.New("cochair");
        var finance = TestIds.New("finance");
        var scorerKey = await api.CreateMember(scorer, $"Org of {scorer}");
        var scorer2Key = await api.CreateMember(scorer2, $"Org of {scorer2}");
        var chairKey = await api.CreateMember(chair, $"Org of {chair}");
        var chair2Key = await api.CreateMember(chair2, $"Org of {chair2}");
        var financeKey = await api.CreateMember(finance, $"Org of {finance}");
        await api.CreateRound(round, cap);
        await api.Appoint(round, scorer, "scorer");
        await api.Appoint(round, scorer2, "scorer");
        await api.Appoint(round, chair, "chair");
        await api.Appoint(round, chair2, "chair");
        await api.Appoint(round, finance, "finance");
        foreach (var (id, amount, _, title) in bids) await api.AddBid(round, id, amount, title: title);
        await api.OpenScoring(round, chairKey);
        foreach (var (id, _, score, _) in bids)
        {
            await api.Submit(round, id, scorer, scorerKey, impact: score, cost: score);
            await api.Submit(round, id, scorer2, scorer2Key, impact: score, cost: score);
        }
        if (closeScoring) await api.CloseScoring(round, chairKey);
        return new ModerationRound(api, round, scorer, scorerKey, scorer2, scorer2Key, chair, chairKey, chair2, chair2Key, finance, financeKey);
    }

    public string Path(string tail = "") => $"/api/rounds/{RoundId}{tail}";

    public Task<Reply> Act(object body, string? key = null, string? idempotencyKey = null) =>
        ApiClient.Act(RoundId, key ?? ChairKey, body, idempotencyKey);

    /// <summary>An action the chair takes that must succeed: 201 {actionId, moderation}.</summary>
    public async Task<(string ActionId, JsonObject Moderation)> Take(object body, string? key = null)
    {
        var reply = await Act(body, key);
        reply.Is(HttpStatusCode.Created);
        var actionId = (string?)reply.Json["actionId"];
        Assert.False(string.IsNullOrWhiteSpace(actionId), $"no actionId: {reply}");
        Assert.True(reply.Json["moderation"] is JsonObject, $"no moderation object: {reply}");
        return (actionId!, reply.Json["moderation"]!.AsObject());
    }

    public async Task<JsonObject> Moderation(string? key = null)
    {
        var reply = await ApiClient.Get(Path("/moderation"), key ?? ChairKey);
        reply.Is(HttpStatusCode.OK);
        return reply.Json.AsObject();
    }

    /// <summary>The moderation as the admin reads it, byte for byte: to show a refusal changed nothing.</summary>
    public async Task<string> ModerationText()
    {
        var reply = await ApiClient.Get(Path("/moderation"), ApiClient.AdminKey);
        reply.Is(HttpStatusCode.OK);
        return reply.Text;
    }

    /// <summary>Moderation, decisions, round, bids and audit as the admin reads them.</summary>
    public async Task<string> Everything()
    {
        var parts = new List<string> { await ModerationText(), await ApiClient.Snapshot(RoundId) };
        var decisions = await ApiClient.Get(Path("/decisions"), ApiClient.AdminKey);
        decisions.Is(HttpStatusCode.OK);
        parts.Add(decisions.Text);
        return string.Join("\n", parts);
    }

    public Task<Reply> Confirm(object body, string? key = null) => ApiClient.Post(Path("/decisions"), key ?? FinanceKey, body);

    public async Task<string?> RoundStatus()
    {
        var reply = await ApiClient.Get(Path(), ApiClient.AdminKey);
        reply.Is(HttpStatusCode.OK);
        return (string?)reply.Json["status"];
    }
}

/// <summary>Reading the moderated list.</summary>
public static class Moderated
{
    public static List<JsonObject> Rows(JsonObject moderation) =>
        moderation["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();

    public static JsonObject Row(JsonObject moderation, string bidId) =>
        Rows(moderation).SingleOrDefault(r => (string?)r["bidId"] == bidId)
        ?? throw new InvalidOperationException($"no row {bidId} in {moderation.ToJsonString()}");

    public static List<string> Order(JsonObject moderation) => Rows(moderation).Select(r => (string)r["bidId"]!).ToList();

    public static List<string> Funded(JsonObject moderation) =>
        Rows(moderation).Where(r => (bool)r["funded"]!).Select(r => (string)r["bidId"]!).ToList();

    public static decimal? Cumulative(JsonObject moderation, string bidId) => (decimal?)Row(moderation, bidId)["cumulative"];

    public static decimal Award(JsonObject moderation, string bidId) => (decimal)Row(moderation, bidId)["award"]!;

    public static int ActionCount(JsonObject moderation) => moderation["actions"]!.AsArray().Count;

    public static long Version(JsonObject moderation) => (long)moderation["version"]!;

    /// <summary>The list part only (rows and totals), without actions or version, to compare two states of the list.</summary>
    public static string List(JsonObject moderation) =>
        new JsonObject
        {
            ["fundingCap"] = moderation["fundingCap"]!.DeepClone(),
            ["fundedTotal"] = moderation["fundedTotal"]!.DeepClone(),
            ["headroom"] = moderation["headroom"]!.DeepClone(),
            ["overCommitment"] = moderation["overCommitment"]!.DeepClone(),
            ["rows"] = moderation["rows"]!.DeepClone(),
        }.ToJsonString();

    /// <summary>Asserts the order, and that cumulative funding runs over exactly the funded bids given.</summary>
    public static void AssertLine(JsonObject moderation, string[] order, (string BidId, decimal Cumulative)[] funded,
        decimal fundedTotal, decimal headroom, decimal overCommitment)
    {
        Assert.Equal(order, Order(moderation));
        Assert.Equal(Enumerable.Range(1, order.Length), Rows(moderation).Select(r => (int)r["position"]!));
        Assert.Equal(funded.Select(f => f.BidId), Funded(moderation));
        foreach (var row in Rows(moderation))
        {
            var id = (string)row["bidId"]!;
            var expected = funded.Where(f => f.BidId == id).Select(f => (decimal?)f.Cumulative).SingleOrDefault();
            Assert.True(expected == (decimal?)row["cumulative"], $"{id}: cumulative {row["cumulative"]?.ToJsonString() ?? "null"}, expected {expected?.ToString() ?? "null"}");
        }
        Assert.Equal(fundedTotal, (decimal)moderation["fundedTotal"]!);
        Assert.Equal(headroom, (decimal)moderation["headroom"]!);
        Assert.Equal(overCommitment, (decimal)moderation["overCommitment"]!);
    }
}

public static class ApiHeaders
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>GET returning the raw bytes (the xlsx report).</summary>
    public static async Task<(HttpStatusCode Status, string? MediaType, byte[] Body)> GetBytes(this ApiClient api, string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await api.Http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
    }
}
