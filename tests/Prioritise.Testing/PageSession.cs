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

    /// <param name="headers">Sent with every request (a proxy's X-Forwarded-* headers, say).</param>
    public PageSession(Uri baseAddress, IReadOnlyDictionary<string, string>? headers = null)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) _http.DefaultRequestHeaders.Add(name, value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> Get(string path)
    {
        var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public async Task<string> Token(string path)
    {
        var (status, body, _) = await Get(path);
        Assert.Equal(HttpStatusCode.OK, status);
        return TokenPattern().Match(body) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new Xunit.Sdk.XunitException($"No anti-forgery token on {path}");
    }

    public Task<HttpResponseMessage> Post(string path, Dictionary<string, string> form) =>
        _http.PostAsync(path, new FormUrlEncodedContent(form));

    /// <summary>Signs in through the form with <paramref name="key"/>; the answer as the browser got it.</summary>
    public async Task<HttpResponseMessage> SignIn(string key)
    {
        var token = await Token("/sign-in");
        return await Post("/sign-in", new() { ["Key"] = key, ["__RequestVerificationToken"] = token });
    }

    /// <summary>A new session signed in with <paramref name="key"/>, the sign-in checked to have succeeded.</summary>
    public static async Task<PageSession> SignedIn(Uri baseAddress, string key)
    {
        var session = new PageSession(baseAddress);
        using var response = await session.SignIn(key);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found,
            $"sign-in answered {(int)response.StatusCode}");
        return session;
    }

    public void Dispose() => _http.Dispose();
}
