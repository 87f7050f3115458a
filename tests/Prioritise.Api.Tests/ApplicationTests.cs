using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>
/// The call for bids and applications over HTTP (issue 15; docs/api.md "Calls for bids and
/// applications"): an application from draft to bid without anyone retyping it, who may read it,
/// attachments judged by content, and the BCF 2018 seed.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class ApplicationTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    /// <summary>A small file that is a PDF by its content.</summary>
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A Windows program ("MZ" header) named as a PDF.</summary>
    private static readonly byte[] DisguisedProgram = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF];

    private sealed record Call(
        string RoundId, string SecretaryKey, string ApplicantId, string ApplicantKey, string OtherId, string OtherKey,
        string ScorerKey, string ConflictedId, string ConflictedKey, string OutsiderKey);

    /// <summary>A round with a secretary, two applicants, a scorer, a scorer whose organisation would receive the money, and the call open.</summary>
    private async Task<Call> OpenCall()
    {
        var round = TestIds.New("call");
        string secretary = TestIds.New("sec"), applicant = TestIds.New("appl"), other = TestIds.New("appl2"),
            scorer = TestIds.New("scorer"), conflicted = TestIds.New("conf"), outsider = TestIds.New("out");
        var secretaryKey = await _api.CreateMember(secretary, "City and Hackney CCG");
        var applicantKey = await _api.CreateMember(applicant, "Workstream Trust");
        var otherKey = await _api.CreateMember(other, "Other Workstream");
        var scorerKey = await _api.CreateMember(scorer, "Neutral Org");
        var conflictedKey = await _api.CreateMember(conflicted, "Recipient Trust");
        var outsiderKey = await _api.CreateMember(outsider, "Elsewhere");
        await _api.CreateRound(round);
        await _api.Appoint(round, secretary, "secretary");
        await _api.Appoint(round, applicant, "applicant");
        await _api.Appoint(round, other, "applicant");
        await _api.Appoint(round, scorer, "scorer");
        await _api.Appoint(round, conflicted, "scorer");
        (await _api.Post($"/api/rounds/{round}/call", secretaryKey, new { closesAt = DateTimeOffset.UtcNow.AddDays(14) })).Is(HttpStatusCode.OK);
        return new Call(round, secretaryKey, applicant, applicantKey, other, otherKey, scorerKey, conflicted, conflictedKey, outsiderKey);
    }

    internal static object Body(string id, bool submit, Dictionary<string, object?> answers) => new
    {
        id,
        title = "Take Home and Settle",
        workstream = "Unplanned Care",
        sponsoringOrganisation = "Workstream Trust",
        recipientOrganisations = new[] { "Recipient Trust" },
        amountRequested = 60_000.50m,
        answers,
        submit,
    };

    internal static Dictionary<string, object?> Complete() => new()
    {
        ["title"] = "Take Home and Settle",
        ["sponsoringOrganisation"] = "Unplanned Care Workstream",
        ["summary"] = "A new scheme: a worker takes patients home from hospital and settles them in.",
        ["caseForChange"] = "Delayed discharges rose last winter.",
        ["expectedImpact"] = new Dictionary<string, string> { ["impact"] = "Fewer readmissions.", ["cost"] = "Saves bed days." },
        ["startDate"] = "2018-10-01",
    };

    public static async Task<Reply> Upload(ApiClient api, string path, string key, byte[] content, string fileName, string contentType = "application/pdf")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        request.Content = form;
        using var response = await api.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(HttpMethod.Post, path, response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, response.Headers.Location);
    }

    public static async Task<(HttpStatusCode Status, byte[] Bytes)> Download(ApiClient api, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await api.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_application_goes_from_draft_to_a_bid_with_its_answers_through_a_return_and_a_resubmission()
    {
        var c = await OpenCall();
        var apps = $"/api/rounds/{c.RoundId}/applications";
        var id = TestIds.New("thas");

        // A draft may leave anything out.
        var draft = await _api.Post(apps, c.ApplicantKey, Body(id, false, new() { ["title"] = "Take Home and Settle" }));
        draft.Is(HttpStatusCode.Created);
        Assert.Equal("draft", (string?)draft.Json["status"]);

        // Submitting without the case for change and the expected impact: 400 naming each section, nothing changed.
        var missing = Complete();
        missing.Remove("caseForChange");
        missing.Remove("expectedImpact");
        (await _api.Put($"{apps}/{id}", c.ApplicantKey, Body(id, true, missing)))
            .Problem(HttpStatusCode.BadRequest, "answers.caseForChange", "answers.expectedImpact");
        Assert.Equal("draft", (string?)(await _api.Get($"{apps}/{id}", c.ApplicantKey)).Json["status"]);

        // An answer over its section's word limit (the scheme title takes 30 words) is 400 naming the section.
        var wordy = Complete();
        wordy["title"] = string.Join(' ', Enumerable.Repeat("word", 31));
        (await _api.Put($"{apps}/{id}", c.ApplicantKey, Body(id, false, wordy))).Problem(HttpStatusCode.BadRequest, "answers.title");
        // Invisible characters are refused as in titles.
        var hidden = Complete();
        hidden["summary"] = "Looks plain\u200b but is not.";
        (await _api.Put($"{apps}/{id}", c.ApplicantKey, Body(id, false, hidden))).Problem(HttpStatusCode.BadRequest, "answers.summary");

        // Attachments: a PDF is kept with its sha256; a program named .pdf is refused by its content.
        var attached = await Upload(_api, $"{apps}/{id}/attachments", c.ApplicantKey, Pdf, "costs.pdf");
        attached.Is(HttpStatusCode.Created);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), (string?)attached.Json["sha256"]);
        Assert.Equal("application/pdf", (string?)attached.Json["contentType"]);
        var attachmentId = (string)attached.Json["id"]!;
        (await Upload(_api, $"{apps}/{id}/attachments", c.ApplicantKey, DisguisedProgram, "budget.pdf")).Problem(HttpStatusCode.UnsupportedMediaType, "file");
        // Another applicant may not attach to it.
        (await Upload(_api, $"{apps}/{id}/attachments", c.OtherKey, Pdf, "x.pdf")).Problem(HttpStatusCode.Forbidden);

        var submitted = await _api.Put($"{apps}/{id}", c.ApplicantKey, Body(id, true, Complete()));
        submitted.Is(HttpStatusCode.OK);
        Assert.Equal("submitted", (string?)submitted.Json["status"]);
        // amountRequested answers the form's "Cost of scheme" too.
        Assert.Equal(60_000.50m, (decimal)submitted.Json["answers"]!["cost"]!);

        // Another applicant cannot read it; someone with no part in the round learns nothing of it.
        (await _api.Get($"{apps}/{id}", c.OtherKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"{apps}/{id}", c.OutsiderKey)).Problem(HttpStatusCode.NotFound);
        Assert.Empty((await _api.Get(apps, c.OtherKey)).Json.AsArray());
        // A scorer does not read applications before they are bids.
        (await _api.Get($"{apps}/{id}", c.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        // Screening is the secretary's: not the applicant's.
        (await _api.Post($"{apps}/{id}/screening", c.ApplicantKey, new { outcome = "accept" })).Problem(HttpStatusCode.Forbidden);

        // Returned with a reason (a return without one is 400); the applicant changes it and resubmits.
        (await _api.Post($"{apps}/{id}/screening", c.SecretaryKey, new { outcome = "return" })).Problem(HttpStatusCode.BadRequest, "reason");
        var returned = await _api.Post($"{apps}/{id}/screening", c.SecretaryKey, new { outcome = "return", reason = "Say how many people a month." });
        returned.Is(HttpStatusCode.OK);
        Assert.Equal("returned", (string?)returned.Json["status"]);
        var changed = Complete();
        changed["summary"] = "A new scheme: a worker takes about 40 patients a month home from hospital and settles them in.";
        (await _api.Put($"{apps}/{id}", c.ApplicantKey, Body(id, true, changed))).Is(HttpStatusCode.OK);
        // Nothing more may be changed while it waits to be screened.
        (await _api.Put($"{apps}/{id}", c.ApplicantKey, Body(id, false, changed))).Problem(HttpStatusCode.Conflict, "status");

        var accepted = await _api.Post($"{apps}/{id}/screening", c.SecretaryKey, new { outcome = "accept" });
        accepted.Is(HttpStatusCode.OK);
        Assert.Equal("accepted", (string?)accepted.Json["status"]);
        Assert.Equal(id, (string?)accepted.Json["bidId"]);
        var history = accepted.Json["history"]!.AsArray().Select(h => ((string)h!["status"]!, (string?)h["reason"])).ToList();
        Assert.Equal([("submitted", null), ("returned", "Say how many people a month."), ("submitted", null), ("accepted", null)], history);
        // Screened once: a second accept is refused.
        (await _api.Post($"{apps}/{id}/screening", c.SecretaryKey, new { outcome = "reject", reason = "Too late." })).Problem(HttpStatusCode.Conflict, "status");

        // The bid is made from it: id, title, organisations and amount carried over, the summary from the summary answer.
        var bid = await _api.Get($"/api/rounds/{c.RoundId}/bids/{id}", c.ScorerKey);
        bid.Is(HttpStatusCode.OK);
        Assert.Equal("Take Home and Settle", (string?)bid.Json["title"]);
        Assert.Equal(60_000.50m, (decimal)bid.Json["amountRequested"]!);
        Assert.Equal(["Recipient Trust"], bid.Json["recipientOrganisations"]!.AsArray().Select(o => (string)o!));
        Assert.Equal((string)changed["summary"]!, (string?)bid.Json["summary"]);
        var application = bid.Json["application"]!;
        Assert.Equal("Delayed discharges rose last winter.", (string?)application["answers"]!["caseForChange"]);
        Assert.Equal("Saves bed days.", (string?)application["answers"]!["expectedImpact"]!["cost"]);
        Assert.Equal(attachmentId, (string?)application["attachments"]![0]!["id"]);

        // A scorer not conflicted downloads the attachment byte for byte; one whose organisation
        // would receive the money sees the bid without its application, and cannot download it.
        var download = await Download(_api, $"{apps}/{id}/attachments/{attachmentId}", c.ScorerKey);
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal(Pdf, download.Bytes);
        var conflictedBid = await _api.Get($"/api/rounds/{c.RoundId}/bids/{id}", c.ConflictedKey);
        conflictedBid.Is(HttpStatusCode.OK);
        Assert.True((bool)conflictedBid.Json["conflicted"]!);
        Assert.Null(conflictedBid.Json["application"]);
        (await _api.Get($"{apps}/{id}/attachments/{attachmentId}", c.ConflictedKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"{apps}/{id}", c.ConflictedKey)).Problem(HttpStatusCode.Forbidden);

        // Every step is in the round's audit.
        var actions = (await _api.Get($"/api/rounds/{c.RoundId}/audit", _api.AdminKey)).Json.AsArray().Select(e => (string)e!["action"]!).ToList();
        foreach (var action in new[] { "callOpened", "applicationStarted", "attachmentAdded", "applicationSubmitted", "applicationReturned", "applicationAccepted", "bidAdded" })
            Assert.Contains(action, actions);
    }

    [Fact]
    public async Task Opening_scoring_names_the_applications_not_yet_screened_and_leaves_them_out()
    {
        var c = await OpenCall();
        var apps = $"/api/rounds/{c.RoundId}/applications";
        string accepted = TestIds.New("acc"), waiting = TestIds.New("wait"), draft = TestIds.New("draft");
        (await _api.Post(apps, c.ApplicantKey, Body(accepted, true, Complete()))).Is(HttpStatusCode.Created);
        (await _api.Post($"{apps}/{accepted}/screening", c.SecretaryKey, new { outcome = "accept" })).Is(HttpStatusCode.OK);
        (await _api.Post(apps, c.OtherKey, Body(waiting, true, Complete()))).Is(HttpStatusCode.Created);
        (await _api.Post(apps, c.OtherKey, Body(draft, false, Complete()))).Is(HttpStatusCode.Created);

        var all = (await _api.Get(apps, c.SecretaryKey)).Json.AsArray();
        Assert.Equal(3, all.Count);
        Assert.Equal(2, (await _api.Get(apps, c.OtherKey)).Json.AsArray().Count);

        var opened = await _api.Post($"/api/rounds/{c.RoundId}/open-scoring", _api.AdminKey);
        opened.Is(HttpStatusCode.OK);
        Assert.Equal([waiting], opened.Json["unscreenedApplications"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(1, (int)opened.Json["bids"]!);
        Assert.Equal([accepted], (await _api.Get($"/api/rounds/{c.RoundId}/bids", _api.AdminKey)).Json.AsArray().Select(b => (string)b!["id"]!));
    }

    [Fact]
    public async Task The_form_changes_only_in_setup_by_the_secretary_and_the_call_takes_applications_only_while_open()
    {
        var c = await OpenCall();
        var form = await _api.Get($"/api/rounds/{c.RoundId}/application-form", c.ApplicantKey);
        form.Is(HttpStatusCode.OK);
        var sections = form.Json["sections"]!.AsArray();
        Assert.Equal(13, sections.Count);
        Assert.Equal("Is this a new scheme?", ((string)sections[2]!["guidance"]!).Split('\n')[0].TrimStart('•', ' '));

        var custom = new { sections = new object[] { new { id = "title", title = "Scheme title", kind = "text", required = true, maxLength = 10 }, new { id = "cost", title = "Cost", kind = "money", required = true } } };
        (await _api.Put($"/api/rounds/{c.RoundId}/application-form", c.ApplicantKey, custom)).Problem(HttpStatusCode.Forbidden);
        (await _api.Put($"/api/rounds/{c.RoundId}/application-form", c.SecretaryKey, custom)).Is(HttpStatusCode.OK);
        Assert.Equal(2, (await _api.Get($"/api/rounds/{c.RoundId}/application-form", c.ScorerKey)).Json["sections"]!.AsArray().Count);

        // Closed: no application is taken; an administrator never applies (an application is a member's own).
        (await _api.Post($"/api/rounds/{c.RoundId}/call/close", c.SecretaryKey)).Is(HttpStatusCode.OK);
        (await _api.Post($"/api/rounds/{c.RoundId}/applications", c.ApplicantKey, new { title = "Late" })).Problem(HttpStatusCode.Conflict, "call");
        (await _api.Post($"/api/rounds/{c.RoundId}/applications", _api.AdminKey, new { title = "Admin" })).Problem(HttpStatusCode.Forbidden);
        var round = await _api.Get($"/api/rounds/{c.RoundId}", _api.AdminKey);
        Assert.False((bool)round.Json["call"]!["open"]!);

        // Once scoring opens the form is settled.
        await _api.OpenScoring(c.RoundId);
        (await _api.Put($"/api/rounds/{c.RoundId}/application-form", c.SecretaryKey, custom)).Problem(HttpStatusCode.Conflict, "status");
    }

    [Fact]
    public async Task An_upload_has_its_own_limit_and_answers_413_past_it()
    {
        var c = await OpenCall();
        var id = TestIds.New("big");
        (await _api.Post($"/api/rounds/{c.RoundId}/applications", c.ApplicantKey, Body(id, false, new()))).Is(HttpStatusCode.Created);
        // Ten MiB and one byte: more than an attachment may be (and far more than a JSON body's 1 MiB).
        var big = new byte[10 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        (await Upload(_api, $"/api/rounds/{c.RoundId}/applications/{id}/attachments", c.ApplicantKey, big, "big.pdf"))
            .Problem(HttpStatusCode.RequestEntityTooLarge);
        // Two MiB is over the JSON limit but well within the upload's.
        var two = new byte[2 * 1024 * 1024];
        Pdf.CopyTo(two, 0);
        (await Upload(_api, $"/api/rounds/{c.RoundId}/applications/{id}/attachments", c.ApplicantKey, two, "two.pdf")).Is(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_BCF_2018_seed_reads_back_with_its_five_applications_accepted_and_315118_pounds_asked_for()
    {
        var round = await _api.Get("/api/rounds/bcf-2018", _api.AdminKey);
        round.Is(HttpStatusCode.OK);
        Assert.Equal("Hackney BCF transformation scheme underspend 2018/19", (string?)round.Json["name"]);
        // GBP 1,314,529 planned for the neighbourhood model less GBP 816,000 agreed.
        Assert.Equal(498_529m, (decimal)round.Json["fundingCap"]!);

        var applications = (await _api.Get("/api/rounds/bcf-2018/applications", _api.AdminKey)).Json.AsArray();
        Assert.Equal(5, applications.Count);
        Assert.All(applications, a => Assert.Equal("accepted", (string?)a!["status"]));
        // 47,742 + 90,000 + 60,000 + 87,376 + 30,000.
        Assert.Equal(315_118m, applications.Sum(a => (decimal)a!["amountRequested"]!));

        var bids = (await _api.Get("/api/rounds/bcf-2018/bids", _api.AdminKey)).Json.AsArray();
        Assert.Equal(5, bids.Count);
        Assert.Equal(315_118m, bids.Sum(b => (decimal)b!["amountRequested"]!));
        var stroke = await _api.Get("/api/rounds/bcf-2018/bids/exercise-after-stroke", _api.AdminKey);
        Assert.Equal(87_376m, (decimal)stroke.Json["amountRequested"]!);
        Assert.StartsWith("Exercise After Stroke", (string?)stroke.Json["application"]!["answers"]!["title"]);
        Assert.NotNull(stroke.Json["application"]!["answers"]!["expectedImpact"]!["overall"]);
    }
}
