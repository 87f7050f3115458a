using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Prioritise.Api.Tests;

/// <summary>
/// The pages of what happens after the decision (issue 16) over plain HTTP: who may open them, and
/// that a page's form aimed by someone RoundPolicy does not allow changes nothing.
/// The round is <see cref="ModerationRound"/> with no bodies named, so finance's confirmation approves it.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class AfterDecisionPagesTests(SharedSilo fixture)
{
    private readonly ApiClient _api = fixture.Api;

    [Fact]
    public async Task Governance_funding_outcome_and_paper_pages_open_only_to_those_allowed_and_a_refused_release_changes_nothing()
    {
        var m = await ModerationRound.Build(_api);
        (await m.Confirm(new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);
        var r = m.RoundId;
        var outsiderKey = await _api.CreateMember(TestIds.New("outsider"), "Elsewhere");

        // A scorer reads neither the governance nor the money, nor the board paper, nor (not an applicant) any outcome.
        using (var scorer = await PageSession.SignedIn(fixture.Silo.BaseAddress, m.ScorerKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await scorer.Get($"/rounds/{r}/governance")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await scorer.Get($"/rounds/{r}/funding")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await scorer.Get($"/rounds/{r}/decisions/1?handler=Paper")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await scorer.Get($"/rounds/{r}/applications/a/outcome")).Status);
            var token = await scorer.Token($"/rounds/{r}");
            var release = await scorer.Post($"/rounds/{r}/funding?handler=Release",
                new() { ["__RequestVerificationToken"] = token, ["ReleaseBidId"] = "a", ["Amount"] = "1000" });
            Assert.Equal(HttpStatusCode.Forbidden, release.StatusCode);
        }
        using (var outsider = await PageSession.SignedIn(fixture.Silo.BaseAddress, outsiderKey))
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.Get($"/rounds/{r}/funding")).Status);

        // The chair reads the funding page but may not release money: the page says so, and nothing is released.
        using (var chair = await PageSession.SignedIn(fixture.Silo.BaseAddress, m.ChairKey))
        {
            var (status, body, _) = await chair.Get($"/rounds/{r}/funding");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("Release the money", body);
            var token = await chair.Token($"/rounds/{r}/funding");
            var release = await chair.Post($"/rounds/{r}/funding?handler=Release",
                new() { ["__RequestVerificationToken"] = token, ["ReleaseBidId"] = "a", ["Amount"] = "1000" });
            Assert.Equal(HttpStatusCode.OK, release.StatusCode);
            Assert.Contains("finance may do this.", await release.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await chair.Get($"/rounds/{r}/governance")).Status);
        }
        var funding = (await _api.Get($"/api/rounds/{r}/funding", _api.AdminKey)).Json;
        Assert.Equal(0m, (decimal)funding["totals"]!["released"]!);

        // Finance downloads the board paper from the decision page.
        using var finance = await PageSession.SignedIn(fixture.Silo.BaseAddress, m.FinanceKey);
        var (paperStatus, _, paper) = await finance.Get($"/rounds/{r}/decisions/1?handler=Paper");
        Assert.Equal(HttpStatusCode.OK, paperStatus);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", paper.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_decline_shows_with_its_note_on_the_governance_and_decision_pages()
    {
        var m = await ModerationRound.Build(_api);
        var r = m.RoundId;
        (await _api.Put($"/api/rounds/{r}/governance", _api.AdminKey, new
        {
            bodies = new object[]
            {
                new { id = "tb", name = "Transformation Board", power = "endorse" },
                new { id = "icb", name = "Integrated Commissioning Board", power = "approve" },
            },
        })).Is(HttpStatusCode.OK);
        (await m.Confirm(new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);
        (await _api.Post($"/api/rounds/{r}/decisions/1/resolutions", _api.AdminKey,
            new { bodyId = "tb", outcome = "declined", meetingDate = "2018-08-29", note = "Over the system control total." })).Is(HttpStatusCode.Created);

        using var chair = await PageSession.SignedIn(fixture.Silo.BaseAddress, m.ChairKey);
        var (status, governance, _) = await chair.Get($"/rounds/{r}/governance");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Transformation Board declined the decision</strong> at its meeting of 29 August 2018: Over the system control total.", governance);
        Assert.Contains(">Declined</span>", governance);
        // The chair reads; the forms are the secretary's.
        Assert.DoesNotContain("Record the resolution", governance);
        Assert.DoesNotContain("Save the bodies", governance);
        var (_, decision, _) = await chair.Get($"/rounds/{r}/decisions/1");
        Assert.Contains("Status: <span class=\"tag red\">Declined</span>", decision);
        Assert.Contains("at its meeting of 29 August 2018", decision);
        Assert.Contains("Over the system control total.", decision);
    }

    [Fact]
    public async Task The_board_papers_cover_details_set_on_the_governance_page_are_on_the_paper_and_read_only_once_approved()
    {
        var m = await ModerationRound.Build(_api);
        var r = m.RoundId;
        using var admin = await PageSession.SignedIn(fixture.Silo.BaseAddress, _api.AdminKey);
        var path = $"/rounds/{r}/governance";
        var (status, page, _) = await admin.Get(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Save the paper's details", page);

        // A title with a direction-override character: refused beside the field, nothing saved.
        var bad = await admin.Post(path + "?handler=Paper", new()
        {
            ["__RequestVerificationToken"] = await admin.Token(path), ["PaperTitle"] = "Evil \u202E title", ["PaperPublic"] = "yes",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badPage = System.Net.WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Matches(@"<span class=""field-error"">[^<]*contains control or direction-override characters", badPage);
        Assert.Contains("aria-invalid=\"true\"", badPage);
        Assert.Null((await _api.Get($"/api/rounds/{r}/governance", _api.AdminKey)).Json["paper"]?["title"]?.GetValue<string>());

        const string title = "Winter pressures: recommendations for funding";
        var saved = await admin.Post(path + "?handler=Paper", new()
        {
            ["__RequestVerificationToken"] = await admin.Token(path), ["PaperTitle"] = title, ["PaperDate"] = "2018-09-12",
            ["PaperLeadOfficer"] = "Yashoda Patel", ["PaperAuthor"] = "Anna Garner", ["PaperCommittees"] = "Integrated Commissioning Board",
            ["PaperPublic"] = "no", ["PaperRecommendations"] = "To NOTE the process.\r\n\r\nTo ENDORSE the schemes proposed.",
        });
        Assert.True((int)saved.StatusCode is >= 300 and < 400, $"expected a redirect, got {(int)saved.StatusCode}");
        var (_, filled, _) = await admin.Get(path);
        Assert.Contains($"value=\"{System.Net.WebUtility.HtmlEncode(title)}\"", filled);
        Assert.Contains("To NOTE the process.\nTo ENDORSE the schemes proposed.</textarea>", System.Net.WebUtility.HtmlDecode(filled));
        Assert.Matches(@"id=""paper-public-no"" name=""PaperPublic"" value=""no"" checked=""checked""", filled);

        // No bodies are named: finance's confirmation approves the decision, and the paper carries the details.
        (await m.Confirm(new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);
        var (paperStatus, bytes) = await ApplicationTests.Download(_api, $"/api/rounds/{r}/decisions/1/paper.docx", m.FinanceKey);
        Assert.Equal(HttpStatusCode.OK, paperStatus);
        using (var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            var cover = doc.MainDocumentPart!.Document.Body!.Elements<Table>().First().Elements<TableRow>()
                .Select(row => row.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToArray();
            Assert.Equal(["Title:", title], cover[0]);
            Assert.Equal(["Date:", "12 September 2018"], cover[1]);
            Assert.Equal(["Lead Officer:", "Yashoda Patel"], cover[2]);
            Assert.Equal(["Public / Non-public", "Non-public"], cover[5]);
            Assert.Contains("To NOTE the process.", doc.MainDocumentPart.Document.Body.InnerText);
        }

        // Approved: the details are shown read-only, with no form.
        var (_, approved, _) = await admin.Get(path);
        Assert.DoesNotContain("Save the paper's details", approved);
        Assert.Contains("the paper's details can no longer change", System.Net.WebUtility.HtmlDecode(approved));
        Assert.Contains($"<dt>Title</dt><dd>{System.Net.WebUtility.HtmlEncode(title)}</dd>", approved);
    }
}
