using System.Net;
using System.Text.RegularExpressions;

namespace Prioritise.Api.Tests;

/// <summary>
/// The pages' session over plain HTTP: every form needs its anti-forgery token, the cookie is
/// HttpOnly and SameSite, it never opens the API, and a member's cookie cannot reach the chair's
/// or finance's actions.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed partial class PageSecurityTests(SharedSilo fixture)
{
    private readonly ApiClient _api = fixture.Api;

    private PageSession NewBrowser() => new(fixture.Silo.BaseAddress);

    [Fact]
    public async Task Signing_in_without_the_anti_forgery_token_is_refused_and_sets_no_session()
    {
        var committee = await Committee.Build(_api);
        using var browser = NewBrowser();
        var response = await browser.Post("/sign-in", new() { ["Key"] = committee.ScorerKey });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(browser.Cookies.GetCookies(fixture.Silo.BaseAddress), c => c.Name == "prioritise-session");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Get($"/rounds/{committee.RoundId}")).Status);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_strict_and_a_wrong_key_gets_none()
    {
        var committee = await Committee.Build(_api);
        using var wrong = NewBrowser();
        var refused = await wrong.SignIn(committee.ScorerKey + "x");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("not recognised", await refused.Content.ReadAsStringAsync());
        Assert.DoesNotContain(wrong.Cookies.GetCookies(fixture.Silo.BaseAddress), c => c.Name == "prioritise-session");

        using var browser = NewBrowser();
        var response = await browser.SignIn(committee.ScorerKey);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("prioritise-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(committee.ScorerKey, setCookie);
    }

    [Fact]
    public async Task The_session_cookie_never_opens_the_api()
    {
        var committee = await Committee.Build(_api);
        using var browser = NewBrowser();
        await browser.SignIn(committee.ChairKey);
        Assert.Equal(HttpStatusCode.OK, (await browser.Get($"/rounds/{committee.RoundId}/chair")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Get($"/api/rounds/{committee.RoundId}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Post($"/api/rounds/{committee.RoundId}/close-scoring", new())).StatusCode);
    }

    [Fact]
    public async Task A_members_cookie_cannot_reach_the_chairs_or_finances_pages_or_actions()
    {
        var committee = await Committee.Build(_api);
        var before = await _api.Snapshot(committee.RoundId);
        using var member = NewBrowser();
        await member.SignIn(committee.ScorerKey);
        Assert.Equal(HttpStatusCode.OK, (await member.Get($"/rounds/{committee.RoundId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Get($"/rounds/{committee.RoundId}/chair")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Get($"/rounds/{committee.RoundId}/moderation")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Get($"/rounds/{committee.RoundId}/finance")).Status);

        // A valid token from a page the member may see, aimed at the chair's and finance's handlers.
        var token = await member.Token($"/rounds/{committee.RoundId}/bids/{committee.BidId}/sheet");
        var close = await member.Post($"/rounds/{committee.RoundId}/chair?handler=Close", new() { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
        var confirm = await member.Post($"/rounds/{committee.RoundId}/finance?handler=Confirm",
            new() { ["__RequestVerificationToken"] = token, ["acceptOverCommitment"] = "true", ["reason"] = "x", ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        var move = await member.Post($"/rounds/{committee.RoundId}/moderation?handler=Decline",
            new() { ["__RequestVerificationToken"] = token, ["bidId"] = committee.BidId, ["reason"] = "x", ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);

        Assert.Equal(before, await _api.Snapshot(committee.RoundId));
    }

    [Fact]
    public async Task A_chairs_form_without_its_token_is_refused_and_changes_nothing()
    {
        var committee = await Committee.Build(_api);
        var before = await _api.Snapshot(committee.RoundId);
        using var chair = NewBrowser();
        await chair.SignIn(committee.ChairKey);
        var close = await chair.Post($"/rounds/{committee.RoundId}/chair?handler=Close", new());
        Assert.Equal(HttpStatusCode.BadRequest, close.StatusCode);
        Assert.Equal(before, await _api.Snapshot(committee.RoundId));

        var token = await chair.Token($"/rounds/{committee.RoundId}/chair");
        var closed = await chair.Post($"/rounds/{committee.RoundId}/chair?handler=Close", new() { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var round = await _api.Get($"/api/rounds/{committee.RoundId}", _api.AdminKey);
        Assert.Equal("moderation", (string?)round.Json["status"]);
    }

    [Fact]
    public async Task Reissuing_a_key_ends_sessions_signed_in_with_the_old_one()
    {
        var committee = await Committee.Build(_api);
        using var browser = NewBrowser();
        await browser.SignIn(committee.ScorerKey);
        Assert.Equal(HttpStatusCode.OK, (await browser.Get($"/rounds/{committee.RoundId}")).Status);
        (await _api.Post($"/api/members/{committee.ScorerId}/key", _api.AdminKey)).Is(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Get($"/rounds/{committee.RoundId}")).Status);
    }

    /// <summary>
    /// Keys are issued from the members page (issue 14: asked first, POST-redirect-GET, shown once;
    /// <see cref="SetupPageTests"/>): the chair's page only links there, and a member's cookie cannot issue one.
    /// </summary>
    [Fact]
    public async Task The_committee_page_links_to_the_members_page_for_keys_and_a_member_cannot_issue_one()
    {
        var committee = await Committee.Build(_api);
        using var admin = NewBrowser();
        await admin.SignIn(_api.AdminKey);
        var (_, chairPage, _) = await admin.Get($"/rounds/{committee.RoundId}/chair");
        Assert.Contains("href=\"/members\"", chairPage);
        Assert.DoesNotContain("IssueKey", chairPage);

        using var member = NewBrowser();
        await member.SignIn(committee.ScorerKey);
        var memberToken = await member.Token($"/rounds/{committee.RoundId}");
        var refused = await member.Post($"/members/{committee.Scorer2Id}/key", new() { ["__RequestVerificationToken"] = memberToken });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        (await _api.Get($"/api/members/{committee.Scorer2Id}", committee.Scorer2Key)).Is(HttpStatusCode.OK);
    }

    /// <summary>nginx in front, TLS ended there: what it forwards decides the cookie's Secure flag and the links.</summary>
    [Fact]
    public async Task Behind_a_proxy_saying_https_the_session_cookie_is_secure_and_links_use_the_forwarded_host()
    {
        var committee = await Committee.Build(_api);
        var forwarded = new Dictionary<string, string>
        {
            ["X-Forwarded-For"] = "198.51.100.23", ["X-Forwarded-Proto"] = "https", ["X-Forwarded-Host"] = "prioritise.example",
        };
        using var proxied = new PageSession(fixture.Silo.BaseAddress, forwarded);
        var signedIn = await proxied.SignIn(committee.ScorerKey);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var secure = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("prioritise-session=", StringComparison.Ordinal));
        Assert.Contains("; secure", secure, StringComparison.OrdinalIgnoreCase);

        // Plain HTTP with no proxy: no Secure flag (the browser would never send it back).
        using var direct = NewBrowser();
        var plain = (await direct.SignIn(committee.ScorerKey)).Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("prioritise-session=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", plain, StringComparison.OrdinalIgnoreCase);

        // The redirect to the sign-in page is absolute: the client's scheme and host, not the silo's.
        using var anonymous = new PageSession(fixture.Silo.BaseAddress, forwarded);
        var (status, _, response) = await anonymous.Get($"/rounds/{committee.RoundId}");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.StartsWith("https://prioritise.example/sign-in", response.Headers.Location!.ToString());
        var (_, _, direct302) = await NewBrowser().Get($"/rounds/{committee.RoundId}");
        Assert.StartsWith(fixture.Silo.BaseAddress + "sign-in", direct302.Headers.Location!.ToString());
    }

    /// <summary>
    /// Signing out ends the session on the server: a copy of the cookie taken while signed in (as
    /// someone who saw it would keep) opens no page and submits no sheet afterwards.
    /// </summary>
    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_a_copied_cookie_is_refused()
    {
        var committee = await Committee.Build(_api);
        var sheetPage = $"/rounds/{committee.RoundId}/bids/{committee.BidId}/sheet";
        using var browser = NewBrowser();
        await browser.SignIn(committee.ScorerKey);
        var sheetToken = await browser.Token(sheetPage);
        // Every cookie the browser holds (the session and the anti-forgery cookie), as one header.
        var copied = browser.Cookies.GetCookieHeader(fixture.Silo.BaseAddress);
        Assert.Contains("prioritise-session=", copied);

        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = fixture.Silo.BaseAddress };
        async Task<HttpResponseMessage> Replay(HttpMethod method, string path, HttpContent? content = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            request.Headers.Add("Cookie", copied);
            return await replay.SendAsync(request);
        }
        // Before signing out the copy works: it is the session.
        Assert.Equal(HttpStatusCode.OK, (await Replay(HttpMethod.Get, $"/rounds/{committee.RoundId}")).StatusCode);

        var signOutToken = await browser.Token($"/rounds/{committee.RoundId}");
        var signedOut = await browser.Post("/sign-out", new() { ["__RequestVerificationToken"] = signOutToken });
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var before = await _api.Snapshot(committee.RoundId);

        var page = await Replay(HttpMethod.Get, $"/rounds/{committee.RoundId}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/sign-in", page.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await Replay(HttpMethod.Get, sheetPage)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(HttpMethod.Get, $"/api/rounds/{committee.RoundId}")).StatusCode);

        // The sheet form as the page posts it, with the token the page gave while signed in.
        var submit = await Replay(HttpMethod.Post, sheetPage + "?handler=Submit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = sheetToken, ["Scores[impact]"] = "9", ["Scores[cost]"] = "7", ["Comment"] = "replayed",
        }));
        Assert.True(submit.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"the replayed sheet got {(int)submit.StatusCode}");
        if (submit.StatusCode == HttpStatusCode.Redirect) Assert.Contains("/sign-in", submit.Headers.Location!.ToString());
        Assert.Equal(before, await _api.Snapshot(committee.RoundId));
        var sheet = await _api.Get(committee.SheetPath(committee.ScorerId), committee.ScorerKey);
        Assert.DoesNotContain("replayed", sheet.Text);

        // The browser that signed out can sign in again: a new session, a new id.
        await browser.SignIn(committee.ScorerKey);
        Assert.Equal(HttpStatusCode.OK, (await browser.Get($"/rounds/{committee.RoundId}")).Status);
    }
}
