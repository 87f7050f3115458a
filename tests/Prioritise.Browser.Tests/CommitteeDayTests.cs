using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Prioritise.Browser.Tests;

/// <summary>
/// The committee's day in a real browser: a member scores, a conflicted bid stays shut, the chair
/// closes scoring and moderates with the cap bar in view, and finance confirms and downloads.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CommitteeDayTests(BrowserFixture fixture)
{
    private sealed record Setup(string Round, string Scorer, string ScorerKey, string Scorer2, string Scorer2Key,
        string Chair, string ChairKey, string Finance, string FinanceKey);

    /// <summary>
    /// Cap 100,000. Bids: falls 40k, housing 30k, gym 20k (to Hackney Council, the scorer's own
    /// organisation: conflicted), rehab 35k. Criteria impact (weight 3) and cost (weight 1).
    /// </summary>
    private async Task<Setup> NewRound()
    {
        var api = fixture.Api;
        var round = TestIds.New("day");
        var scorer = TestIds.New("alex");
        var scorer2 = TestIds.New("sam");
        var chair = TestIds.New("chris");
        var finance = TestIds.New("fran");
        var scorerKey = await api.CreateMember(scorer, "Hackney Council");
        var scorer2Key = await api.CreateMember(scorer2, "Healthwatch Hackney");
        var chairKey = await api.CreateMember(chair, "City and Hackney CCG");
        var financeKey = await api.CreateMember(finance, "City and Hackney CCG");
        await api.CreateRound(round, 100_000m);
        await api.Appoint(round, scorer, "scorer");
        await api.Appoint(round, scorer2, "scorer");
        await api.Appoint(round, chair, "chair");
        await api.Appoint(round, finance, "finance");
        await api.AddBid(round, "falls", 40_000m, title: "Falls prevention");
        await api.AddBid(round, "housing", 30_000m, title: "Housing First");
        await api.AddBid(round, "gym", 20_000m, sponsor: "Hackney Council", title: "Council gym");
        await api.AddBid(round, "rehab", 35_000m, title: "Pulmonary rehab");
        await api.OpenScoring(round);
        return new Setup(round, scorer, scorerKey, scorer2, scorer2Key, chair, chairKey, finance, financeKey);
    }

    private async Task SignIn(IPage page, string key)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync("**/rounds");
        }
        catch (TimeoutException e)
        {
            // Say where the browser ended up and what the page said, not only that it timed out.
            await fixture.Shot(page, "failed-sign-in", check: false);
            var body = await page.Locator("body").InnerTextAsync(new() { Timeout = 5000 });
            throw new Xunit.Sdk.XunitException($"Signing in did not reach /rounds: the browser is at {page.Url}, showing:\n{body}\n({e.Message})");
        }
    }

    [BrowserFact]
    public async Task A_member_scores_two_bids_saving_a_draft_first_and_cannot_open_a_conflicted_bid()
    {
        var s = await NewRound();
        var page = await fixture.NewPage();
        await SignIn(page, s.ScorerKey);
        await fixture.Shot(page, "member-01-rounds");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Round {s.Round}" }).ClickAsync();
        await Assertions.Expect(page.GetByText("0 of 3 scored")).ToBeVisibleAsync();
        var gym = page.Locator("tr", new() { HasText = "Council gym" });
        await Assertions.Expect(gym).ToHaveClassAsync(new Regex("conflicted"));
        await Assertions.Expect(gym.GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        await Assertions.Expect(gym).ToContainTextAsync("Hackney Council");
        await fixture.Shot(page, "member-02-bids");

        // A draft may be partial and counts for nothing.
        await page.GetByRole(AriaRole.Link, new() { Name = "Falls prevention" }).ClickAsync();
        await page.GetByLabel("Impact").SelectOptionAsync("8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Draft saved");
        await Assertions.Expect(page.GetByLabel("Impact")).ToHaveValueAsync("8");
        await fixture.Shot(page, "member-03-draft");

        // Submitting without every criterion is refused with a clear message.
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit scores" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Cost");
        await fixture.Shot(page, "member-04-incomplete");

        await page.GetByLabel("Cost").SelectOptionAsync("5");
        await page.GetByLabel("Comment").FillAsync("Strong case for prevention.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit scores" }).ClickAsync();
        await Assertions.Expect(page.GetByText("1 of 3 scored")).ToBeVisibleAsync();
        await fixture.Shot(page, "member-05-first-submitted");

        await page.GetByRole(AriaRole.Link, new() { Name = "Housing First" }).ClickAsync();
        await page.GetByLabel("Impact").SelectOptionAsync("6");
        await page.GetByLabel("Cost").SelectOptionAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit scores" }).ClickAsync();
        await Assertions.Expect(page.GetByText("2 of 3 scored")).ToBeVisibleAsync();
        await fixture.Shot(page, "member-06-second-submitted");

        // The sheets reached the service as the member's own: (3*8 + 1*5)/4 = 7.25.
        var sheet = await fixture.Api.Get($"/api/rounds/{s.Round}/bids/falls/sheets/{s.Scorer}", s.ScorerKey);
        Assert.Equal(8, (int)sheet.Json["scores"]!["impact"]!);
        Assert.Equal(5, (int)sheet.Json["scores"]!["cost"]!);
        Assert.True((bool)sheet.Json["submitted"]!);

        // Going straight to the conflicted bid's sheet shows why, offers no form, and answers 403.
        var response = await page.GotoAsync($"/rounds/{s.Round}/bids/gym/sheet");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByText("You may not score this bid")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit scores" })).ToHaveCountAsync(0);
        await fixture.Shot(page, "member-07-conflicted");
    }

    [BrowserFact]
    public async Task The_chair_closes_scoring_and_moderates_then_finance_confirms_and_downloads_the_excel_file()
    {
        var s = await NewRound();
        var api = fixture.Api;
        // alex is conflicted on gym; sam scores everything. Totals (3*impact + cost)/4 give means
        // falls 8, gym 7, housing 6.5, rehab 5.
        await api.Submit(s.Round, "falls", s.Scorer, s.ScorerKey, 8, 8);
        await api.Submit(s.Round, "falls", s.Scorer2, s.Scorer2Key, 8, 8);
        await api.Submit(s.Round, "housing", s.Scorer, s.ScorerKey, 7, 5);
        await api.Submit(s.Round, "housing", s.Scorer2, s.Scorer2Key, 6, 8);
        await api.Submit(s.Round, "gym", s.Scorer2, s.Scorer2Key, 7, 7);
        await api.Submit(s.Round, "rehab", s.Scorer, s.ScorerKey, 5, 5);
        await api.Submit(s.Round, "rehab", s.Scorer2, s.Scorer2Key, 5, 5);

        var chair = await fixture.NewPage();
        await SignIn(chair, s.ChairKey);
        await chair.GotoAsync($"/rounds/{s.Round}/chair");
        await fixture.Shot(chair, "chair-01-scoring-open");
        await chair.GetByRole(AriaRole.Button, new() { Name = "Close scoring" }).ClickAsync();
        await Assertions.Expect(chair.GetByRole(AriaRole.Status)).ToContainTextAsync("Scoring is closed");
        await Assertions.Expect(chair.Locator("svg[aria-labelledby='spread-title spread-desc']")).ToBeVisibleAsync();
        // The analytics beside the results: falls (mean 8 from two identical sheets) is funded in every draw.
        await Assertions.Expect(chair.Locator("#funding-chances tr", new() { HasText = "Falls prevention" })).ToContainTextAsync("100%");
        await Assertions.Expect(chair.Locator("#portfolios")).ToContainTextAsync("Best portfolio under the cap");
        await fixture.Shot(chair, "chair-02-results-and-charts");

        // Ranked falls 40k, gym 20k, housing 30k (90k), then rehab 35k misses the 100k cap.
        await chair.GetByRole(AriaRole.Link, new() { Name = "Moderation", Exact = true }).ClickAsync();
        var bar = chair.Locator("#cap-bar");
        await Assertions.Expect(bar).ToContainTextAsync("Funded: £90,000");
        await Assertions.Expect(chair.Locator("#board tbody tr").First).ToHaveAttributeAsync("data-bid", "falls");
        await fixture.Shot(chair, "chair-03-moderation");

        // Move Housing First up above the gym.
        var housing = chair.Locator("#board tr[data-bid='housing']");
        await housing.Locator("summary", new() { HasTextString = "Change" }).ClickAsync();
        var move = housing.Locator("form", new() { Has = chair.GetByRole(AriaRole.Button, new() { Name = "Move up" }) });
        await move.GetByLabel("Reason").FillAsync("Housing is the committee's priority this year");
        await move.GetByRole(AriaRole.Button, new() { Name = "Move up" }).ClickAsync();
        await Assertions.Expect(chair.GetByRole(AriaRole.Status)).ToContainTextAsync("Moved");
        await Assertions.Expect(chair.Locator("#board tbody tr").Nth(1)).ToHaveAttributeAsync("data-bid", "housing");
        await fixture.Shot(chair, "chair-04-moved");

        // A partial award of 30,000 to falls: 30 + 30 + 20 = 80k funded; rehab (35k) would make 115k,
        // so the line still stops before it, leaving 20k of headroom.
        var falls = chair.Locator("#board tr[data-bid='falls']");
        await falls.Locator("summary", new() { HasTextString = "Change" }).ClickAsync();
        var award = falls.Locator("form", new() { Has = chair.GetByRole(AriaRole.Button, new() { Name = "Award" }) });
        await award.GetByLabel("Partial award").FillAsync("30000");
        await award.GetByLabel("Reason").FillAsync("Phase one only this year");
        await award.GetByRole(AriaRole.Button, new() { Name = "Award" }).ClickAsync();
        await Assertions.Expect(chair.GetByRole(AriaRole.Status)).ToContainTextAsync("Partial award made");
        await Assertions.Expect(bar).ToContainTextAsync("Funded: £80,000");
        await Assertions.Expect(bar).ToContainTextAsync("Headroom £20,000");
        await Assertions.Expect(chair.Locator("#history")).ToContainTextAsync("Phase one only this year");
        await fixture.Shot(chair, "chair-05-partial-award");
        // (issue 14) Finance's page offers the confirmation once the chair marks the list ready.
        await chair.GetByRole(AriaRole.Button, new() { Name = "Mark ready for finance" }).ClickAsync();
        await Assertions.Expect(chair.Locator("#ready")).ToContainTextAsync("Marked ready for finance");

        var finance = await fixture.NewPage();
        await SignIn(finance, s.FinanceKey);
        await finance.GotoAsync($"/rounds/{s.Round}/finance");
        await Assertions.Expect(finance.Locator("#cap-bar")).ToContainTextAsync("Funded: £80,000");
        await Assertions.Expect(finance.Locator("#portfolios")).ToBeVisibleAsync();
        await fixture.Shot(finance, "finance-01-before-confirming");
        await finance.GetByRole(AriaRole.Button, new() { Name = "Confirm decision 1" }).ClickAsync();
        await Assertions.Expect(finance.GetByRole(AriaRole.Status)).ToContainTextAsync("Decision 1 confirmed");
        await Assertions.Expect(finance.Locator("#decisions")).ToContainTextAsync("£80,000");
        await fixture.Shot(finance, "finance-02-confirmed");

        var download = await finance.RunAndWaitForDownloadAsync(() => finance.Locator("#download-xlsx").ClickAsync());
        var file = Path.Combine(fixture.Screenshots, "finance-03-report.xlsx");
        await download.SaveAsAsync(file);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 1000, "The workbook is implausibly small.");
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
    }
}
