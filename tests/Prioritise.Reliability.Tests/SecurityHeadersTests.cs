using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Prioritise.Reliability.Tests.Support;

namespace Prioritise.Reliability.Tests;

/// <summary>
/// Every answer, page or API, success or refusal, carries X-Content-Type-Options: nosniff,
/// X-Frame-Options: DENY, the strict Content-Security-Policy and Cache-Control: no-store (only the
/// stylesheet may be cached); and bodies over 1 MiB are refused with 413 problem details.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class SecurityHeadersTests(SharedSilo shared, ITestOutputHelper output)
{
    private readonly ApiClient _api = shared.Api;
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    [Fact]
    public async Task Every_page_and_api_answer_carries_the_security_headers()
    {
        var c = await Committee.Build(_api);
        await _api.Submit(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, 7, 7);
        using var session = await SignedIn(c.ChairKey);

        var requests = new List<(string What, HttpClient Client, HttpMethod Method, string Path, string? Key, string? Body)>
        {
            ("page: home", session, HttpMethod.Get, "/", null, null),
            ("page: rounds", session, HttpMethod.Get, "/rounds", null, null),
            ("page: round", session, HttpMethod.Get, $"/rounds/{c.RoundId}", null, null),
            ("page: chair", session, HttpMethod.Get, $"/rounds/{c.RoundId}/chair", null, null),
            ("page: forbidden", session, HttpMethod.Get, $"/rounds/{c.RoundId}/finance", null, null),
            ("page: sign-in", _api.Http, HttpMethod.Get, "/sign-in", null, null),
            ("page: redirect to sign-in", _api.Http, HttpMethod.Get, $"/rounds/{c.RoundId}", null, null),
            ("page: bad form post", _api.Http, HttpMethod.Post, "/sign-in", null, null),
            ("health", _api.Http, HttpMethod.Get, "/health", null, null),
            ("openapi", _api.Http, HttpMethod.Get, "/openapi/v1.json", null, null),
            ("api 200", _api.Http, HttpMethod.Get, $"/api/rounds/{c.RoundId}/results", _api.AdminKey, null),
            ("api 201", _api.Http, HttpMethod.Post, "/api/members", _api.AdminKey, $$"""{"id":"{{TestIds.New("hdr")}}","name":"N","organisation":"O"}"""),
            ("api report", _api.Http, HttpMethod.Get, $"/api/rounds/{c.RoundId}/committee", c.ChairKey, null),
            ("api 400", _api.Http, HttpMethod.Post, "/api/rounds", _api.AdminKey, "{"),
            ("api 401", _api.Http, HttpMethod.Get, "/api/rounds", "wrong", null),
            ("api 403", _api.Http, HttpMethod.Get, $"/api/rounds/{c.RoundId}/results", c.ScorerKey, null),
            ("api 404", _api.Http, HttpMethod.Get, "/api/rounds/no-such-round", _api.AdminKey, null),
            ("api 404 route", _api.Http, HttpMethod.Get, "/api/no/such/route", _api.AdminKey, null),
            ("api 405", _api.Http, HttpMethod.Delete, "/api/rounds", _api.AdminKey, null),
            ("api 409", _api.Http, HttpMethod.Post, $"/api/rounds/{c.RoundId}/open-scoring", _api.AdminKey, null),
            ("api 413", _api.Http, HttpMethod.Post, "/api/rounds", _api.AdminKey, "\"" + new string('x', 1024 * 1024 + 10) + "\""),
            ("api 415", _api.Http, HttpMethod.Post, "/api/rounds", _api.AdminKey, null),
        };

        var failures = new List<string>();
        foreach (var (what, client, method, path, key, body) in requests)
        {
            using var request = new HttpRequestMessage(method, path);
            if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            else if (what == "api 415") request.Content = new StringContent("<round/>", Encoding.UTF8, "application/xml");
            if (body is { Length: > 64 * 1024 }) request.Headers.ExpectContinue = true;
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            void Expect(string header, string? value, bool contains = false)
            {
                var actual = response.Headers.TryGetValues(header, out var v) ? string.Join(", ", v) : null;
                if (actual is null || (contains ? !actual.Contains(value!, StringComparison.OrdinalIgnoreCase) : actual != value))
                    failures.Add($"{what} ({method} {path} -> {status}): {header} is '{actual ?? "absent"}', expected '{value}'");
            }
            Expect("X-Content-Type-Options", "nosniff");
            Expect("X-Frame-Options", "DENY");
            Expect("Content-Security-Policy", Policy);
            Expect("Cache-Control", "no-store", contains: true);
            Expect("Referrer-Policy", "no-referrer");
            output.WriteLine($"{what,-28} {method,-6} {status} {path}");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

    }

    [Fact]
    public async Task The_stylesheet_may_be_cached_but_carries_the_other_headers()
    {
        using var response = await _api.Http.GetAsync("/site.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(response.Headers.CacheControl?.NoStore ?? false);
    }

    [Fact]
    public async Task A_body_over_one_MiB_is_413_problem_details_on_every_route_that_takes_a_body()
    {
        var c = await Committee.Build(_api);
        var before = Store.Hash(shared.Silo.DataPath);
        var padding = new string('x', 1024 * 1024 + 1);
        foreach (var (method, path, key) in new[]
                 {
                     ("POST", "/api/members", _api.AdminKey),
                     ("POST", "/api/rounds", _api.AdminKey),
                     ("PUT", $"/api/rounds/{c.RoundId}/committee/{c.Scorer2Id}", _api.AdminKey),
                     ("POST", $"/api/rounds/{c.RoundId}/bids", _api.AdminKey),
                     ("POST", $"/api/rounds/{c.RoundId}/conflicts", c.ChairKey),
                     ("PUT", c.SheetPath(c.ScorerId), c.ScorerKey),
                     ("POST", $"/api/rounds/{c.RoundId}/moderation/actions", c.ChairKey),
                     ("POST", $"/api/rounds/{c.RoundId}/decisions", c.FinanceKey),
                     ("POST", $"/api/rounds/{c.RoundId}/cap-revisions", c.FinanceKey),
                 })
        {
            // Once with a Content-Length, once chunked (no length known in advance). The client
            // waits for the go-ahead (Expect: 100-continue), so it reads an early 413 instead of
            // being cut off while it still sends.
            foreach (var chunked in new[] { false, true })
            {
                var bytes = Encoding.UTF8.GetBytes($$"""{"comment":"{{padding}}"}""");
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                request.Headers.ExpectContinue = true;
                request.Content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                if (chunked) request.Headers.TransferEncodingChunked = true;
                using var response = await _api.Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                    $"{method} {path} ({(chunked ? "chunked" : "with a length")}): {(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
            }
        }
        Assert.Equal(before, Store.Hash(shared.Silo.DataPath));
    }

    private async Task<HttpClient> SignedIn(string key)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = shared.Silo.BaseAddress };
        var page = await (await client.GetAsync("/sign-in")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Key"] = key,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
