using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Prioritise.LoadHarness;

/// <summary>
/// A round of the asked size set up through the API: members (with keys), criteria, bids, a chair,
/// scoring open. Bid i is scored by members (i*7 + k) mod M for k below the sheets per bid, so
/// every member scores about the same number of bids and no pair repeats.
/// </summary>
public sealed class SyntheticRound(Options options, HttpClient http, string adminKey)
{
    public string RoundId { get; } = "load-" + Guid.NewGuid().ToString("N")[..8];
    public List<string> MemberKeys { get; } = [];
    private readonly Dictionary<string, string> _keys = new();
    public string ChairKey { get; private set; } = "";
    private readonly List<string> _bidIds = [];

    public string KeyOf(string memberId) => _keys[memberId];

    public async Task SetUp()
    {
        var criteria = Enumerable.Range(1, options.Criteria).Select(c => new { id = $"c{c}", name = $"Criterion {c}", weight = 5 * (1 + c % 4) }).ToArray();
        await Post("/api/rounds", new { id = RoundId, name = $"Load round {RoundId}", fundingCap = 50_000_000m, criteria });

        var members = Enumerable.Range(0, options.Members).Select(m => $"m{m:D4}-{RoundId}").ToList();
        await Parallel(members, async id =>
        {
            var created = await Post("/api/members", new { id, name = $"Member {id}", organisation = $"Organisation {id}" });
            lock (_keys) _keys[id] = (string)created["apiKey"]!;
            await Put($"/api/rounds/{RoundId}/committee/{id}", new { roles = new[] { "scorer" } });
        });
        MemberKeys.AddRange(members.Select(m => _keys[m]));
        var chair = $"chair-{RoundId}";
        ChairKey = (string)(await Post("/api/members", new { id = chair, name = "Chair", organisation = "Chair organisation" }))["apiKey"]!;
        await Put($"/api/rounds/{RoundId}/committee/{chair}", new { roles = new[] { "chair" } });

        _bidIds.AddRange(Enumerable.Range(0, options.Bids).Select(b => $"b{b:D5}"));
        await Parallel(_bidIds, id => Post($"/api/rounds/{RoundId}/bids", new
        {
            id,
            title = $"Bid {id}",
            sponsoringOrganisation = "Bidding Trust",
            amountRequested = 10_000m + 1_000m * (int.Parse(id[1..]) % 490),
            summary = "A synthetic bid.",
        }));
        await Post($"/api/rounds/{RoundId}/open-scoring", null);
    }

    public sealed record Sheet(string BidId, string MemberId, byte[] Body);

    /// <summary>Every sheet of the round, bodies serialised up front so the client spends little.</summary>
    public List<Sheet> Sheets()
    {
        var sheets = new List<Sheet>(options.Bids * options.SheetsPerBid);
        for (var b = 0; b < options.Bids; b++)
        for (var k = 0; k < options.SheetsPerBid; k++)
        {
            var member = $"m{(b * 7 + k) % options.Members:D4}-{RoundId}";
            var scores = Enumerable.Range(1, options.Criteria).ToDictionary(c => $"c{c}", c => 1 + (b * 31 + k * 17 + c * 7) % 10);
            sheets.Add(new Sheet(_bidIds[b], member, JsonSerializer.SerializeToUtf8Bytes(new { scores, submit = true })));
        }
        // Interleave bids so concurrent clients rarely queue on the same bid.
        var random = new Random(20181);
        return sheets.OrderBy(_ => random.Next()).ToList();
    }

    /// <summary>A mix of the chair's actions: mostly moves, some conditions and partial awards.</summary>
    public byte[] ModerationAction(int i)
    {
        var bid = _bidIds[(i * 37) % _bidIds.Count];
        var other = _bidIds[(i * 53 + 11) % _bidIds.Count];
        object action = (i % 4) switch
        {
            0 or 1 when bid != other => new { type = "move", bidId = bid, after = other, reason = "Load test move" },
            2 => new { type = "condition", bidId = bid, text = $"Condition {i}" },
            _ => new { type = "award", bidId = bid, amount = 5_000m, reason = "Load test partial award" },
        };
        return JsonSerializer.SerializeToUtf8Bytes(action);
    }

    private static async Task Parallel<T>(IEnumerable<T> items, Func<T, Task> body) =>
        await System.Threading.Tasks.Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) => await body(item));

    private Task<JsonNode> Post(string path, object? body) => Send(HttpMethod.Post, path, body);
    private Task<JsonNode> Put(string path, object? body) => Send(HttpMethod.Put, path, body);

    private async Task<JsonNode> Send(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }
}
