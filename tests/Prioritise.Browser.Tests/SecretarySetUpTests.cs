using System.Net;
using System.Text;
using Microsoft.Playwright;

namespace Prioritise.Browser.Tests;

/// <summary>
/// The secretary sets a round up from nothing in a real browser (issue 14): a round with criteria
/// and the weights' live total, members and bids imported from CSV (a bad file first), a weight
/// and a bid corrected with reasons, the committee seated, and keys issued after a confirmation
/// and shown once. Every step is shot at 1366 and 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecretarySetUpTests(BrowserFixture fixture)
{
    private async Task<(string Id, string Key)> OrganisationSecretary()
    {
        var api = fixture.Api;
        var id = TestIds.New("sasha");
        var key = await api.CreateMember(id, "City and Hackney governance");
        (await api.Send(HttpMethod.Patch, $"/api/members/{id}", api.AdminKey,
            new { secretary = true, reason = "Committee secretary for the 2026 rounds." })).Is(HttpStatusCode.OK);
        return (id, key);
    }

    private static async Task SignIn(IPage page, string key)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/rounds");
    }

    private static FilePayload Csv(string name, string text) =>
        new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    [BrowserFact]
    public async Task A_secretary_creates_a_round_without_scoring_and_no_criteria_and_its_chair_is_offered_start_moderation()
    {
        var (_, secretaryKey) = await OrganisationSecretary();
        var page = await fixture.NewPage();
        await SignIn(page, secretaryKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "New round" }).ClickAsync();
        var roundId = TestIds.New("bcf");
        // Scored by default; the other choice by its label, the criteria left empty.
        await Assertions.Expect(page.GetByLabel("Scored by the committee against the criteria")).ToBeCheckedAsync();
        await page.GetByLabel("Short id (optional)").FillAsync(roundId);
        await page.GetByLabel("Name of the round").FillAsync("BCF underspend 2018");
        await page.GetByLabel("The pot (funding cap) in pounds and pence").FillAsync("200000");
        await page.GetByLabel("No scoring: the chair orders and awards the accepted applications").CheckAsync();
        await fixture.Shot(page, "setup-13-new-round-without-scoring");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the round" }).ClickAsync();
        await page.WaitForURLAsync($"**/rounds/{roundId}/setup");
        await Assertions.Expect(page.GetByLabel("No scoring: the chair orders and awards the accepted applications")).ToBeCheckedAsync();
        await fixture.Shot(page, "setup-14-settings-without-scoring");
        var round = (await fixture.Api.Get($"/api/rounds/{roundId}", fixture.Api.AdminKey)).Is(HttpStatusCode.OK).Json;
        Assert.Equal("none", (string?)round["scoring"]);
        Assert.Empty(round["criteria"]!.AsArray());

        // The chair is offered "Start moderation"; once started, the choice is read-only with the rule's reason.
        var chair = TestIds.New("chair");
        var chairKey = await fixture.Api.CreateMember(chair, "City and Hackney CCG");
        await fixture.Api.Appoint(roundId, chair, "chair");
        var chairPage = await fixture.NewPage();
        await SignIn(chairPage, chairKey);
        await chairPage.GotoAsync($"/rounds/{roundId}/chair");
        await Assertions.Expect(chairPage.GetByRole(AriaRole.Button, new() { Name = "Open scoring" })).ToHaveCountAsync(0);
        await chairPage.GetByRole(AriaRole.Button, new() { Name = "Start moderation" }).ClickAsync();
        await Assertions.Expect(chairPage.GetByRole(AriaRole.Link, new() { Name = "Go to the moderation session" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#scoring")).ToContainTextAsync("Whether the round is scored can be changed only while the round is being set up.");
        await Assertions.Expect(page.Locator("#scoring-None")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#scoring-Scored")).ToHaveCountAsync(0);
        await fixture.Shot(page, "setup-15-settings-scoring-locked");
    }

    [BrowserFact]
    public async Task A_secretary_creates_a_round_from_nothing_imports_members_and_bids_corrects_a_weight_and_a_bid_seats_the_committee_and_issues_keys()
    {
        var (_, secretaryKey) = await OrganisationSecretary();
        var page = await fixture.NewPage();
        await SignIn(page, secretaryKey);

        // 1. A new round, with the weights' total and shares worked out as they are typed.
        await page.GetByRole(AriaRole.Link, new() { Name = "New round" }).ClickAsync();
        var roundId = TestIds.New("winter");
        await page.GetByLabel("Short id (optional)").FillAsync(roundId);
        await page.GetByLabel("Name of the round").FillAsync("Winter pressures 2026");
        await page.GetByLabel("The pot (funding cap) in pounds and pence").FillAsync("£100,000");
        await page.GetByLabel("Criterion 1 name").FillAsync("Impact");
        await page.GetByLabel("Criterion 1 weight").FillAsync("50");
        await page.GetByLabel("Criterion 2 name").FillAsync("Value for money");
        await page.GetByLabel("Criterion 2 weight").FillAsync("30");
        await page.GetByLabel("Criterion 3 name").FillAsync("Deliverability");
        await page.GetByLabel("Criterion 3 weight").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add another criterion" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Criterion 4 name")).ToBeFocusedAsync();
        // 50 + 30 + 20 = 100: shares 50.0%, 30.0% and 20.0%.
        await Assertions.Expect(page.Locator("#weights-total")).ToHaveTextAsync("100");
        await Assertions.Expect(page.Locator("output[for='criterion-1-weight']")).ToHaveTextAsync("30.0%");
        await fixture.Shot(page, "setup-01-new-round");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the round" }).ClickAsync();
        await page.WaitForURLAsync($"**/rounds/{roundId}/setup");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("is set up");
        await Assertions.Expect(page.Locator("#weights-total")).ToHaveTextAsync("100");
        await fixture.Shot(page, "setup-02-round-settings");

        // 2. Members from CSV, pasted; then bids from a file, a bad one first: every problem by line, nothing imported.
        await page.GetByRole(AriaRole.Link, new() { Name = "Import from CSV" }).ClickAsync();
        var alex = TestIds.New("alex");
        var sam = TestIds.New("sam");
        var chris = TestIds.New("chris");
        await page.GetByLabel("Or paste the rows").First.FillAsync($"""
            id,name,organisation,interests,roles
            {alex},Alex Morgan,Hackney Council,,scorer
            {sam},Sam Lee,Healthwatch Hackney,indirect:Age UK East London:Husband is a trustee,scorer
            {chris},Chris Patel,City and Hackney CCG,,chair
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and import the members" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("3 member(s) registered");

        await page.Locator("#bids-file").SetInputFilesAsync(Csv("bids.csv", """
            id,title,sponsoringOrganisation,amountRequested
            falls,Falls prevention,Age UK East London,"40,000"
            ,Housing First,Hackney Council,30000
            """));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and import the bids" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There are 2 problems in bids.csv; nothing was imported.");
        await Assertions.Expect(page.Locator("table.problems tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("table.problems tbody tr").First).ToContainTextAsync("The amount requested");
        await fixture.Shot(page, "setup-03-import-problems");

        await page.Locator("#bids-file").SetInputFilesAsync(Csv("bids.csv", """
            id,title,sponsoringOrganisation,amountRequested
            falls,Falls prevention,Age UK East London,40000
            housing,Housing First,Hackney Council,30000
            rehab,Pulmonary rehab,Homerton Hospital,35000.50
            """));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and import the bids" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("3 bid(s) added");
        await fixture.Shot(page, "setup-04-imported");

        // 3. A weight corrected, with the reason: 50 becomes 60, so the total is 110 and Impact's share 54.5%.
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await page.GetByLabel("Criterion 1 weight").FillAsync("60");
        await Assertions.Expect(page.Locator("#weights-total")).ToHaveTextAsync("110");
        await Assertions.Expect(page.Locator("output[for='criterion-0-weight']")).ToHaveTextAsync("54.5%");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the corrections" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync(); // no reason given yet
        await fixture.Shot(page, "setup-05-correction-needs-a-reason");
        await page.GetByLabel("Reason for the change").FillAsync("The panel agreed impact counts for more this winter.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the corrections" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("corrected");
        await Assertions.Expect(page.GetByLabel("Criterion 1 weight")).ToHaveValueAsync("60");
        await fixture.Shot(page, "setup-06-weight-corrected");

        // 4. A bid corrected: the rehab bid's costing revised.
        await page.GetByRole(AriaRole.Link, new() { Name = "Bids", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Correct or withdraw Pulmonary rehab" }).ClickAsync();
        await page.GetByLabel("Amount requested in pounds and pence").FillAsync("32,000");
        await page.GetByLabel("Reason for the change").FillAsync("The applicant's revised costing of 20 November.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the corrections" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("is corrected");
        await Assertions.Expect(page.GetByText("Requested: £32,000")).ToBeVisibleAsync();
        await fixture.Shot(page, "setup-07-bid-corrected");

        // 5. The committee: a finance member registered (their first key shown once), seated, and a scorer made chair too.
        await page.GetByRole(AriaRole.Link, new() { Name = "Members and keys" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Fran Okafor");
        await page.GetByLabel("Organisation").First.FillAsync("City and Hackney CCG");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register the member" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The new key for Fran Okafor" })).ToBeVisibleAsync();
        await fixture.Shot(page, "setup-08-registered-key-once");

        await page.GotoAsync($"/rounds/{roundId}/setup/committee");
        await page.Locator("#appoint-member").SelectOptionAsync(new SelectOptionValue { Label = "Fran Okafor (City and Hackney CCG)" });
        var add = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Add to the committee" }) });
        await add.GetByLabel("Scorer").UncheckAsync();
        await add.GetByLabel("Finance").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the committee" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("is on the committee");
        var samRow = page.Locator("tr", new() { HasText = "Sam Lee" });
        await samRow.GetByLabel("Chair").CheckAsync();
        await samRow.GetByRole(AriaRole.Button, new() { Name = "Change roles of Sam Lee" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("roles are changed");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "Sam Lee" }).GetByLabel("Chair")).ToBeCheckedAsync();
        await fixture.Shot(page, "setup-09-committee");

        // 6. Keys: asked first, issued by the POST, shown once on the page it redirects to; a reload shows nothing.
        await page.GetByRole(AriaRole.Link, new() { Name = "Members and keys" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Issue a new key for Alex Morgan" }).ClickAsync();
        await Assertions.Expect(page.GetByText("This stops Alex Morgan's current key working.")).ToBeVisibleAsync();
        await fixture.Shot(page, "setup-10-issue-key-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue a new key for Alex Morgan" }).ClickAsync();
        await page.WaitForURLAsync($"**/members/{alex}/key/issued");
        var key = await page.GetByLabel("Alex Morgan's key").InputValueAsync();
        Assert.StartsWith(alex + ".", key);
        await fixture.Shot(page, "setup-11-key-shown-once");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The key has already been shown" })).ToBeVisibleAsync();
        await fixture.Shot(page, "setup-12-key-not-shown-again");
        // The reload issued nothing: the key shown still opens the API.
        (await fixture.Api.Get($"/api/members/{alex}", key)).Is(HttpStatusCode.OK);
    }
}
