using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Prioritise.Testing;

/// <summary>A thin HTTP client: sends JSON (an object, or raw text exactly as given) with a bearer key.</summary>
public sealed class ApiClient(HttpClient http, string adminKey) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string AdminKey { get; } = adminKey;
    public HttpClient Http { get; } = http;

    public Task<Reply> Get(string path, string? key) => Send(HttpMethod.Get, path, key);
    public Task<Reply> Post(string path, string? key, object? body = null) => Send(HttpMethod.Post, path, key, body);
    public Task<Reply> Put(string path, string? key, object? body) => Send(HttpMethod.Put, path, key, body);

    /// <param name="body">null: no body; <see cref="RawJson"/>: sent byte for byte; anything else: serialised.</param>
    public Task<Reply> Send(HttpMethod method, string path, string? key, object? body = null) => SendWith(method, path, key, body, null);

    /// <summary>As <see cref="Send"/>, with extra request headers (Idempotency-Key, say).</summary>
    public async Task<Reply> SendWith(HttpMethod method, string path, string? key, object? body, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.Add(name, value);
        if (body is not null)
        {
            var text = body is RawJson raw ? raw.Text : JsonSerializer.Serialize(body, Json);
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
            // A large body waits for the server's go-ahead (Expect: 100-continue). A body over the
            // limit is then refused with 413 before it is sent, instead of the server closing the
            // connection while the client is still writing it (a broken pipe, under load).
            if (text.Length > 64 * 1024) request.Headers.ExpectContinue = true;
        }
        using var response = await Http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return new Reply(method, path, response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            content, response.Headers.Location);
    }

    // ---- scenario steps (admin unless a key is given) ----

    public async Task<string> CreateMember(string id, string organisation, params object[] interests)
    {
        var reply = await Post("/api/members", AdminKey, new { id, name = $"Member {id}", organisation, interests });
        reply.Is(HttpStatusCode.Created);
        var key = reply.Json["apiKey"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(key));
        return key;
    }

    public async Task CreateRound(string id, decimal fundingCap = 100_000m, object? criteria = null)
    {
        var reply = await Post("/api/rounds", AdminKey, new
        {
            id,
            name = $"Round {id}",
            fundingCap,
            criteria = criteria ?? TwoCriteria,
        });
        reply.Is(HttpStatusCode.Created);
    }

    /// <summary>impact (weight 3) and cost (weight 1), on the default 1..10 scale.</summary>
    public static readonly object[] TwoCriteria =
    [
        new { id = "impact", name = "Impact", weight = 3 },
        new { id = "cost", name = "Cost", weight = 1 },
    ];

    public async Task Appoint(string roundId, string memberId, params string[] roles) =>
        (await Put($"/api/rounds/{roundId}/committee/{memberId}", AdminKey, new { roles })).Is(HttpStatusCode.OK);

    public async Task AddBid(string roundId, string id, decimal amountRequested, string sponsor = "Bidder Trust", string[]? recipients = null, string? title = null) =>
        (await Post($"/api/rounds/{roundId}/bids", AdminKey, new
        {
            id,
            title = title ?? $"Bid {id}",
            workstream = "Planned Care",
            sponsoringOrganisation = sponsor,
            recipientOrganisations = recipients ?? [],
            amountRequested,
            summary = "A test bid.",
        })).Is(HttpStatusCode.Created);

    public async Task OpenScoring(string roundId, string? key = null) =>
        (await Post($"/api/rounds/{roundId}/open-scoring", key ?? AdminKey)).Is(HttpStatusCode.OK);

    public async Task CloseScoring(string roundId, string? key = null) =>
        (await Post($"/api/rounds/{roundId}/close-scoring", key ?? AdminKey)).Is(HttpStatusCode.OK);

    public Task<Reply> PutSheet(string roundId, string bidId, string memberId, string key, object body) =>
        Put($"/api/rounds/{roundId}/bids/{bidId}/sheets/{memberId}", key, body);

    public async Task Submit(string roundId, string bidId, string memberId, string key, int impact, int cost) =>
        (await PutSheet(roundId, bidId, memberId, key, new { scores = new { impact, cost }, comment = "ok", submit = true }))
            .Is(HttpStatusCode.OK);

    /// <summary>POSTs a moderation action as <paramref name="key"/>'s holder, with an Idempotency-Key when given.</summary>
    public Task<Reply> Act(string roundId, string key, object action, string? idempotencyKey = null) =>
        SendWith(HttpMethod.Post, $"/api/rounds/{roundId}/moderation/actions", key, action,
            idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    /// <summary>Everything an admin can read about a round, to show a refused request changed nothing.</summary>
    public async Task<string> Snapshot(string roundId)
    {
        var parts = new List<string>();
        foreach (var path in new[] { "", "/bids", "/committee", "/audit" })
        {
            var reply = await Get($"/api/rounds/{roundId}{path}", AdminKey);
            reply.Is(HttpStatusCode.OK);
            parts.Add(reply.Text);
        }
        return string.Join("\n", parts);
    }

    public async Task<int> AuditLength(string roundId)
    {
        var reply = await Get($"/api/rounds/{roundId}/audit", AdminKey);
        reply.Is(HttpStatusCode.OK);
        return reply.Json.AsArray().Count;
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>A body sent exactly as written (malformed JSON, NaN tokens...).</summary>
public sealed record RawJson(string Text);

public sealed record Reply(HttpMethod Method, string Path, HttpStatusCode Status, string? MediaType, string Text, Uri? Location)
{
    private JsonNode? _json;

    public JsonNode Json => _json ??= JsonNode.Parse(Text) ?? throw new InvalidOperationException($"{this}: null JSON");

    /// <summary>
    /// A decision as frozen at confirmation: the answer without what moves on after it (issue 16:
    /// its <c>status</c> and <c>governance</c>, which a later decision or a board's resolution change).
    /// </summary>
    public string Frozen()
    {
        var decision = JsonNode.Parse(Text)!.AsObject();
        decision.Remove("status");
        decision.Remove("governance");
        return decision.ToJsonString();
    }

    public override string ToString() =>
        $"{Method} {Path} -> {(int)Status} {MediaType}: {(Text.Length > 2000 ? Text[..2000] + "..." : Text)}";

    public Reply Is(HttpStatusCode expected)
    {
        if (Status != expected) Assert.Fail($"Expected {(int)expected} {expected}, got {this}");
        return this;
    }

    /// <summary>
    /// Asserts an RFC 7807 answer with this status; where fields are given, its <c>errors</c> object
    /// must name each of them (a JSON-path key such as "$.fundingCap" names "fundingCap").
    /// </summary>
    public JsonObject Problem(HttpStatusCode expected, params string[] fields)
    {
        Is(expected);
        Assert.True(MediaType == "application/problem+json", $"Expected application/problem+json, got {this}");
        var problem = Json.AsObject();
        Assert.True(problem["status"]?.GetValue<int>() == (int)expected, $"The problem's status is not {(int)expected}: {this}");
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()), $"The problem has no title: {this}");
        if (fields.Length > 0)
        {
            var errors = problem["errors"] as JsonObject;
            Assert.True(errors is { Count: > 0 }, $"The problem has no 'errors' object: {this}");
            var keys = errors!.Select(kv => Normalise(kv.Key)).ToList();
            foreach (var field in fields)
                Assert.True(keys.Contains(field), $"'errors' does not name '{field}' (keys: {string.Join(", ", keys)}): {this}");
        }
        return problem;
    }

    private static string Normalise(string key) => key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key;
}

public static class TestIds
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}

/// <summary>A fresh round with a committee: two scorers, a chair and a finance member, and one bid.</summary>
public sealed record Committee(
    string RoundId, string BidId,
    string ScorerId, string ScorerKey, string Scorer2Id, string Scorer2Key,
    string ChairId, string ChairKey, string FinanceId, string FinanceKey)
{
    public static async Task<Committee> Build(ApiClient api, bool openScoring = true)
    {
        var round = TestIds.New("round");
        var bid = TestIds.New("bid");
        var scorer = TestIds.New("scorer");
        var scorer2 = TestIds.New("scorer2");
        var chair = TestIds.New("chair");
        var finance = TestIds.New("finance");
        var scorerKey = await api.CreateMember(scorer, $"Org of {scorer}");
        var scorer2Key = await api.CreateMember(scorer2, $"Org of {scorer2}");
        var chairKey = await api.CreateMember(chair, $"Org of {chair}");
        var financeKey = await api.CreateMember(finance, $"Org of {finance}");
        await api.CreateRound(round);
        await api.Appoint(round, scorer, "scorer");
        await api.Appoint(round, scorer2, "scorer");
        await api.Appoint(round, chair, "chair");
        await api.Appoint(round, finance, "finance");
        await api.AddBid(round, bid, 26_000m);
        if (openScoring) await api.OpenScoring(round);
        return new Committee(round, bid, scorer, scorerKey, scorer2, scorer2Key, chair, chairKey, finance, financeKey);
    }

    public string SheetPath(string memberId, string? bidId = null) =>
        $"/api/rounds/{RoundId}/bids/{bidId ?? BidId}/sheets/{memberId}";
}

/// <summary>
/// One silo process shared by a test collection (each test makes its own rounds and members).
/// Each test project derives its fixture with the seeding it wants.
/// </summary>
public abstract class SiloFixture(bool seedOnEmpty) : IAsyncLifetime
{
    public SiloProcess Silo { get; } = new(seedOnEmpty);
    public ApiClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Silo.StartAsync();
        Api = new ApiClient(Silo.CreateClient(), Silo.AdminKey);
    }

    public Task DisposeAsync()
    {
        Api?.Dispose();
        Silo.Dispose();
        return Task.CompletedTask;
    }
}
