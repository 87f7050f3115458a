using System.Text;
using Microsoft.Playwright;

namespace Prioritise.Browser.Tests;

/// <summary>
/// The call for bids in a real browser (issue 15): an applicant fills in the default form and
/// attaches a PDF, the secretary screens it, and a member scores it with the application beside
/// the score controls.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApplicationDayTests(BrowserFixture fixture)
{
    private async Task SignIn(IPage page, string key)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/rounds");
    }

    [BrowserFact]
    public async Task An_applicant_applies_with_a_pdf_the_secretary_accepts_and_a_member_scores_with_the_application_in_view()
    {
        var api = fixture.Api;
        var round = TestIds.New("callday");
        string secretary = TestIds.New("rowan"), applicant = TestIds.New("oak"), scorer = TestIds.New("ash");
        var secretaryKey = await api.CreateMember(secretary, "City and Hackney CCG");
        var applicantKey = await api.CreateMember(applicant, "Age UK East London");
        var scorerKey = await api.CreateMember(scorer, "Healthwatch Hackney");
        await api.CreateRound(round, 100_000m);
        await api.Appoint(round, secretary, "secretary");
        await api.Appoint(round, applicant, "applicant");
        await api.Appoint(round, scorer, "scorer");

        // The secretary opens the call.
        var page = await fixture.NewPage();
        await SignIn(page, secretaryKey);
        await page.GotoAsync($"/rounds/{round}/applications");
        await page.GetByLabel("Closing date").FillAsync(DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the call" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Call opened");
        await fixture.Shot(page, "call-01-secretary-opens");

        // The applicant starts an application and fills in the default form.
        page = await fixture.NewPage();
        await SignIn(page, applicantKey);
        await page.GotoAsync($"/rounds/{round}/applications");
        await page.GetByLabel("Scheme title").FillAsync("Take Home and Settle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start an application" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Application started")).ToBeVisibleAsync();
        await page.Locator("#f-sponsor").FillAsync("Age UK East London");
        await page.Locator("#f-recipients").FillAsync("Age UK East London");
        await page.Locator("#f-amount").FillAsync("60000");
        await page.Locator("#s-sponsoringOrganisation").FillAsync("Unplanned Care Workstream (CCG / LBH)");
        await page.Locator("#s-summary").FillAsync("A new service taking patients home from hospital and settling them in.");
        await page.Locator("#s-expectedImpact-overall").FillAsync("Fewer readmissions within 30 days.");
        await page.Locator("#s-expectedImpact-impact").FillAsync("Around 40 people a month settled safely at home.");
        // Submitting without the case for change: the page names the section.
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the application" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'Case for change' must be answered");
        await fixture.Shot(page, "call-02-applicant-missing-section");
        await page.Locator("#s-caseForChange").FillAsync("Delayed discharges rose last winter.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Draft saved.")).ToBeVisibleAsync();

        await page.Locator("#upload").SetInputFilesAsync(new FilePayload
        {
            Name = "costs.pdf", MimeType = "application/pdf",
            Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach the file", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("'costs.pdf' attached.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "costs.pdf" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the application" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Waiting to be screened").First).ToBeVisibleAsync();
        await fixture.Shot(page, "call-03-applicant-submitted");

        // The secretary screens it from the queue.
        page = await fixture.NewPage();
        await SignIn(page, secretaryKey);
        await page.GotoAsync($"/rounds/{round}/applications");
        await Assertions.Expect(page.GetByText("Waiting to be screened (1)")).ToBeVisibleAsync();
        await page.Locator("ul").GetByRole(AriaRole.Link, new() { Name = "Take Home and Settle" }).ClickAsync();
        await page.GetByLabel("Accept: it becomes a bid in the round").CheckAsync();
        await fixture.Shot(page, "call-04-secretary-screens");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Application accepted")).ToBeVisibleAsync();

        // Scoring opens; the member scores with the application beside the controls.
        await api.OpenScoring(round);
        page = await fixture.NewPage();
        await SignIn(page, scorerKey);
        await page.GotoAsync($"/rounds/{round}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Take Home and Settle" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The application" })).ToBeVisibleAsync();
        // Each criterion's answer stands beside that criterion's score control, in the scores' order.
        var said = page.Locator(".scores .said");
        await Assertions.Expect(said).ToHaveCountAsync(2);
        await Assertions.Expect(said.Nth(0)).ToContainTextAsync("Around 40 people a month settled safely at home.");
        await Assertions.Expect(said.Nth(1)).ToContainTextAsync("Fewer readmissions within 30 days.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "costs.pdf" })).ToBeVisibleAsync();
        await fixture.Shot(page, "call-05-member-sheet-with-application");
        await page.GetByLabel("Impact").SelectOptionAsync("8");
        await page.GetByLabel("Cost").SelectOptionAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit scores" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your scores for Take Home and Settle are submitted.")).ToBeVisibleAsync();
    }
}
