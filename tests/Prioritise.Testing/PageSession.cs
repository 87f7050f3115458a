using System.Net;
using System.Text.RegularExpressions;

namespace Prioritise.Testing;

/// <summary>
/// A browser-like client for the pages over plain HTTP: keeps its cookies, follows no redirects,
/// signs in through the sign-in form with its anti-forgery token, as a person's browser would.
/// </summary>
public sealed partial class PageSession : IDisposable
{
    public CookieContainer Cookies { get; } = new();
    private readonly HttpClient _http;

    public PageSession(Uri baseAddress) =>
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async Task<(HttpStatusCode Status, string Body)> Get(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> Token(string path)
    {
        var (status, body) = await Get(path);
        Assert.Equal(HttpStatusCode.OK, status);
        return TokenPattern().Match(body) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new Xunit.Sdk.XunitException($"No anti-forgery token on {path}");
    }

    public Task<HttpResponseMessage> Post(string path, Dictionary<string, string> form) =>
        _http.PostAsync(path, new FormUrlEncodedContent(form));

    public static async Task<PageSession> SignedIn(Uri baseAddress, string key)
    {
        var session = new PageSession(baseAddress);
        var token = await session.Token("/sign-in");
        using var response = await session.Post("/sign-in", new() { ["Key"] = key, ["__RequestVerificationToken"] = token });
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found,
            $"sign-in answered {(int)response.StatusCode}");
        return session;
    }

    public void Dispose() => _http.Dispose();
}
