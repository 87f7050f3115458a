using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Prioritise.Reliability.Tests.Support;

namespace Prioritise.Reliability.Tests;

/// <summary>
/// A generated corpus of malformed and adversarial requests (<see cref="HostileCorpus"/>) over every
/// route: no answer is a 5xx, every /api refusal is RFC 7807 problem details (413 and 415 too), no
/// hostile request to /api is accepted, and the store is byte for byte the same afterwards (a hash
/// of every OrleansStorage row and journal entry, read from the silo's SQLite file while it runs).
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class HostileInputTests(SharedSilo shared, ITestOutputHelper output)
{
    private readonly ApiClient _api = shared.Api;

    [Fact]
    public async Task A_corpus_of_hostile_requests_gets_no_5xx_only_problem_details_on_the_api_and_changes_nothing()
    {
        var targets = await BuildTargets();
        var corpus = HostileCorpus.Generate(targets);
        Assert.True(corpus.Count >= 500, $"the corpus has only {corpus.Count} requests");

        var before = Store.Hash(shared.Silo.DataPath);
        Assert.Equal(before, Store.Hash(shared.Silo.DataPath));

        using var http = RawClient(shared.Silo.BaseAddress);
        var failures = new List<string>();
        var tally = new SortedDictionary<string, SortedDictionary<int, int>>();
        var clock = Stopwatch.StartNew();
        foreach (var c in corpus)
        {
            var (status, mediaType, body, finalPath, error) = await Send(http, c);
            if (error is not null)
            {
                failures.Add($"{c}: no answer: {error}");
                continue;
            }
            var family = tally.TryGetValue(c.Transport ? "transport" : c.Family, out var f) ? f : tally[c.Transport ? "transport" : c.Family] = new SortedDictionary<int, int>();
            family[status] = family.GetValueOrDefault(status) + 1;
            var answer = $"{status} {mediaType}: {(body.Length > 300 ? body[..300] + "..." : body)}";
            if (status >= 500)
            {
                failures.Add($"{c}: 5xx: {answer}");
                continue;
            }
            if (c.Transport)
            {
                if (status is not (400 or 414 or 431) || body.Length > 0)
                    failures.Add($"{c}: expected Kestrel's own bare 400/414/431: {answer}");
                continue;
            }
            if (!finalPath.StartsWith("/api/", StringComparison.Ordinal) && finalPath != "/api") continue;
            if (status < 400)
            {
                if (c.Method is not ("GET" or "HEAD"))
                    failures.Add($"{c}: a hostile request was accepted: {answer}");
                continue;
            }
            if (mediaType != "application/problem+json")
            {
                failures.Add($"{c}: {status} is not problem details: {answer}");
                continue;
            }
            if (c.Method == "HEAD") continue; // no body to read
            try
            {
                var problem = JsonNode.Parse(body)!.AsObject();
                if ((int?)problem["status"] != status || string.IsNullOrWhiteSpace((string?)problem["title"]))
                    failures.Add($"{c}: the problem's status or title is wrong: {answer}");
            }
            catch (Exception e)
            {
                failures.Add($"{c}: the problem details do not parse ({e.Message}): {answer}");
            }
        }
        clock.Stop();

        foreach (var (family, statuses) in tally)
            output.WriteLine($"{family,-14} {statuses.Values.Sum(),5} requests: {string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}"))}");
        output.WriteLine($"{corpus.Count} requests in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, $"{failures.Count} of {corpus.Count} hostile requests were answered badly:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(100))}");

        var after = Store.Hash(shared.Silo.DataPath);
        Assert.True(before == after, $"the store changed: {before.Rows} rows {before.Hash} before, {after.Rows} rows {after.Hash} after");
        (await _api.Get("/health", null)).Is(HttpStatusCode.OK);
    }

    /// <summary>
    /// The server bug this corpus found: ASP.NET Core's problem details writer declines a request
    /// whose Accept header names neither JSON nor problem+json, so a refusal (401 challenge, a
    /// grain's 4xx) became an empty 500 and status pages became text/plain. Fixed by
    /// FallbackProblemDetailsWriter (silo/Http/Problems.cs).
    /// </summary>
    [Fact]
    public async Task An_Accept_header_without_json_still_gets_problem_details_and_never_a_500()
    {
        var c = await Committee.Build(_api);
        var before = Store.Hash(shared.Silo.DataPath);
        using var http = RawClient(shared.Silo.BaseAddress);
        foreach (var accept in new[] { "text/html", "application/xml", "image/png" })
        foreach (var (expected, method, path, key, body, type) in new (int, string, string, string?, string?, string?)[]
                 {
                     (401, "GET", "/api/rounds", null, null, null),
                     (401, "GET", "/api/rounds", "wrong", null, null),
                     (403, "GET", $"/api/rounds/{c.RoundId}/results", c.ScorerKey, null, null),
                     (404, "GET", "/api/rounds/no-such-round", _api.AdminKey, null, null),
                     (404, "GET", "/api/no/such/route", _api.AdminKey, null, null),
                     (405, "DELETE", "/api/rounds", _api.AdminKey, null, null),
                     (409, "POST", $"/api/rounds/{c.RoundId}/open-scoring", _api.AdminKey, null, null),
                     (400, "POST", "/api/rounds", _api.AdminKey, "{", "application/json"),
                     (413, "POST", "/api/rounds", _api.AdminKey, "\"" + new string('x', 1_100_000) + "\"", "application/json"),
                     (415, "POST", "/api/rounds", _api.AdminKey, "{}", "text/plain"),
                     (401, "GET", "/api/no-such-page", null, null, null),
                 })
        {
            var headers = new List<(string, string)> { ("Accept", accept) };
            if (key is not null) headers.Add(("Authorization", "Bearer " + key));
            var (status, mediaType, text, _, error) = await Send(http, new HostileCase("accept", accept, method, path, null,
                body is null ? null : Encoding.UTF8.GetBytes(body), type, headers));
            Assert.Null(error);
            Assert.True(status == expected && mediaType == "application/problem+json",
                $"{method} {path} with Accept {accept}: expected {expected} problem details, got {status} {mediaType}: {text}");
            Assert.Equal(expected, (int?)JsonNode.Parse(text)!["status"]);
        }
        Assert.Equal(before, Store.Hash(shared.Silo.DataPath));
    }

    /// <summary>
    /// The second server bug: "Content-Type: application/json; charset=utf-7" (or any charset .NET
    /// cannot decode) made the JSON reader throw InvalidOperationException inside model binding: 500.
    /// Now 415 problem details (silo/Http/RequestCharset.cs), after authentication.
    /// </summary>
    [Fact]
    public async Task A_charset_the_server_cannot_decode_is_415_problem_details_not_a_500()
    {
        var c = await Committee.Build(_api);
        var before = Store.Hash(shared.Silo.DataPath);
        foreach (var charset in new[] { "utf-7", "bogus", "\"\"", "ebcdic-xx" })
        {
            foreach (var (path, key, body) in new[]
                     {
                         ("/api/members", _api.AdminKey, $$"""{"id":"{{TestIds.New("cs")}}","name":"N","organisation":"O"}"""),
                         (c.SheetPath(c.ScorerId), c.ScorerKey, """{"scores":{"impact":8,"cost":7},"submit":true}"""),
                     })
            {
                using var request = new HttpRequestMessage(path.Contains("/sheets/") ? HttpMethod.Put : HttpMethod.Post, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                request.Content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");
                using var response = await _api.Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                    $"charset {charset} on {path}: {(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
                Assert.Contains("body", JsonNode.Parse(text)!["errors"]!.AsObject().Select(e => e.Key));
            }
            // Without a key it is still 401: the charset is looked at only for callers who may call.
            using var anonymous = new HttpRequestMessage(HttpMethod.Post, "/api/members");
            anonymous.Content = new ByteArrayContent("{}"u8.ToArray());
            anonymous.Content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await _api.Http.SendAsync(anonymous)).StatusCode);
        }
        Assert.Equal(before, Store.Hash(shared.Silo.DataPath));
        // A charset .NET does decode still works (UTF-8, named in any case).
        (await Post("/api/members", $$"""{"id":"{{TestIds.New("cs")}}","name":"N","organisation":"O"}""", "application/json; charset=UTF-8")).Is(HttpStatusCode.Created);
    }

    private async Task<Reply> Post(string path, string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _api.AdminKey);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await _api.Http.SendAsync(request);
        return new Reply(HttpMethod.Post, path, response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    /// <summary>
    /// S: a round in scoring with a submitted sheet. M: in moderation, the chair's line drawn over the
    /// cap (so finance cannot confirm without accepting the over-commitment). C: confirmed.
    /// </summary>
    private async Task<HostileTargets> BuildTargets()
    {
        var scorer = TestIds.New("h-scorer");
        var scorer2 = TestIds.New("h-scorer2");
        var chair = TestIds.New("h-chair");
        var finance = TestIds.New("h-finance");
        var keys = await Members.Create(_api, scorer, scorer2, chair, finance);

        var s = TestIds.New("h-scoring");
        await _api.CreateRound(s);
        await _api.Appoint(s, scorer, "scorer");
        await _api.Appoint(s, chair, "chair");
        await _api.Appoint(s, finance, "finance");
        await _api.AddBid(s, "b1", 20_000m);
        await _api.OpenScoring(s);
        await _api.Submit(s, "b1", scorer, keys[scorer], 6, 6);

        (string, decimal, int)[] bids = [("ma", 40_000m, 9), ("mb", 30_000m, 8)];
        var m = await ModerationRig.Build(_api, TestIds.New("h-moderation"), 50_000m, bids, (scorer, keys[scorer]), (scorer2, keys[scorer2]), chair);
        await _api.Appoint(m.RoundId, finance, "finance");
        (await _api.Act(m.RoundId, keys[chair], new { type = "setFundingLine", afterBidId = "mb", reason = "Both, over the cap" })).Is(HttpStatusCode.Created);
        var moderation = await ModerationCheck.Read(_api, m.RoundId, keys[chair]);
        Assert.True((decimal)moderation["overCommitment"]! > 0, "the moderation round must be over its cap");

        var c = await ModerationRig.Build(_api, TestIds.New("h-confirmed"), 100_000m, bids, (scorer, keys[scorer]), (scorer2, keys[scorer2]), chair);
        await _api.Appoint(c.RoundId, finance, "finance");
        (await _api.Post($"/api/rounds/{c.RoundId}/decisions", keys[finance], new { reason = "Within the pot" })).Is(HttpStatusCode.Created);

        return new HostileTargets(_api.AdminKey, scorer, keys[scorer], keys[chair], keys[finance], s, m.RoundId, c.RoundId, (long)moderation["version"]!);
    }

    /// <summary>A client that sends what it is given: no redirects, no cookies, UTF-8 header values.</summary>
    private static HttpClient RawClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static async Task<(int Status, string? MediaType, string Body, string FinalPath, string? Error)> Send(HttpClient http, HostileCase c)
    {
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), new Uri(http.BaseAddress!, c.Path));
            if (c.Key is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + c.Key);
            foreach (var (name, value) in c.Headers ?? [])
            {
                if (name == "Host") request.Headers.Host = value;
                else if (!request.Headers.TryAddWithoutValidation(name, value))
                    return (0, null, "", "", $"the client would not send header {name}");
            }
            if (c.Body is not null)
            {
                request.Content = c.Chunked ? new StreamContent(new MemoryStream(c.Body)) : new ByteArrayContent(c.Body);
                if (c.Chunked) request.Headers.TransferEncodingChunked = true;
                // A large body waits for the server's go-ahead, so an early 413 is read, not cut off mid-send.
                if (c.Body.Length > 64 * 1024) request.Headers.ExpectContinue = true;
                if (c.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            }
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body,
                response.RequestMessage?.RequestUri?.AbsolutePath ?? c.Path, null);
        }
        catch (Exception e) when (Http.NoAnswer(e))
        {
            return (0, null, "", "", $"{e.GetType().Name}: {e.Message}");
        }
    }
}
