using System.Net;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;

namespace Prioritise.Api.Tests;

/// <summary>
/// After the decision over HTTP (issue 16; docs/api.md "After the decision"): governance and its
/// resolutions, conditions discharged, money released, returns, outcomes and feedback, each route
/// with who may and who may not, and every refusal changing nothing.
/// The round is <see cref="ModerationRound"/>: cap GBP 100,000; a 40k, b 30k, c 20k, d 10k funded
/// (exactly the cap), e 25k not.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class GovernanceTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    private static readonly object Bodies = new
    {
        bodies = new object[]
        {
            new { id = "tb", name = "Transformation Board", power = "endorse" },
            new { id = "icb", name = "Integrated Commissioning Board", power = "approve" },
        },
    };

    private static object Resolution(string body, string outcome, string date = "2018-09-14", string? note = null) =>
        new { bodyId = body, outcome, meetingDate = date, minuteRef = "6.2", note };

    /// <summary>The money and the governance as the administrator reads them: to show a refusal changed nothing.</summary>
    private async Task<string> State(ModerationRound m)
    {
        var parts = new List<string> { await m.Everything() };
        foreach (var tail in new[] { "/governance", "/conditions", "/funding", "/audit" })
        {
            var reply = await _api.Get(m.Path(tail), _api.AdminKey);
            reply.Is(HttpStatusCode.OK);
            parts.Add(reply.Text);
        }
        return string.Join("\n", parts);
    }

    [Fact]
    public async Task From_confirmation_through_governance_to_a_discharged_condition_and_money_released_each_refusal_changing_nothing()
    {
        var m = await ModerationRound.Build(_api);
        var secretary = TestIds.New("sec");
        var secretaryKey = await _api.CreateMember(secretary, "Governance office");
        await _api.Appoint(m.RoundId, secretary, "secretary");
        var outsiderKey = await _api.CreateMember(TestIds.New("outsider"), "Elsewhere");

        // Naming the bodies: the secretary (or admin); finance, the chair and scorers 403, an outsider 404, no key 401; bad bodies 400.
        var before = await State(m);
        foreach (var key in new[] { m.FinanceKey, m.ChairKey, m.ScorerKey })
            (await _api.Put(m.Path("/governance"), key, Bodies)).Problem(HttpStatusCode.Forbidden);
        (await _api.Put(m.Path("/governance"), outsiderKey, Bodies)).Problem(HttpStatusCode.NotFound);
        (await _api.Put(m.Path("/governance"), null, Bodies)).Is(HttpStatusCode.Unauthorized);
        (await _api.Put(m.Path("/governance"), secretaryKey, new { bodies = new[] { new { id = "tb", name = "Transformation Board" } } }))
            .Problem(HttpStatusCode.BadRequest, "bodies[0].power");
        (await _api.Put(m.Path("/governance"), secretaryKey, new { bodies = new[] { new { id = "tb", name = "Transformation Board", power = "endorse" } } }))
            .Problem(HttpStatusCode.BadRequest, "bodies");
        Assert.Equal(before, await State(m));
        var named = await _api.Put(m.Path("/governance"), secretaryKey, Bodies);
        named.Is(HttpStatusCode.OK);
        Assert.Equal(["tb", "icb"], named.Json["bodies"]!.AsArray().Select(b => (string?)b!["id"]));

        // A condition on b, then finance confirms: the decision is confirmed, and it is the Transformation Board's turn.
        await m.Take(new { type = "condition", bidId = "b", text = "Assurance on the commissioning responsibility before funding is released." });
        var confirmed = await m.Confirm(new { acceptOverCommitment = false });
        confirmed.Is(HttpStatusCode.Created);
        Assert.Equal("confirmed", (string?)confirmed.Json["status"]);
        Assert.Equal("tb", (string?)confirmed.Json["governance"]!["nextBodyId"]);

        var conditions = (await _api.Get(m.Path("/conditions"), m.FinanceKey)).Json.AsArray();
        var condition = Assert.Single(conditions)!;
        Assert.Equal("d1-b-1", (string?)condition["id"]);
        Assert.Equal("b", (string?)condition["bidId"]);
        Assert.Equal("open", (string?)condition["status"]);

        // Nothing is released before approval.
        before = await State(m);
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "a", amount = 10_000m })).Problem(HttpStatusCode.Conflict, "status");
        // Resolutions in turn, within each body's power.
        (await _api.Post(m.Path("/decisions/1/resolutions"), secretaryKey, Resolution("icb", "approved"))).Problem(HttpStatusCode.Conflict, "bodyId");
        (await _api.Post(m.Path("/decisions/1/resolutions"), secretaryKey, Resolution("tb", "approved"))).Problem(HttpStatusCode.BadRequest, "outcome");
        (await _api.Post(m.Path("/decisions/1/resolutions"), secretaryKey, Resolution("nobody", "endorsed"))).Problem(HttpStatusCode.NotFound, "bodyId");
        (await _api.Post(m.Path("/decisions/2/resolutions"), secretaryKey, Resolution("tb", "endorsed"))).Problem(HttpStatusCode.NotFound, "number");
        (await _api.Post(m.Path("/decisions/1/resolutions"), secretaryKey, new { bodyId = "tb", outcome = "endorsed" })).Problem(HttpStatusCode.BadRequest, "meetingDate");
        (await _api.Post(m.Path("/decisions/1/resolutions"), secretaryKey, Resolution("tb", "deferred"))).Problem(HttpStatusCode.BadRequest, "note");
        (await _api.Post(m.Path("/decisions/1/resolutions"), m.FinanceKey, Resolution("tb", "endorsed"))).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await State(m));

        (await _api.Post(m.Path("/decisions/1/resolutions"), secretaryKey, Resolution("tb", "endorsed", "2018-08-29"))).Is(HttpStatusCode.Created);
        var deferred = await _api.Post(m.Path("/decisions/1/resolutions"), secretaryKey, Resolution("icb", "deferred", "2018-09-07", "Wants the D2A costs first."));
        deferred.Is(HttpStatusCode.Created);
        Assert.Equal("confirmed", (string?)deferred.Json["status"]);
        Assert.Equal("icb", (string?)deferred.Json["nextBodyId"]);
        var approved = await _api.Post(m.Path("/decisions/1/resolutions"), secretaryKey, Resolution("icb", "approved"));
        approved.Is(HttpStatusCode.Created);
        Assert.Equal("approved", (string?)approved.Json["status"]);
        var decision = (await _api.Get(m.Path("/decisions/1"), m.FinanceKey)).Json;
        Assert.Equal("approved", (string?)decision["status"]);
        Assert.Equal(3, decision["governance"]!["resolutions"]!.AsArray().Count);
        Assert.Equal("2018-09-14", (string?)decision["governance"]!["bodies"]![1]!["resolution"]!["meetingDate"]);
        // Once approved, the governance can no longer change, and no further resolution is taken.
        before = await State(m);
        (await _api.Put(m.Path("/governance"), secretaryKey, Bodies)).Problem(HttpStatusCode.Conflict, "bodies");
        (await _api.Post(m.Path("/decisions/1/resolutions"), secretaryKey, Resolution("icb", "approved"))).Problem(HttpStatusCode.Conflict, "status");

        // b's condition is open: its money waits; a condition is discharged only by the chair or finance, met with evidence.
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "b", amount = 10_000m })).Problem(HttpStatusCode.Conflict, "conditions");
        (await _api.Post(m.Path("/conditions/d1-b-1/discharge"), m.FinanceKey, new { outcome = "met" })).Problem(HttpStatusCode.BadRequest, "evidence");
        (await _api.Post(m.Path("/conditions/d1-b-1/discharge"), m.FinanceKey, new { outcome = "waived" })).Problem(HttpStatusCode.BadRequest, "reason");
        foreach (var key in new[] { m.ScorerKey, secretaryKey, _api.AdminKey })
            (await _api.Post(m.Path("/conditions/d1-b-1/discharge"), key, new { outcome = "met", evidence = "Letter" })).Problem(HttpStatusCode.Forbidden);
        (await _api.Post(m.Path("/conditions/d9-b-1/discharge"), m.FinanceKey, new { outcome = "met", evidence = "Letter" })).Problem(HttpStatusCode.NotFound, "conditionId");
        // Releases: finance only (the chair 403); not to an unfunded scheme (e), not to an unknown bid, not in fractions of a penny.
        (await _api.Post(m.Path("/releases"), m.ChairKey, new { bidId = "a", amount = 10_000m })).Problem(HttpStatusCode.Forbidden);
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "e", amount = 10_000m })).Problem(HttpStatusCode.Conflict, "bidId");
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "zz", amount = 10_000m })).Problem(HttpStatusCode.NotFound, "bidId");
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "a", amount = 10.001m })).Problem(HttpStatusCode.BadRequest, "amount");
        Assert.Equal(before, await State(m));

        var met = await _api.Post(m.Path("/conditions/d1-b-1/discharge"), m.ChairKey,
            new { outcome = "met", evidence = "Commissioning responsibility confirmed in writing, 20 September 2018." });
        met.Is(HttpStatusCode.OK);
        Assert.Equal("met", (string?)met.Json["status"]);
        Assert.Equal(m.ChairId, (string?)met.Json["decidedBy"]);
        (await _api.Post(m.Path("/conditions/d1-b-1/discharge"), m.FinanceKey, new { outcome = "waived", reason = "x" })).Problem(HttpStatusCode.Conflict, "status");

        // b's award is GBP 30,000: 20,000 then 10,000.01 (a penny over) refused, then 10,000 exactly.
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "b", amount = 20_000m, reason = "First tranche" })).Is(HttpStatusCode.Created);
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "b", amount = 10_000.01m })).Problem(HttpStatusCode.Conflict, "amount");
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "b", amount = 10_000m })).Is(HttpStatusCode.Created);
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "a", amount = 12_345.67m })).Is(HttpStatusCode.Created);

        // GET funding: award, released, spent per funded scheme, and the totals against the pot (worked by hand).
        foreach (var key in new[] { m.ScorerKey })
            (await _api.Get(m.Path("/funding"), key)).Problem(HttpStatusCode.Forbidden);
        var funding = (await _api.Get(m.Path("/funding"), secretaryKey)).Json;
        Assert.Equal("approved", (string?)funding["status"]);
        var schemes = funding["schemes"]!.AsArray().ToDictionary(s => (string)s!["bidId"]!, s => s!);
        Assert.Equal(["a", "b", "c", "d"], schemes.Keys.Order());
        Assert.Equal(30_000m, (decimal)schemes["b"]["released"]!);
        Assert.Equal(0m, (decimal)schemes["b"]["stillToRelease"]!);
        Assert.Equal("met", (string?)schemes["b"]["conditions"]![0]!["status"]);
        Assert.Equal(27_654.33m, (decimal)schemes["a"]["stillToRelease"]!);
        Assert.Equal(100_000m, (decimal)funding["totals"]!["awarded"]!);
        Assert.Equal(42_345.67m, (decimal)funding["totals"]!["released"]!);
        Assert.Equal(0m, (decimal)funding["totals"]!["unallocated"]!);

        // The board paper: the chair, finance, the secretary and the administrator; a scorer 403, an outsider 404.
        foreach (var key in new[] { m.ChairKey, m.FinanceKey, secretaryKey, _api.AdminKey })
            Assert.Equal(HttpStatusCode.OK, (await ApplicationTests.Download(_api, m.Path("/decisions/1/paper.docx"), key)).Status);
        (await _api.Get(m.Path("/decisions/1/paper.docx"), m.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get(m.Path("/decisions/1/paper.docx"), outsiderKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get(m.Path("/decisions/9/paper.docx"), m.FinanceKey)).Problem(HttpStatusCode.NotFound, "number");

        // Every step is in the audit, who and why.
        var kinds = (await _api.Get(m.Path("/audit"), m.FinanceKey)).Json.AsArray().Select(e => (string?)e!["action"]).ToList();
        Assert.Equal(1, kinds.Count(k => k == "governanceSet"));
        Assert.Equal(3, kinds.Count(k => k == "resolutionRecorded"));
        Assert.Equal(1, kinds.Count(k => k == "decisionApproved"));
        Assert.Equal(1, kinds.Count(k => k == "conditionDischarged"));
        Assert.Equal(3, kinds.Count(k => k == "fundsReleased"));
    }

    [Fact]
    public async Task A_round_with_no_governance_has_its_decision_approved_when_finance_confirms_it()
    {
        var m = await ModerationRound.Build(_api);
        var confirmed = await m.Confirm(new { acceptOverCommitment = false });
        confirmed.Is(HttpStatusCode.Created);
        Assert.Equal("approved", (string?)confirmed.Json["status"]);
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "d", amount = 10_000m })).Is(HttpStatusCode.Created);
        // With no bodies, there is no one to record a resolution for, and the approved decision's governance can no longer change.
        (await _api.Post(m.Path("/decisions/1/resolutions"), _api.AdminKey, Resolution("tb", "endorsed"))).Problem(HttpStatusCode.NotFound, "bodyId");
        (await _api.Put(m.Path("/governance"), _api.AdminKey, Bodies)).Problem(HttpStatusCode.Conflict, "bodies");
        // The v1 round status is unchanged: confirmed.
        Assert.Equal("confirmed", await m.RoundStatus());
    }

    [Fact]
    public async Task A_decline_ends_the_decision_and_shows_on_it()
    {
        var m = await ModerationRound.Build(_api);
        (await _api.Put(m.Path("/governance"), _api.AdminKey, Bodies)).Is(HttpStatusCode.OK);
        (await m.Confirm(new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);
        var declined = await _api.Post(m.Path("/decisions/1/resolutions"), _api.AdminKey, Resolution("tb", "declined", "2018-08-29", "Over the system's control total."));
        declined.Is(HttpStatusCode.Created);
        Assert.Equal("declined", (string?)declined.Json["status"]);
        var decision = (await _api.Get(m.Path("/decisions/1"), m.ChairKey)).Json;
        Assert.Equal("declined", (string?)decision["status"]);
        Assert.Equal("Over the system's control total.", (string?)decision["governance"]!["bodies"]![0]!["resolution"]!["note"]);
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "a", amount = 1m })).Problem(HttpStatusCode.Conflict, "status");
        (await _api.Post(m.Path("/decisions/1/resolutions"), _api.AdminKey, Resolution("icb", "approved"))).Problem(HttpStatusCode.Conflict, "status");
    }

    [Fact]
    public async Task After_a_cap_revision_the_next_decision_supersedes_the_approved_one_and_keeps_its_discharged_conditions()
    {
        var m = await ModerationRound.Build(_api);
        await m.Take(new { type = "condition", bidId = "a", text = "Named clinical lead in post." });
        (await m.Confirm(new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);
        (await _api.Post(m.Path("/conditions/d1-a-1/discharge"), m.FinanceKey, new { outcome = "waived", reason = "Lead appointed before the meeting." })).Is(HttpStatusCode.OK);
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "a", amount = 40_000m })).Is(HttpStatusCode.Created);

        // In year, the pot falls to GBP 90,000: d (the last funded) no longer fits, and moderation reopens.
        var revised = await _api.Post(m.Path("/cap-revisions"), m.FinanceKey, new { fundingCap = 90_000m, reason = "In-year position" });
        revised.Is(HttpStatusCode.Created);
        Assert.Equal(["d"], revised.Json["noLongerFit"]!.AsArray().Select(x => (string?)x));
        await m.Take(new { type = "decline", bidId = "d", reason = "No longer fits the revised pot." });
        (await m.Confirm(new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);

        Assert.Equal("superseded", (string?)(await _api.Get(m.Path("/decisions/1"), m.FinanceKey)).Json["status"]);
        Assert.Equal("approved", (string?)(await _api.Get(m.Path("/decisions/2"), m.FinanceKey)).Json["status"]);
        var condition = Assert.Single((await _api.Get(m.Path("/conditions"), m.FinanceKey)).Json.AsArray())!;
        Assert.Equal("d2-a-1", (string?)condition["id"]);
        Assert.Equal("waived", (string?)condition["status"]);
        // What was released under decision 1 still counts against a's award under decision 2.
        (await _api.Post(m.Path("/releases"), m.FinanceKey, new { bidId = "a", amount = 0.01m })).Problem(HttpStatusCode.Conflict, "amount");
        var funding = (await _api.Get(m.Path("/funding"), m.FinanceKey)).Json;
        Assert.Equal(2, (int)funding["decision"]!);
        Assert.Equal(90_000m, (decimal)funding["totals"]!["awarded"]!);
        Assert.Equal(0m, (decimal)funding["totals"]!["unallocated"]!);
    }

    [Fact]
    public async Task An_applicant_reads_their_own_outcome_once_approved_with_released_feedback_and_files_returns_for_their_scheme()
    {
        var built = await AcceptedApplicationsRound.Build(_api,
        [
            new("mine", "Take Home and Settle", 60_000.50m, "Workstream Trust", Impact: 9, Cost: 8),
            new("theirs", "Take Home and Settle", 60_000.50m, "Other Workstream", Impact: 5, Cost: 5),
        ], new
        {
            bodies = new[] { new { id = "icb", name = "Integrated Commissioning Board", power = "approve" } },
            feedbackPolicy = "withScores",
        });
        var round = built.RoundId;
        string secretaryKey = built.SecretaryKey, chairKey = built.ChairKey, financeKey = built.FinanceKey, scorer = built.ScorerId;
        var applicantKey = built.Applicants["mine"].Key;
        var otherKey = built.Applicants["theirs"].Key;
        var apps = built.Path("/applications");
        // Both ask GBP 60,000.50 against GBP 100,000: "mine" ranks first and is funded; "theirs" would take the total over the cap.
        (await _api.Act(round, chairKey, new { type = "condition", bidId = "mine", text = "Agree the discharge pathway with the Homerton." })).Is(HttpStatusCode.Created);
        (await _api.Post($"/api/rounds/{round}/decisions", financeKey, new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);

        // Feedback: the chair's alone; released feedback only reaches the applicant.
        (await _api.Put($"/api/rounds/{round}/bids/theirs/feedback", financeKey, new { text = "x", release = true })).Problem(HttpStatusCode.Forbidden);
        (await _api.Put($"/api/rounds/{round}/bids/theirs/feedback", chairKey, new { text = "" })).Problem(HttpStatusCode.BadRequest, "text");
        (await _api.Put($"/api/rounds/{round}/bids/theirs/feedback", chairKey, new { text = "A strong case; the pot ran out. Apply again in the spring.", release = true })).Is(HttpStatusCode.OK);
        (await _api.Put($"/api/rounds/{round}/bids/mine/feedback", chairKey, new { text = "Draft, not for the applicant yet.", release = false })).Is(HttpStatusCode.OK);

        // Before approval, no outcome (409), and no returns.
        (await _api.Get($"{apps}/mine/outcome", applicantKey)).Problem(HttpStatusCode.Conflict, "status");
        (await _api.Post($"/api/rounds/{round}/bids/mine/returns", applicantKey, new { period = "2018 Q3", spent = 1_000m })).Problem(HttpStatusCode.Conflict, "bidId");
        (await _api.Post($"/api/rounds/{round}/decisions/1/resolutions", secretaryKey, Resolution("icb", "approved"))).Is(HttpStatusCode.Created);

        var mine = await _api.Get($"{apps}/mine/outcome", applicantKey);
        mine.Is(HttpStatusCode.OK);
        Assert.True((bool)mine.Json["funded"]!);
        Assert.Equal(60_000.50m, (decimal)mine.Json["award"]!);
        Assert.Equal("2018-09-14", (string?)mine.Json["approvedOn"]);
        Assert.Equal("Agree the discharge pathway with the Homerton.", (string?)mine.Json["conditions"]![0]!["text"]);
        Assert.Null(mine.Json["feedback"]);
        // Under "withScores", the bid's own mean (scores 9 and 8 at weights 3 and 1: (27 + 8) / 4 = 8.75), band and rank; never a sheet.
        Assert.Equal(1, (int)mine.Json["scores"]!["rank"]!);
        Assert.Equal(8.75, (double)mine.Json["scores"]!["weightedMean"]!);
        Assert.DoesNotContain("sheets", mine.Text);
        Assert.DoesNotContain(scorer, mine.Text);

        var theirs = await _api.Get($"{apps}/theirs/outcome", otherKey);
        Assert.False((bool)theirs.Json["funded"]!);
        Assert.Equal(0m, (decimal)theirs.Json["award"]!);
        Assert.Equal("A strong case; the pot ran out. Apply again in the spring.", (string?)theirs.Json["feedback"]);
        // Only one's own: another applicant 403, the chair and the administrator are not applicants (403).
        (await _api.Get($"{apps}/mine/outcome", otherKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"{apps}/mine/outcome", chairKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"{apps}/nothing/outcome", applicantKey)).Problem(HttpStatusCode.NotFound, "applicationId");

        // The letter downloads as a Word document saying the same.
        var (status, bytes) = await ApplicationTests.Download(_api, $"{apps}/mine/outcome.docx", applicantKey);
        Assert.Equal(HttpStatusCode.OK, status);
        using (var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            var text = doc.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains("The award is £60,000.50, the amount you asked for.", text);
            Assert.Contains("Agree the discharge pathway with the Homerton.", text);
        }

        // Returns: the scheme's applicant only, for a funded scheme; named metrics kept.
        var returns = $"/api/rounds/{round}/bids/mine/returns";
        (await _api.Post(returns, otherKey, new { period = "2018 Q3", spent = 1_000m })).Problem(HttpStatusCode.Forbidden);
        (await _api.Post(returns, financeKey, new { period = "2018 Q3", spent = 1_000m })).Problem(HttpStatusCode.Forbidden);
        (await _api.Post(returns, applicantKey, new { period = "", spent = -1m })).Problem(HttpStatusCode.BadRequest, "period", "spent");
        (await _api.Post($"/api/rounds/{round}/bids/theirs/returns", otherKey, new { period = "2018 Q3", spent = 1m })).Problem(HttpStatusCode.Conflict, "bidId");
        var filed = await _api.Post(returns, applicantKey, new { period = "2018 Q3", spent = 12_500.25m, note = "Two workers in post.", metrics = new Dictionary<string, decimal> { ["Patients settled home"] = 41 } });
        filed.Is(HttpStatusCode.Created);
        (await _api.Post(returns, applicantKey, new { period = "2018 Q4", spent = 20_000m })).Is(HttpStatusCode.Created);
        var funding = (await _api.Get($"/api/rounds/{round}/funding", financeKey)).Json;
        var scheme = Assert.Single(funding["schemes"]!.AsArray())!;
        Assert.Equal(32_500.25m, (decimal)scheme["spent"]!);
        Assert.Equal(41m, (decimal)funding["returns"]![0]!["metrics"]!["Patients settled home"]!);
        // GBP 100,000 less the one award of GBP 60,000.50.
        Assert.Equal(39_999.50m, (decimal)funding["totals"]!["unallocated"]!);
    }

    [Fact]
    public async Task The_seeded_2018_paper_carries_the_published_table_total_and_conditions()
    {
        var (status, bytes) = await ApplicationTests.Download(_api, "/api/rounds/pic-2018/decisions/1/paper.docx", _api.AdminKey);
        Assert.Equal(HttpStatusCode.OK, status);
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = doc.MainDocumentPart!.Document.Body!;
        var tables = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>().ToList();
        var ranked = tables[^1].Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().ToList();
        // The heading row and the 17 schemes.
        Assert.Equal(18, ranked.Count);
        var paragraphs = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Contains(paragraphs, p => p.Contains("£1,559k", StringComparison.Ordinal));
        var conditions = paragraphs.SkipWhile(p => p != Prioritise.Domain.Reports.BoardPaper.ConditionsHeading).Skip(1).TakeWhile(p => p.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, conditions.Count);
        Assert.Equal("Recommendations from the Prioritisation and Investment Committee for funding of workstream proposals",
            tables[0].Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().First().Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Last().InnerText);
    }
}

/// <summary>(issue 16) The BCF 2018 seed ends as the paper does.</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class BcfSeedGovernanceTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    [Fact]
    public async Task The_BCF_seed_reads_back_approved_by_the_Hackney_ICB_after_four_endorsements_with_183411_pounds_left()
    {
        var decision = (await _api.Get("/api/rounds/bcf-2018/decisions/1", _api.AdminKey)).Json;
        Assert.Equal("approved", (string?)decision["status"]);
        var bodies = decision["governance"]!["bodies"]!.AsArray();
        Assert.Equal(
            ["Hackney BCF Steering Group", "Planned Care Leadership Group", "Unplanned Care Board", "Transformation Board", "Hackney Integrated Commissioning Board"],
            bodies.Select(b => (string?)b!["name"]));
        Assert.Equal(["endorsed", "endorsed", "endorsed", "endorsed", "approved"], bodies.Select(b => (string?)b!["resolution"]!["outcome"]));
        Assert.Equal("2018-09-14", (string?)bodies[4]!["resolution"]!["meetingDate"]);
        // No scoring: no means on the list.
        Assert.All(decision["rows"]!.AsArray(), r => Assert.Null(r!["weightedMean"]));

        var funding = (await _api.Get("/api/rounds/bcf-2018/funding", _api.AdminKey)).Json;
        Assert.Equal(5, funding["schemes"]!.AsArray().Count);
        // 47,742 + 90,000 + 60,000 + 87,376 + 30,000 = 315,118 of the 498,529 pot; 183,411 left, "183k" in GBP 000s.
        Assert.Equal(315_118m, (decimal)funding["totals"]!["awarded"]!);
        Assert.Equal(498_529m, (decimal)funding["totals"]!["pot"]!);
        Assert.Equal(183_411m, (decimal)funding["totals"]!["unallocated"]!);
        Assert.Equal("183", (string?)funding["totals"]!["unallocatedThousands"]);
        Assert.Equal(0m, (decimal)funding["totals"]!["released"]!);
    }

    [Fact]
    public async Task The_PIC_seed_names_its_four_bodies_and_waits_on_the_Transformation_Board_with_five_open_conditions()
    {
        var decision = (await _api.Get("/api/rounds/pic-2018/decisions/1", _api.AdminKey)).Json;
        Assert.Equal("confirmed", (string?)decision["status"]);
        Assert.Equal("transformation-board", (string?)decision["governance"]!["nextBodyId"]);
        var conditions = (await _api.Get("/api/rounds/pic-2018/conditions", _api.AdminKey)).Json.AsArray();
        // Five conditions in the paper; the one on the joint mental health award is one per bid in it.
        Assert.All(conditions, c => Assert.Equal("open", (string?)c!["status"]));
        Assert.Equal(5, conditions.Select(c => (string?)c!["text"]).Distinct().Count());
    }
}
