using System.Net;
using System.Text.RegularExpressions;

namespace Prioritise.Api.Tests;

/// <summary>With the dashboard closed, it is the administrator's: by key, or by a signed-in session.</summary>
[Collection(OwnSiloCollection.Name)]
public sealed partial class DashboardAccessTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static async Task<HttpClient> SignedIn(SiloProcess silo, string key)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = silo.BaseAddress };
        var page = await http.GetStringAsync("/sign-in");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        var signIn = await http.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["Key"] = key, ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return http;
    }

    [Fact]
    public async Task A_closed_dashboard_opens_for_the_administrators_session_and_no_one_else()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment["Prioritise__DashboardOpen"] = "false";
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var memberKey = await api.CreateMember(TestIds.New("member"), "Some Org");

        using var anonymous = silo.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);

        using var member = await SignedIn(silo, memberKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/dashboard/")).StatusCode);

        using var admin = await SignedIn(silo, silo.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/dashboard/")).StatusCode);
    }
}
