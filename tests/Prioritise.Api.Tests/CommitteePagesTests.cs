using System.Net;
using System.Text.RegularExpressions;

namespace Prioritise.Api.Tests;

/// <summary>
/// Issue 14 on the pages, over plain HTTP: money to the penny, the error pages (status, the site's
/// header, a way back; the API's answers unchanged), a closed sheet shown read-only with the bid
/// above it, and the scoring deadline in UK time with what is outstanding. Figures worked by hand.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed partial class CommitteePagesTests(SharedSilo fixture)
{
    private readonly ApiClient _api = fixture.Api;

    /// <summary>The page's text as a person reads it: tags dropped, entities decoded ("&#xA3;" is "£"), spaces squeezed, none before a stop.</summary>
    private static string Text(string html) =>
        BeforeStop().Replace(Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " "), "$1");

    [GeneratedRegex("<[^>]+>")] private static partial Regex Tags();
    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
    [GeneratedRegex(@" ([.,:;])")] private static partial Regex BeforeStop();

    private sealed record Round(string Id, string Scorer, string ScorerKey, string Scorer2, string Scorer2Key, string ChairKey);

    /// <summary>
    /// Cap £200,000. Falls £65,000.50, Housing £77,742.00, Rehab £60,000.00; criteria impact (3) and
    /// cost (1). Both scorers give Falls 9/9, Housing 8/8 and Rehab 5/5, so the ranking is Falls,
    /// Housing, Rehab; the line funds Falls and Housing: £65,000.50 + £77,742.00 = £142,742.50, and
    /// Rehab (£60,000) would make £202,742.50, over the cap. Headroom £200,000 - £142,742.50 = £57,257.50.
    /// </summary>
    private async Task<Round> PennyRound(bool submit, object? scoringClosesAt = null)
    {
        var round = TestIds.New("penny");
        var scorer = TestIds.New("ash");
        var scorer2 = TestIds.New("sam");
        var chair = TestIds.New("chris");
        var scorerKey = await _api.CreateMember(scorer, "Healthwatch Hackney");
        var scorer2Key = await _api.CreateMember(scorer2, "Hackney CVS");
        var chairKey = await _api.CreateMember(chair, "City and Hackney CCG");
        (await _api.Post("/api/rounds", _api.AdminKey, new
        {
            id = round, name = $"Round {round}", fundingCap = 200_000m, criteria = ApiClient.TwoCriteria, scoringClosesAt,
        })).Is(HttpStatusCode.Created);
        await _api.Appoint(round, scorer, "scorer");
        await _api.Appoint(round, scorer2, "scorer");
        await _api.Appoint(round, chair, "chair");
        (await _api.Post($"/api/rounds/{round}/bids", _api.AdminKey, new
        {
            id = "falls", title = "Falls prevention", workstream = "Unplanned Care", sponsoringOrganisation = "Homerton Hospital",
            recipientOrganisations = new[] { "Homerton Hospital", "Hackney Council" }, amountRequested = 65_000.50m,
            summary = "Strength and balance classes for people at risk of falling.",
        })).Is(HttpStatusCode.Created);
        await _api.AddBid(round, "housing", 77_742m, title: "Housing First");
        await _api.AddBid(round, "rehab", 60_000m, title: "Pulmonary rehab");
        await _api.OpenScoring(round);
        if (submit)
            foreach (var (member, key) in new[] { (scorer, scorerKey), (scorer2, scorer2Key) })
            {
                await _api.Submit(round, "falls", member, key, 9, 9);
                await _api.Submit(round, "housing", member, key, 8, 8);
                await _api.Submit(round, "rehab", member, key, 5, 5);
            }
        return new Round(round, scorer, scorerKey, scorer2, scorer2Key, chairKey);
    }

    [Fact]
    public async Task Money_shows_to_the_penny_and_the_pot_adds_up_on_the_page()
    {
        var r = await PennyRound(submit: true);
        using (var scorer = await PageSession.SignedIn(fixture.Silo.BaseAddress, r.ScorerKey))
        {
            var bids = Text((await scorer.Get($"/rounds/{r.Id}")).Body);
            Assert.Contains("£65,000.50", bids);
            Assert.DoesNotContain("£65,001", bids);
            Assert.Contains("£77,742", bids);
            var sheet = Text((await scorer.Get($"/rounds/{r.Id}/bids/falls/sheet")).Body);
            Assert.Contains("Amount requested £65,000.50", sheet);
        }

        await _api.CloseScoring(r.Id);
        using var chair = await PageSession.SignedIn(fixture.Silo.BaseAddress, r.ChairKey);
        var (status, html, _) = await chair.Get($"/rounds/{r.Id}/chair");
        Assert.Equal(HttpStatusCode.OK, status);
        var page = Text(html);
        Assert.Contains("the line is drawn at the cap of £200,000", page);
        // The committee's list in "What could the pot buy?": 2 bids, cost £142,742.50, headroom £57,257.50.
        Assert.Contains("The committee's list 2 £142,742.50 17.0 £57,257.50", page);
        Assert.DoesNotContain("£142,743", page);
        Assert.DoesNotContain("£57,258", page);
        Assert.DoesNotContain("£200,001", page);
        // The chart's cap label: the whole figure, never cut short.
        Assert.Contains("Cap £200,000", page);
    }

    [Fact]
    public async Task An_unknown_round_bid_or_path_is_a_404_page_with_the_header_and_a_way_back()
    {
        var r = await PennyRound(submit: false);
        using var scorer = await PageSession.SignedIn(fixture.Silo.BaseAddress, r.ScorerKey);
        foreach (var path in new[] { "/rounds/no-such-round", $"/rounds/{r.Id}/bids/no-such-bid/sheet", "/no-such-page", "/favicon.ico", "/rounds/bad%20id" })
        {
            var (status, html, response) = await scorer.Get(path);
            Assert.True(status == HttpStatusCode.NotFound, $"{path}: {(int)status}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var page = Text(html);
            Assert.Contains("Page not found", page);
            Assert.Contains($"Signed in as {r.Scorer}", page);
            Assert.Contains("Sign out", page);
            Assert.Contains("href=\"/rounds\"", html);
        }
        // Under a round the way back is the round.
        Assert.Contains($"href=\"/rounds/{r.Id}\"", (await scorer.Get($"/rounds/{r.Id}/bids/no-such-bid/sheet")).Body);

        // The site has an icon of its own.
        var (iconStatus, _, icon) = await scorer.Get("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, iconStatus);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_403_page_keeps_the_header_and_sign_out()
    {
        var r = await PennyRound(submit: false);
        using var scorer = await PageSession.SignedIn(fixture.Silo.BaseAddress, r.ScorerKey);
        var (status, html, _) = await scorer.Get($"/rounds/{r.Id}/chair");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var page = Text(html);
        Assert.Contains("You do not have access to this page", page);
        Assert.Contains($"Signed in as {r.Scorer}", page);
        Assert.Contains("Sign out", page);
        Assert.Contains($"href=\"/rounds/{r.Id}\"", html);
    }

    [Fact]
    public async Task Signed_out_a_page_path_still_goes_to_sign_in_and_the_api_still_answers_problem_details()
    {
        using var anonymous = new PageSession(fixture.Silo.BaseAddress);
        foreach (var path in new[] { "/no-such-page", "/rounds/no-such-round" })
        {
            var (status, _, response) = await anonymous.Get(path);
            Assert.Equal(HttpStatusCode.Redirect, status);
            Assert.StartsWith("/sign-in", response.Headers.Location!.OriginalString.Replace(fixture.Silo.BaseAddress.ToString().TrimEnd('/'), ""));
        }
        // The API's answers are exactly as before: 401 without a key, 404 with one, both problem+json.
        (await _api.Get("/api/no-such-thing", key: null)).Problem(HttpStatusCode.Unauthorized);
        (await _api.Get("/api/no-such-thing", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get("/api/rounds/no-such-round", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_refused_sign_in_form_is_the_400_page_never_a_500()
    {
        // No anti-forgery token, and a form with more fields than the server reads: both 400, both
        // re-executed as a POST to the error page, which binds nothing and so reads no form again.
        using var anonymous = new PageSession(fixture.Silo.BaseAddress);
        var manyFields = Enumerable.Range(0, 5_000).ToDictionary(i => $"f{i}", _ => "v");
        foreach (var form in new[] { new Dictionary<string, string> { ["Key"] = "x" }, manyFields })
        {
            using var response = await anonymous.Post("/sign-in", form);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Something was wrong with that request", Text(await response.Content.ReadAsStringAsync()));
        }
    }

    [Fact]
    public async Task After_close_the_sheet_is_shown_read_only_with_the_bid_above_it()
    {
        var r = await PennyRound(submit: true);
        using var scorer = await PageSession.SignedIn(fixture.Silo.BaseAddress, r.ScorerKey);
        var open = (await scorer.Get($"/rounds/{r.Id}/bids/falls/sheet")).Body;
        Assert.Contains("<select", open);

        await _api.CloseScoring(r.Id);
        var (status, html, _) = await scorer.Get($"/rounds/{r.Id}/bids/falls/sheet");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<select", html);
        Assert.DoesNotContain("<textarea", html);
        Assert.DoesNotContain("Submit scores", html);
        var page = Text(html);
        Assert.Contains("Amount requested £65,000.50", page);
        Assert.Contains("Workstream Unplanned Care", page);
        Assert.Contains("Sponsoring organisation Homerton Hospital", page);
        Assert.Contains("The money would go to Homerton Hospital, Hackney Council", page);
        Assert.Contains("Strength and balance classes for people at risk of falling.", page);
        Assert.Contains("Scoring has closed. You submitted this sheet on", page);
        Assert.Contains("Impact Weight 3 9 out of 10", page);
        Assert.Contains("Cost Weight 1 9 out of 10", page);
        Assert.Contains("Comment ok", page);
    }

    [Fact]
    public async Task The_deadline_shows_in_uk_time_with_the_sheets_outstanding()
    {
        // 16:00 UTC on 4 June 2027 is 17:00 British Summer Time, a Friday.
        var r = await PennyRound(submit: false, scoringClosesAt: "2027-06-04T16:00:00Z");
        await _api.Submit(r.Id, "falls", r.Scorer, r.ScorerKey, 9, 9);
        using var scorer = await PageSession.SignedIn(fixture.Silo.BaseAddress, r.ScorerKey);
        var page = Text((await scorer.Get($"/rounds/{r.Id}")).Body);
        Assert.Contains("Scoring closes on Friday 4 June 2027 at 17:00 (UK time): you have 2 sheets still to submit.", page);
        Assert.Contains("Scoring closes on Friday 4 June 2027 at 17:00 (UK time).", Text((await scorer.Get($"/rounds/{r.Id}/bids/housing/sheet")).Body));

        using var chair = await PageSession.SignedIn(fixture.Silo.BaseAddress, r.ChairKey);
        var board = Text((await chair.Get($"/rounds/{r.Id}/chair")).Body);
        Assert.Contains("The committee's deadline is Friday 4 June 2027 at 17:00 (UK time). Scoring does not close by itself", board);
        // The first scorer has submitted 1 of 3, the second none.
        Assert.Contains("1 of 3 2 outstanding", board);
        Assert.Contains("0 of 3 3 outstanding", board);
    }
}
