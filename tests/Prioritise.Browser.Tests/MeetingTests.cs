using Microsoft.Playwright;

namespace Prioritise.Browser.Tests;

/// <summary>
/// (issue 14) The meeting in a real browser: the chair moderates with "move after" and marks the
/// list ready; finance sees the moderated list, confirms it and opens the decision page.
/// Screenshots at 1366, 1024 and 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingTests(BrowserFixture fixture)
{
    private async Task SignIn(IPage page, string key)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/rounds");
    }

    /// <summary>The page at 1366 and 390 px (the fixture's) and at 1024 px, a meeting room's projector.</summary>
    private async Task Shots(IPage page, string name)
    {
        await fixture.Shot(page, name);
        await page.SetViewportSizeAsync(1024, 768);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Screenshots, name + "-1024.png"), FullPage = true });
        // Nothing wider than the window at 1024 px: wide tables scroll in their own box.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{name} scrolls sideways at 1024 px");
        await page.SetViewportSizeAsync(1366, 900);
    }

    [BrowserFact]
    public async Task The_chair_moves_after_and_marks_ready_then_finance_confirms_and_opens_the_decision()
    {
        var api = fixture.Api;
        var round = TestIds.New("meeting");
        var scorer = TestIds.New("alex");
        var chair = TestIds.New("chris");
        var finance = TestIds.New("fran");
        var scorerKey = await api.CreateMember(scorer, "Healthwatch Hackney");
        var chairKey = await api.CreateMember(chair, "City and Hackney CCG");
        var financeKey = await api.CreateMember(finance, "City and Hackney CCG");
        // Cap 100,000. Means (3*impact + cost)/4: falls 8, housing 7, rehab 6, stroke 5, hotline 4.
        await api.CreateRound(round, 100_000m);
        await api.Appoint(round, scorer, "scorer");
        await api.Appoint(round, chair, "chair");
        await api.Appoint(round, finance, "finance");
        await api.AddBid(round, "falls", 40_000m, title: "Falls prevention");
        await api.AddBid(round, "housing", 30_000m, title: "Housing First");
        await api.AddBid(round, "rehab", 20_000m, title: "Pulmonary rehab");
        await api.AddBid(round, "stroke", 10_000m, title: "Stroke psychology input");
        await api.AddBid(round, "hotline", 25_000m, title: "Cancer patient hotline");
        await api.OpenScoring(round);
        foreach (var (bid, score) in new[] { ("falls", 8), ("housing", 7), ("rehab", 6), ("stroke", 5), ("hotline", 4) })
            await api.Submit(round, bid, scorer, scorerKey, score, score);
        await api.CloseScoring(round, chairKey);

        var page = await fixture.NewPage();
        await SignIn(page, chairKey);
        await page.GotoAsync($"/rounds/{round}/moderation");
        // Ranked falls 40k, housing 70k, rehab 90k, stroke 100k (the cap); the hotline (25k) misses.
        var bar = page.Locator("#cap-bar");
        await Assertions.Expect(bar).ToContainTextAsync("Funded: £100,000");
        await Shots(page, "meeting-01-board");

        // The hotline, ranked 5, goes after falls in one action with its reason.
        var hotline = page.Locator("#board tr[data-bid='hotline']");
        await hotline.Locator("summary", new() { HasTextString = "Change" }).ClickAsync();
        var move = hotline.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Move after" }) });
        await move.GetByLabel("Reason for moving").FillAsync("Cancer waits are the board's first priority");
        await move.GetByLabel("Move after").SelectOptionAsync("falls");
        await move.GetByRole(AriaRole.Button, new() { Name = "Move after" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Moved");
        await Assertions.Expect(page.Locator("#board tbody tr").Nth(1)).ToHaveAttributeAsync("data-bid", "hotline");
        await Assertions.Expect(page.Locator("#board tr[data-bid='hotline']")).ToContainTextAsync("Moved from 5");
        // falls 40k, hotline 65k, housing 95k; rehab (20k) would make 115k: 95k funded, 5k headroom.
        await Assertions.Expect(bar).ToContainTextAsync("Funded: £95,000");
        await Assertions.Expect(bar).ToContainTextAsync("Headroom £5,000");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Version");

        await page.GetByLabel("Note for finance").FillAsync("Agreed by the committee");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark ready for finance" }).ClickAsync();
        await Assertions.Expect(page.Locator("#ready")).ToContainTextAsync("Marked ready for finance");
        // Scrolled down the board, the cap bar stays in view.
        await page.Locator("#history").ScrollIntoViewIfNeededAsync();
        Assert.True(await bar.IsVisibleAsync());
        var top = await bar.EvaluateAsync<double>("e => e.getBoundingClientRect().top");
        Assert.InRange(top, -1, 5);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Shots(page, "meeting-02-moved-and-ready");

        var fin = await fixture.NewPage();
        await SignIn(fin, financeKey);
        await fin.GotoAsync($"/rounds/{round}/finance");
        await Assertions.Expect(fin.Locator("#ready-state")).ToContainTextAsync("marked this list ready");
        await Assertions.Expect(fin.Locator("#moderated tbody tr").Nth(1)).ToHaveAttributeAsync("data-bid", "hotline");
        await Assertions.Expect(fin.Locator("#moderated tfoot")).ToContainTextAsync("£95,000");
        await Shots(fin, "meeting-03-finance-ready");
        await fin.GetByRole(AriaRole.Button, new() { Name = "Confirm decision 1" }).ClickAsync();
        await Assertions.Expect(fin.GetByRole(AriaRole.Status)).ToContainTextAsync("Decision 1 confirmed");
        await fin.GetByRole(AriaRole.Link, new() { Name = "See decision 1" }).ClickAsync();
        await Assertions.Expect(fin.Locator("h1")).ToHaveTextAsync("Decision 1");
        await Assertions.Expect(fin.Locator("#decision-summary")).ToContainTextAsync($"Confirmed by {finance}");
        await Assertions.Expect(fin.Locator("#frozen tbody tr").Nth(1)).ToHaveAttributeAsync("data-bid", "hotline");
        await Shots(fin, "meeting-04-decision");

        await fin.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        await fin.GetByLabel("Kind").SelectOptionAsync(new SelectOptionValue { Label = "Marked ready for finance" });
        await fin.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(fin.Locator("#audit tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(fin.Locator("#audit")).ToContainTextAsync("Agreed by the committee");
        await Shots(fin, "meeting-05-audit");
    }
}
