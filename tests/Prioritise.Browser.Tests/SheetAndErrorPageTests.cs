using Microsoft.Playwright;

namespace Prioritise.Browser.Tests;

/// <summary>
/// Issue 14 in a real browser, each page shot at 1366 and 390 px with axe-core run on it (the
/// fixture's Shot): the score sheet with the bid above it, the same sheet read-only once scoring
/// has closed, and the error pages with the site's header.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SheetAndErrorPageTests(BrowserFixture fixture)
{
    private async Task SignIn(IPage page, string key)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/rounds");
    }

    [BrowserFact]
    public async Task The_sheet_shows_the_bid_then_reads_only_once_scoring_has_closed_and_errors_keep_the_header()
    {
        var api = fixture.Api;
        var round = TestIds.New("sheet");
        var scorer = TestIds.New("ash");
        var key = await api.CreateMember(scorer, "Healthwatch Hackney");
        (await api.Post("/api/rounds", api.AdminKey, new
        {
            id = round, name = $"Round {round}", fundingCap = 200_000m, criteria = ApiClient.TwoCriteria,
            scoringClosesAt = "2026-12-11T17:00:00Z",
        })).Is(System.Net.HttpStatusCode.Created);
        await api.Appoint(round, scorer, "scorer");
        (await api.Post($"/api/rounds/{round}/bids", api.AdminKey, new
        {
            id = "falls", title = "Falls prevention", workstream = "Unplanned Care", sponsoringOrganisation = "Homerton Hospital",
            recipientOrganisations = new[] { "Homerton Hospital", "Hackney Council" }, amountRequested = 65_000.50m,
            summary = "Strength and balance classes for people at risk of falling, run by physiotherapists in community centres.",
        })).Is(System.Net.HttpStatusCode.Created);
        await api.OpenScoring(round);

        var page = await fixture.NewPage();
        await SignIn(page, key);
        await page.GotoAsync($"/rounds/{round}");
        // December is GMT: 17:00 UTC is 17:00 in the UK.
        await Assertions.Expect(page.Locator("#deadline")).ToContainTextAsync("Scoring closes on Friday 11 December 2026 at 17:00 (UK time): you have 1 sheet still to submit.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Falls prevention" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bid-amount")).ToHaveTextAsync("£65,000.50");
        await Assertions.Expect(page.GetByText("Strength and balance classes")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Homerton Hospital, Hackney Council")).ToBeVisibleAsync();
        await fixture.Shot(page, "sheet-01-bid-shown");

        await page.GetByLabel("Impact").SelectOptionAsync("9");
        await page.GetByLabel("Cost").SelectOptionAsync("7");
        await page.GetByLabel("Comment").FillAsync("Good evidence from the pilot.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit scores" }).ClickAsync();
        await Assertions.Expect(page.GetByText("1 of 1 scored")).ToBeVisibleAsync();

        await api.CloseScoring(round);
        await page.GotoAsync($"/rounds/{round}/bids/falls/sheet");
        await Assertions.Expect(page.Locator("#sheet-state")).ToContainTextAsync("Scoring has closed. You submitted this sheet on");
        await Assertions.Expect(page.Locator("#sheet")).ToContainTextAsync("9 out of 10");
        await Assertions.Expect(page.Locator("#sheet")).ToContainTextAsync("Good evidence from the pilot.");
        await Assertions.Expect(page.Locator("select, textarea, button[type=submit]:not(header button)")).ToHaveCountAsync(0);
        await fixture.Shot(page, "sheet-02-read-only");

        var missing = await page.GotoAsync($"/rounds/{round}/bids/no-such-bid/sheet");
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to the round" })).ToHaveAttributeAsync("href", $"/rounds/{round}");
        await fixture.Shot(page, "error-01-not-found");

        var forbidden = await page.GotoAsync($"/rounds/{round}/chair");
        Assert.Equal(403, forbidden!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You do not have access to this page" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await fixture.Shot(page, "error-02-forbidden");
    }
}
