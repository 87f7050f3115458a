using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;

namespace Prioritise.Browser.Tests;

/// <summary>
/// After the decision in a real browser (issue 16): the secretary names the bodies and records their
/// resolutions until the decision reads approved; finance discharges a condition and releases
/// money, a release beyond the award refused beside the amount; an applicant reads their outcome,
/// downloads the letter and files a monitoring return. Each round is built through the API.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AfterDecisionTests(BrowserFixture fixture)
{
    private async Task SignIn(IPage page, string key)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/rounds");
    }

    private async Task<IPage> SignedIn(string key)
    {
        var page = await fixture.NewPage();
        await SignIn(page, key);
        return page;
    }

    private sealed record Scored(string RoundId, string SecretaryKey, string ChairKey, string FinanceKey);

    /// <summary>
    /// A round scored and closed, so it sits in moderation. Cap GBP 100,000; ranked falls 40,000,
    /// housing 30,000.25, rehab 12,345.67 (all funded: 82,345.92), hotline 25,000 (115,000 would pass the cap: not funded).
    /// </summary>
    private async Task<Scored> ScoredRound(string prefix)
    {
        var api = fixture.Api;
        var round = TestIds.New(prefix);
        string secretary = TestIds.New("sam"), chair = TestIds.New("chris"), finance = TestIds.New("fran"), scorer = TestIds.New("alex");
        var secretaryKey = await api.CreateMember(secretary, "City and Hackney CCG");
        var chairKey = await api.CreateMember(chair, "London Borough of Hackney");
        var financeKey = await api.CreateMember(finance, "City and Hackney CCG");
        var scorerKey = await api.CreateMember(scorer, "Healthwatch Hackney");
        await api.CreateRound(round, 100_000m);
        await api.Appoint(round, secretary, "secretary");
        await api.Appoint(round, chair, "chair");
        await api.Appoint(round, finance, "finance");
        await api.Appoint(round, scorer, "scorer");
        await api.AddBid(round, "falls", 40_000m, title: "Falls prevention");
        await api.AddBid(round, "housing", 30_000.25m, title: "Housing First");
        await api.AddBid(round, "rehab", 12_345.67m, title: "Pulmonary rehab");
        await api.AddBid(round, "hotline", 25_000m, title: "Cancer patient hotline");
        await api.OpenScoring(round, chairKey);
        foreach (var (bid, score) in new[] { ("falls", 8), ("housing", 7), ("rehab", 6), ("hotline", 5) })
            await api.Submit(round, bid, scorer, scorerKey, score, score);
        await api.CloseScoring(round, chairKey);
        return new Scored(round, secretaryKey, chairKey, financeKey);
    }

    private static readonly (string Id, string Name, string Power, string Met)[] BcfBodies =
    [
        ("bcf-steering-group", "Hackney BCF Steering Group", "endorse", "2018-07-24"),
        ("planned-care-leadership-group", "Planned Care Leadership Group", "endorse", "2018-07-31"),
        ("unplanned-care-board", "Unplanned Care Board", "endorse", "2018-08-15"),
        ("transformation-board", "Transformation Board", "endorse", "2018-08-29"),
        ("hackney-icb", "Hackney Integrated Commissioning Board", "approve", "2018-09-14"),
    ];

    [BrowserFact]
    public async Task The_secretary_names_five_bodies_and_records_each_resolution_until_the_decision_reads_approved()
    {
        var api = fixture.Api;
        var s = await ScoredRound("gov");

        // The secretary names the five bodies on the governance page, in order.
        var page = await SignedIn(s.SecretaryKey);
        await page.GotoAsync($"/rounds/{s.RoundId}/governance");
        await Assertions.Expect(page.Locator("#no-bodies")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".body-row")).ToHaveCountAsync(6);
        // A body with no say over the decision is refused beside its row, nothing saved.
        await page.Locator("#body-0-id").FillAsync("bcf-steering-group");
        await page.Locator("#body-0-name").FillAsync("Hackney BCF Steering Group");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the bodies" }).ClickAsync();
        await Assertions.Expect(page.Locator(".body-row").Nth(0).Locator(".field-error")).ToContainTextAsync("Say whether the body endorses or approves the decision.");
        await fixture.Shot(page, "after-01-governance-refused");
        for (var i = 0; i < BcfBodies.Length; i++)
        {
            var (id, name, power, _) = BcfBodies[i];
            await page.Locator($"#body-{i}-id").FillAsync(id);
            await page.Locator($"#body-{i}-name").FillAsync(name);
            await page.Locator($"#body-{i}-power").SelectOptionAsync(power);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the bodies" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Governance saved");
        await Assertions.Expect(page.Locator("#bodies li")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#bodies li").Nth(4)).ToContainTextAsync("Hackney Integrated Commissioning Board");
        await Assertions.Expect(page.Locator("#bodies li").Nth(4)).ToContainTextAsync("approves the decision");
        await Assertions.Expect(page.Locator("#no-decisions")).ToBeVisibleAsync();
        await fixture.Shot(page, "after-02-governance-named");

        // The board paper's cover details, typed on the same page and kept for every decision's paper.
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Hackney BCF underspend: recommendations for funding");
        await page.GetByLabel("Date of the paper").FillAsync("2018-09-14");
        await page.GetByLabel("Lead officer").FillAsync("Yashoda Patel");
        await page.GetByLabel("Author").FillAsync("Anna Garner");
        await page.GetByLabel("Committees it goes to").FillAsync("Hackney Integrated Commissioning Board");
        await page.GetByLabel("No, not for publication").CheckAsync();
        await page.GetByLabel("Recommendations").FillAsync("To NOTE the process.\nTo ENDORSE the schemes proposed.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the paper's details" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The board paper's details are saved");
        await Assertions.Expect(page.Locator("#paper-title-input")).ToHaveValueAsync("Hackney BCF underspend: recommendations for funding");
        await Assertions.Expect(page.Locator("#paper-public-no")).ToBeCheckedAsync();
        await fixture.Shot(page, "after-02b-board-paper");

        // Finance confirms: the decision waits on the first body.
        (await api.Post($"/api/rounds/{s.RoundId}/decisions", s.FinanceKey, new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);
        await page.ReloadAsync();
        var decision = page.Locator("#decision-1");
        await Assertions.Expect(page.Locator("#decision-1-status")).ToHaveTextAsync("Confirmed by finance, awaiting approval");
        await Assertions.Expect(page.Locator("#decision-1-next")).ToContainTextAsync("Hackney BCF Steering Group");
        await Assertions.Expect(page.Locator("#resolve-1-body")).ToHaveValueAsync("bcf-steering-group");

        // No meeting date: refused beside the date, nothing recorded.
        await decision.GetByLabel("Endorsed", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the resolution" }).ClickAsync();
        await Assertions.Expect(decision.Locator(".field-error")).ToContainTextAsync("Give the date of the meeting that resolved it.");
        await Assertions.Expect(page.Locator("#resolve-1-date")).ToHaveAttributeAsync("aria-invalid", "true");
        await fixture.Shot(page, "after-03-resolution-refused");

        // The four endorsements, each body preselected in its turn, and the approval.
        foreach (var (id, name, power, met) in BcfBodies)
        {
            await Assertions.Expect(page.Locator("#resolve-1-body")).ToHaveValueAsync(id);
            if (power == "approve")
            {
                // The board first defers it, with its reason: the page shows the deferral clearly, and it is still the board's turn.
                await decision.GetByLabel("Deferred to a later meeting").CheckAsync();
                await page.Locator("#resolve-1-date").FillAsync("2018-09-07");
                await page.Locator("#resolve-1-note").FillAsync("Wants the discharge-to-assess costs first.");
                await page.GetByRole(AriaRole.Button, new() { Name = "Record the resolution" }).ClickAsync();
                await Assertions.Expect(page.Locator("#decision-1-deferred")).ToContainTextAsync("Hackney Integrated Commissioning Board deferred the decision at its meeting of 7 September 2018: Wants the discharge-to-assess costs first.");
                await Assertions.Expect(page.Locator("#resolve-1-body")).ToHaveValueAsync(id);
                await fixture.Shot(page, "after-04b-deferred");
            }
            await decision.GetByLabel(power == "approve" ? "Approved" : "Endorsed", new() { Exact = true }).CheckAsync();
            await page.Locator("#resolve-1-date").FillAsync(met);
            await page.Locator("#resolve-1-minute").FillAsync("6.2");
            if (id == "transformation-board") await fixture.Shot(page, "after-04-resolution-form");
            await page.GetByRole(AriaRole.Button, new() { Name = "Record the resolution" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{name}: {(power == "approve" ? "approved" : "endorsed")}, recorded on decision 1.");
        }
        await Assertions.Expect(page.Locator("#decision-1-status")).ToHaveTextAsync("Approved");
        await Assertions.Expect(page.Locator("#governance-locked")).ToContainTextAsync("its governance can no longer change");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record the resolution" })).ToHaveCountAsync(0);
        await Assertions.Expect(decision.Locator("tr[data-body='hackney-icb']")).ToContainTextAsync("14 September 2018");
        await Assertions.Expect(page.Locator("#paper-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#paper-details")).ToContainTextAsync("Hackney BCF underspend: recommendations for funding");
        await fixture.Shot(page, "after-05-governance-approved");

        // The decision page reads "Approved", with each body's resolution, and offers the board paper.
        page = await SignedIn(s.ChairKey);
        await page.GotoAsync($"/rounds/{s.RoundId}/decisions/1");
        await Assertions.Expect(page.Locator("#decision-status")).ToContainTextAsync("Approved");
        await Assertions.Expect(page.Locator("#governance li")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#governance li[data-body='transformation-board']")).ToContainTextAsync("endorsed at its meeting of 29 August 2018 (minute 6.2)");
        var paper = await page.RunAndWaitForDownloadAsync(() => page.Locator("#paper-docx").ClickAsync());
        Assert.EndsWith("-decision-1-paper.docx", paper.SuggestedFilename);
        using (var doc = WordprocessingDocument.Open(await paper.PathAsync(), false))
        {
            var body = doc.MainDocumentPart!.Document.Body!;
            Assert.Contains("Falls prevention", body.InnerText);
            var cover = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>().First().Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>()
                .Select(row => row.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToArray()).First();
            Assert.Equal(["Title:", "Hackney BCF underspend: recommendations for funding"], cover);
        }
        await fixture.Shot(page, "after-06-decision-approved");
    }

    [BrowserFact]
    public async Task Finance_discharges_a_condition_and_releases_money_a_release_beyond_the_award_refused_beside_the_amount()
    {
        var api = fixture.Api;
        var s = await ScoredRound("money");
        var r = $"/api/rounds/{s.RoundId}";
        (await api.Put($"{r}/governance", s.SecretaryKey, new { bodies = new[] { new { id = "icb", name = "Integrated Commissioning Board", power = "approve" } } })).Is(HttpStatusCode.OK);
        (await api.Act(s.RoundId, s.ChairKey, new { type = "condition", bidId = "housing", text = "Assurance on the commissioning responsibility before funding is released." })).Is(HttpStatusCode.Created);
        (await api.Post($"{r}/decisions", s.FinanceKey, new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);

        var page = await SignedIn(s.FinanceKey);
        await page.GotoAsync($"/rounds/{s.RoundId}/funding");
        // GBP 100,000 less 40,000 + 30,000.25 + 12,345.67 = 82,345.92.
        await Assertions.Expect(page.Locator("#total-awarded")).ToHaveTextAsync("£82,345.92 (£82k)");
        await Assertions.Expect(page.Locator("#unallocated")).ToContainTextAsync("£17,654.08 (£18k)");
        await Assertions.Expect(page.Locator("#condition-d1-housing-1")).ToContainTextAsync("Open");

        // Before approval nothing is released: the form says why.
        await page.Locator("#release-scheme").SelectOptionAsync("falls");
        await page.Locator("#release-amount").FillAsync("10000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Release the money" }).ClickAsync();
        await Assertions.Expect(page.Locator("#release-form .field-error")).ToContainTextAsync("Money can be released only once the decision is approved.");
        await fixture.Shot(page, "after-07-funding-before-approval");

        (await api.Post($"{r}/decisions/1/resolutions", s.SecretaryKey, new { bodyId = "icb", outcome = "approved", meetingDate = "2018-09-14", minuteRef = "6.2" })).Is(HttpStatusCode.Created);
        await page.GotoAsync($"/rounds/{s.RoundId}/funding");
        await Assertions.Expect(page.Locator("#funding-status")).ToHaveTextAsync("Approved");

        // Housing's condition is open: its money waits, and the message stands beside the scheme.
        await page.Locator("#release-scheme").SelectOptionAsync("housing");
        await page.Locator("#release-amount").FillAsync("20000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Release the money" }).ClickAsync();
        await Assertions.Expect(page.Locator("#release-form .field-error")).ToContainTextAsync("'Housing First' has a condition still open");

        // Finance records it met, with the evidence.
        var condition = page.Locator("#condition-d1-housing-1");
        await condition.Locator("summary").ClickAsync();
        await condition.GetByLabel("Met", new() { Exact = true }).CheckAsync();
        await condition.Locator("textarea[name=Evidence]").FillAsync("Commissioning responsibility confirmed in writing, 20 September 2018.");
        await fixture.Shot(page, "after-08-discharge-form");
        await condition.GetByRole(AriaRole.Button, new() { Name = "Record the condition" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Condition on Housing First recorded as met.");
        await Assertions.Expect(page.Locator("#condition-d1-housing-1")).ToContainTextAsync("Evidence: Commissioning responsibility confirmed in writing");
        await Assertions.Expect(page.Locator("#condition-d1-housing-1 form")).ToHaveCountAsync(0);

        // 20,000 of housing's 30,000.25, then 10,000.26 (a penny over) refused beside the amount, nothing changed.
        await page.Locator("#release-scheme").SelectOptionAsync("housing");
        await page.Locator("#release-amount").FillAsync("£20,000");
        await page.Locator("#release-reason").FillAsync("First tranche");
        await page.GetByRole(AriaRole.Button, new() { Name = "Release the money" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("£20,000 released to Housing First.");
        await Assertions.Expect(page.Locator("#total-released")).ToHaveTextAsync("£20,000 (£20k)");
        await page.Locator("#release-scheme").SelectOptionAsync("housing");
        await page.Locator("#release-amount").FillAsync("10000.26");
        await page.GetByRole(AriaRole.Button, new() { Name = "Release the money" }).ClickAsync();
        var amountError = page.Locator("#release-amount").Locator("xpath=preceding-sibling::span[contains(@class,'field-error')][1]");
        await Assertions.Expect(amountError).ToContainTextAsync("above its award of £30,000.25 (£10,000.25 is left to release)");
        await Assertions.Expect(page.Locator("#release-amount")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#release-amount")).ToHaveValueAsync("10000.26");
        await Assertions.Expect(page.Locator("#total-released")).ToHaveTextAsync("£20,000 (£20k)");
        await fixture.Shot(page, "after-09-release-beyond-award");

        // The rest of housing's award, to the penny; the totals follow.
        await page.Locator("#release-scheme").SelectOptionAsync("housing");
        await page.Locator("#release-amount").FillAsync("10000.25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Release the money" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("£10,000.25 released to Housing First.");
        await Assertions.Expect(page.Locator("#total-released")).ToHaveTextAsync("£30,000.25 (£30k)");
        await Assertions.Expect(page.Locator("#total-still")).ToHaveTextAsync("£52,345.67");
        await Assertions.Expect(page.Locator("#schemes tr[data-bid='housing'] td").Nth(2)).ToHaveTextAsync("£0");
        await Assertions.Expect(page.Locator("#releases tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#unallocated")).ToContainTextAsync("£17,654.08 (£18k)");
        await fixture.Shot(page, "after-10-funding-released");
    }

    [BrowserFact]
    public async Task An_applicant_reads_their_outcome_downloads_the_letter_and_files_a_return()
    {
        var api = fixture.Api;
        // The call: the secretary opens it, the applicant submits, the secretary accepts; scored, then confirmed.
        var built = await AcceptedApplicationsRound.Build(api,
            [new("settle", "Take Home and Settle", 60_000.50m, "Age UK East London", Impact: 8, Cost: 7)],
            new { bodies = new[] { new { id = "icb", name = "Hackney Integrated Commissioning Board", power = "approve" } } });
        var round = built.RoundId;
        string secretaryKey = built.SecretaryKey, chairKey = built.ChairKey, financeKey = built.FinanceKey;
        var applicantKey = built.Applicants["settle"].Key;
        var r = built.Path();
        (await api.Act(round, chairKey, new { type = "condition", bidId = "settle", text = "Agree the discharge pathway with the Homerton." })).Is(HttpStatusCode.Created);
        (await api.Post($"{r}/decisions", financeKey, new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);

        // Before approval the applicant is told their outcome is still to come.
        var page = await SignedIn(applicantKey);
        await page.GotoAsync($"/rounds/{round}/applications/settle");
        await page.GetByRole(AriaRole.Link, new() { Name = "Your outcome, the letter and monitoring returns" }).ClickAsync();
        await Assertions.Expect(page.Locator("#outcome-not-yet")).ToContainTextAsync("Your outcome will be shown once the decision is approved.");
        await fixture.Shot(page, "after-11-outcome-not-yet");

        // The chair writes feedback on the funding page and releases it; the board approves.
        var chairPage = await SignedIn(chairKey);
        await chairPage.GotoAsync($"/rounds/{round}/funding");
        var feedback = chairPage.Locator("#feedback-settle");
        await feedback.GetByLabel("Take Home and Settle").FillAsync("A strong case on readmissions; report the bed days saved each quarter.");
        await feedback.GetByLabel("Release to the applicant").CheckAsync();
        await feedback.GetByRole(AriaRole.Button, new() { Name = "Save the feedback" }).ClickAsync();
        await Assertions.Expect(chairPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Feedback on Take Home and Settle saved and released to the applicant.");
        await Assertions.Expect(chairPage.Locator("#feedback-settle-release")).ToBeCheckedAsync();
        await fixture.Shot(chairPage, "after-12-chair-feedback");
        (await api.Post($"{r}/decisions/1/resolutions", secretaryKey, new { bodyId = "icb", outcome = "approved", meetingDate = "2018-09-14" })).Is(HttpStatusCode.Created);

        // The outcome, as the letter says it.
        await page.ReloadAsync();
        var outcome = page.Locator("#outcome");
        await Assertions.Expect(outcome).ToContainTextAsync("\"Take Home and Settle\" is funded. Hackney Integrated Commissioning Board approved the committee's decision on 14 September 2018.");
        await Assertions.Expect(outcome).ToContainTextAsync("The award is £60,000.50, the amount you asked for.");
        await Assertions.Expect(page.Locator("#outcome-conditions li")).ToContainTextAsync("Agree the discharge pathway with the Homerton. Open");
        await Assertions.Expect(outcome).ToContainTextAsync("A strong case on readmissions; report the bed days saved each quarter.");
        await fixture.Shot(page, "after-13-outcome");

        // The letter downloads and opens as a Word document with the award.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#outcome-docx").ClickAsync());
        Assert.Equal($"{round}-settle-outcome.docx", download.SuggestedFilename);
        using (var doc = WordprocessingDocument.Open(await download.PathAsync(), false))
        {
            var text = doc.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains("The award is £60,000.50, the amount you asked for.", text);
            Assert.Contains("Agree the discharge pathway with the Homerton.", text);
        }

        // A return: a spend that is no amount is refused beside it; then filed, with a measure.
        await page.Locator("#return-period").FillAsync("2018 Q3");
        await page.Locator("#return-spent").FillAsync("lots");
        await page.GetByRole(AriaRole.Button, new() { Name = "File the return" }).ClickAsync();
        await Assertions.Expect(page.Locator("#return-form .error")).ToContainTextAsync("Spent must be an amount in pounds");
        await Assertions.Expect(page.Locator("#return-period")).ToHaveValueAsync("2018 Q3");
        await fixture.Shot(page, "after-14-return-refused");
        await page.Locator("#return-spent").FillAsync("£12,500.25");
        await page.Locator("#return-note").FillAsync("Two workers in post.");
        await page.Locator("#metric-0-name").FillAsync("Patients settled home");
        await page.Locator("#metric-0-value").FillAsync("41");
        await page.GetByRole(AriaRole.Button, new() { Name = "File the return" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your return for 2018 Q3 is filed.");
        await Assertions.Expect(page.Locator("#returns tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#returns")).ToContainTextAsync("£12,500.25");
        await Assertions.Expect(page.Locator("#returns")).ToContainTextAsync("Patients settled home: 41");
        await Assertions.Expect(page.Locator("#returns-total")).ToHaveTextAsync("£12,500.25");
        await fixture.Shot(page, "after-15-return-filed");

        // Finance sees the spend on the funding page.
        var financePage = await SignedIn(financeKey);
        await financePage.GotoAsync($"/rounds/{round}/funding");
        await Assertions.Expect(financePage.Locator("#total-spent")).ToHaveTextAsync("£12,500.25");
        await Assertions.Expect(financePage.Locator(".returns")).ToContainTextAsync("Two workers in post.");
    }
}
