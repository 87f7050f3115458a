using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>
/// The application form editor in set-up (issue 15 item 1) over plain HTTP, as a browser posts it:
/// the secretary's change reaches the API's form, a bad word limit is refused beside its field with
/// nothing changed, and a scorer gets no editor.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class FormSetupPageTests(SharedSilo fixture)
{
    private readonly ApiClient _api = fixture.Api;
    private const string Token = "__RequestVerificationToken";

    private Task<PageSession> SignedIn(string key) => PageSession.SignedIn(fixture.Silo.BaseAddress, key);

    /// <summary>The form's sections as the editor's fields, as the page would post them back unchanged.</summary>
    private static Dictionary<string, string> Fields(JsonArray sections, string token)
    {
        var form = new Dictionary<string, string> { [Token] = token };
        for (var i = 0; i < sections.Count; i++)
        {
            var s = sections[i]!;
            var p = $"Sections[{i}].";
            form[p + "Id"] = (string)s["id"]!;
            form[p + "Title"] = (string)s["title"]!;
            form[p + "Guidance"] = (string?)s["guidance"] ?? "";
            form[p + "Kind"] = (string)s["kind"]!;
            if ((bool)s["required"]!) form[p + "Required"] = "true";
            form[p + "MaxLength"] = s["maxLength"]?.ToString() ?? "";
            form[p + "Choices"] = string.Join("\n", s["choices"]!.AsArray().Select(c => (string)c!));
            form[p + "CriterionId"] = (string?)s["criterionId"] ?? "";
        }
        return form;
    }

    [Fact]
    public async Task The_secretary_changes_a_word_limit_on_the_form_page_and_the_API_form_has_it_and_a_scorer_is_refused()
    {
        var round = TestIds.New("form-page");
        string secretary = TestIds.New("sec"), scorer = TestIds.New("scorer");
        var secretaryKey = await _api.CreateMember(secretary, "City and Hackney CCG");
        var scorerKey = await _api.CreateMember(scorer, "Neutral Org");
        await _api.CreateRound(round);
        await _api.Appoint(round, secretary, "secretary");
        await _api.Appoint(round, scorer, "scorer");
        var path = $"/rounds/{round}/setup/form";

        var sections = (await _api.Get($"/api/rounds/{round}/application-form", secretaryKey)).Is(HttpStatusCode.OK).Json["sections"]!.AsArray();
        var row = sections.Select((s, i) => (s, i)).First(x => (string)x.s!["kind"]! is "text").i;

        using var page = await SignedIn(secretaryKey);
        var (status, body, _) = await page.Get(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Preview: the form as the applicant sees it", body);
        Assert.Contains($"for=\"sec-{row}-limit\"", body);

        // A word limit that is no number: refused beside the field, and the form is as it was.
        var bad = Fields(sections, await page.Token(path));
        bad[$"Sections[{row}].MaxLength"] = "lots";
        var refused = await page.Post(path, bad);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("is not a number of words", await refused.Content.ReadAsStringAsync());
        Assert.Equal(sections.ToJsonString(),
            (await _api.Get($"/api/rounds/{round}/application-form", secretaryKey)).Json["sections"]!.AsArray().ToJsonString());

        var good = Fields(sections, await page.Token(path));
        good[$"Sections[{row}].MaxLength"] = "1,234";
        var saved = await page.Post(path, good);
        Assert.True(saved.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"expected a redirect, got {(int)saved.StatusCode}: {await saved.Content.ReadAsStringAsync()}");

        var after = (await _api.Get($"/api/rounds/{round}/application-form", scorerKey)).Json["sections"]!.AsArray();
        Assert.Equal(1234, (int)after[row]!["maxLength"]!);
        Assert.Equal(sections.Count, after.Count);
        Assert.Contains("At most 1,234 words", (await page.Get(path)).Body);

        using var scorerPage = await SignedIn(scorerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorerPage.Get(path)).Status);
        var token = await scorerPage.Token("/rounds");
        Assert.Equal(HttpStatusCode.Forbidden, (await scorerPage.Post(path, Fields(after, token))).StatusCode);
    }
}
