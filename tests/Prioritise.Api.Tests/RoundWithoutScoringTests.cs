using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>
/// A round without scoring over HTTP (issue 16 item 2; docs/api.md "After the decision"): bids from
/// accepted applications, the chair's list with no means or bands, finance's decision; and the 2018
/// BCF seed, which the partnership decided that way.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class RoundWithoutScoringTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    private sealed record Round(string Id, string ChairKey, string FinanceKey, string ScorerId, string ScorerKey)
    {
        public string Path(string rest = "") => $"/api/rounds/{Id}{rest}";
    }

    /// <summary>
    /// A round with no scoring and a GBP 200,000 pot: a chair, finance, a scorer (who has nothing to
    /// score), a secretary and an applicant whose application is accepted as bid "settle"
    /// (GBP 60,000.50), and two bids the administrator adds: "stroke" (GBP 87,376) and "d2a" (GBP 30,000).
    /// </summary>
    private async Task<Round> Build()
    {
        var id = TestIds.New("noscore");
        string chair = TestIds.New("chair"), finance = TestIds.New("fin"), scorer = TestIds.New("scorer"),
            secretary = TestIds.New("sec"), applicant = TestIds.New("appl");
        var chairKey = await _api.CreateMember(chair, "City and Hackney CCG");
        var financeKey = await _api.CreateMember(finance, "London Borough of Hackney");
        var scorerKey = await _api.CreateMember(scorer, "Neutral Org");
        var secretaryKey = await _api.CreateMember(secretary, "City and Hackney CCG");
        var applicantKey = await _api.CreateMember(applicant, "Workstream Trust");

        // The criteria are the values the form asks about; nobody scores against them.
        var created = await _api.Post("/api/rounds", _api.AdminKey, new
        {
            id, name = "BCF underspend", fundingCap = 200_000m, scoring = "none", criteria = ApiClient.TwoCriteria,
        });
        created.Is(HttpStatusCode.Created);
        Assert.Equal("none", (string?)created.Json["scoring"]);
        Assert.Equal("setup", (string?)created.Json["status"]);

        await _api.Appoint(id, chair, "chair");
        await _api.Appoint(id, finance, "finance");
        await _api.Appoint(id, scorer, "scorer");
        await _api.Appoint(id, secretary, "secretary");
        await _api.Appoint(id, applicant, "applicant");

        (await _api.Post($"/api/rounds/{id}/call", secretaryKey, new { closesAt = DateTimeOffset.UtcNow.AddDays(14) })).Is(HttpStatusCode.OK);
        (await _api.Post($"/api/rounds/{id}/applications", applicantKey, ApplicationTests.Body("settle", true, ApplicationTests.Complete())))
            .Is(HttpStatusCode.Created);
        (await _api.Post($"/api/rounds/{id}/applications/settle/screening", secretaryKey, new { outcome = "accept" })).Is(HttpStatusCode.OK);
        await _api.AddBid(id, "stroke", 87_376m, title: "Exercise After Stroke");
        await _api.AddBid(id, "d2a", 30_000m, title: "Discharge 2 Assess evaluation");
        return new Round(id, chairKey, financeKey, scorer, scorerKey);
    }

    [Fact]
    public async Task A_round_without_scoring_may_have_no_criteria_and_says_so()
    {
        var id = TestIds.New("nocrit");
        var created = await _api.Post("/api/rounds", _api.AdminKey, new { id, name = "No scoring", fundingCap = 1000m, scoring = "none" });
        created.Is(HttpStatusCode.Created);
        Assert.Empty(created.Json["criteria"]!.AsArray());
        var read = await _api.Get($"/api/rounds/{id}", _api.AdminKey);
        Assert.Equal("none", (string?)read.Json["scoring"]);

        // A round that does not say is scored, as before.
        var scored = TestIds.New("scored");
        await _api.CreateRound(scored);
        Assert.Equal("scored", (string?)(await _api.Get($"/api/rounds/{scored}", _api.AdminKey)).Json["scoring"]);
    }

    [Fact]
    public async Task The_chair_starts_moderation_from_setup_and_scoring_never_opens()
    {
        var r = await Build();
        var before = await _api.Snapshot(r.Id);
        var refused = (await _api.Post(r.Path("/open-scoring"), r.ChairKey)).Problem(HttpStatusCode.Conflict, "status");
        Assert.Equal("This round has no scoring: the chair moderates its accepted applications directly; start moderation with close-scoring.",
            (string?)refused["detail"]);
        // A sheet is refused too: there is no scoring to take it.
        (await _api.PutSheet(r.Id, "stroke", r.ScorerId, r.ScorerKey, new { scores = new { impact = 8, cost = 7 }, submit = true }))
            .Problem(HttpStatusCode.Conflict, "status");
        // Finance and scorers do not start it (403), as they do not close scoring.
        (await _api.Post(r.Path("/close-scoring"), r.FinanceKey)).Problem(HttpStatusCode.Forbidden);
        (await _api.Post(r.Path("/start-moderation"), r.ScorerKey)).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await _api.Snapshot(r.Id));

        var started = await _api.Post(r.Path("/close-scoring"), r.ChairKey);
        started.Is(HttpStatusCode.OK);
        Assert.Equal("moderation", (string?)started.Json["status"]);
        Assert.Empty(started.Json["unscreenedApplications"]!.AsArray());
        // Started once: again, by either name, is refused.
        var again = (await _api.Post(r.Path("/start-moderation"), r.ChairKey)).Problem(HttpStatusCode.Conflict, "status");
        Assert.Equal("Moderation has already started: the chair is moderating the list.", (string?)again["detail"]);
        (await _api.Post(r.Path("/close-scoring"), r.ChairKey)).Problem(HttpStatusCode.Conflict, "status");
        (await _api.Post(r.Path("/open-scoring"), _api.AdminKey)).Problem(HttpStatusCode.Conflict, "status");

        var audit = (await _api.Get(r.Path("/audit"), _api.AdminKey)).Json.AsArray();
        Assert.DoesNotContain(audit, e => (string?)e!["action"] == "scoringOpened");
        Assert.Contains(audit, e => (string?)e!["what"] == "Moderation started on the accepted applications; this round has no scoring.");
    }

    [Fact]
    public async Task Scoring_is_corrected_only_in_setup()
    {
        var id = TestIds.New("switch");
        await _api.CreateRound(id);
        var patched = await _api.Send(HttpMethod.Patch, $"/api/rounds/{id}", _api.AdminKey, new { scoring = "none", reason = "The partnership agrees the bids itself." });
        patched.Is(HttpStatusCode.OK);
        Assert.Equal("none", (string?)patched.Json["scoring"]);
        (await _api.Post($"/api/rounds/{id}/start-moderation", _api.AdminKey)).Is(HttpStatusCode.OK);

        var before = await _api.Snapshot(id);
        var refused = (await _api.Send(HttpMethod.Patch, $"/api/rounds/{id}", _api.AdminKey, new { scoring = "scored", reason = "Score after all." }))
            .Problem(HttpStatusCode.Conflict, "scoring");
        Assert.Equal("Whether the round is scored can be changed only while the round is being set up. The round is in moderation.", (string?)refused["detail"]);
        Assert.Equal(before, await _api.Snapshot(id));
    }

    [Fact]
    public async Task The_alias_start_moderation_does_what_close_scoring_does()
    {
        var r = await Build();
        var started = await _api.Post(r.Path("/start-moderation"), _api.AdminKey);
        started.Is(HttpStatusCode.OK);
        Assert.Equal("moderation", (string?)started.Json["status"]);
        (await _api.Get(r.Path("/moderation"), r.ChairKey)).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_chair_orders_awards_and_declines_unscored_bids_and_finance_confirms_the_list()
    {
        var r = await Build();
        (await _api.Post(r.Path("/start-moderation"), r.ChairKey)).Is(HttpStatusCode.OK);

        var board = await _api.Get(r.Path("/moderation"), r.ChairKey);
        board.Is(HttpStatusCode.OK);
        var rows = board.Json["rows"]!.AsArray().Select(x => x!.AsObject()).ToList();
        // Unscored, so by title: "Discharge ...", "Exercise ...", "Take Home ...".
        Assert.Equal(["d2a", "stroke", "settle"], rows.Select(x => (string)x["bidId"]!));
        Assert.All(rows, x =>
        {
            Assert.Null(x["weightedMean"]);
            Assert.Null(x["standardDeviation"]);
            Assert.Null(x["valuePerThousand"]);
            Assert.Equal("Insufficient", (string?)x["agreement"]);
            Assert.Null(x["display"]!["weightedMean"]);
            Assert.True((bool)x["funded"]!);
        });
        // All three fit the GBP 200,000 pot: 30,000; +87,376; +60,000.50.
        Assert.Equal([30_000m, 117_376m, 177_376.50m], rows.Select(x => (decimal)x["cumulative"]!));
        Assert.Equal(177_376.50m, (decimal)board.Json["fundedTotal"]!);
        Assert.Equal(22_623.50m, (decimal)board.Json["headroom"]!);

        (await _api.Act(r.Id, r.ChairKey, new { type = "move", bidId = "settle", before = "d2a", reason = "Winter discharges first." })).Is(HttpStatusCode.Created);
        (await _api.Act(r.Id, r.ChairKey, new { type = "award", bidId = "stroke", amount = 80_000m, reason = "Until March only." })).Is(HttpStatusCode.Created);
        (await _api.Act(r.Id, r.ChairKey, new { type = "condition", bidId = "stroke", text = "Report referrals monthly." })).Is(HttpStatusCode.Created);
        var declined = await _api.Act(r.Id, r.ChairKey, new { type = "decline", bidId = "d2a", reason = "Funded from the D2A underspend instead." });
        declined.Is(HttpStatusCode.Created);
        var list = declined.Json["moderation"]!;
        Assert.Equal(["settle", "d2a", "stroke"], list["rows"]!.AsArray().Select(x => (string)x!["bidId"]!));
        Assert.Equal([true, false, true], list["rows"]!.AsArray().Select(x => (bool)x!["funded"]!));
        // 60,000.50 + 80,000 = 140,000.50 of 200,000.
        Assert.Equal(140_000.50m, (decimal)list["fundedTotal"]!);
        Assert.Equal(59_999.50m, (decimal)list["headroom"]!);

        // The reports show the list with no means and no bands.
        var md = await _api.Get(r.Path("/report.md"), r.FinanceKey);
        md.Is(HttpStatusCode.OK);
        Assert.Contains("Take Home and Settle", md.Text);
        Assert.DoesNotContain("Insufficient", md.Text);
        var csv = await _api.Get(r.Path("/report.csv"), r.FinanceKey);
        csv.Is(HttpStatusCode.OK);
        Assert.DoesNotContain("Insufficient", csv.Text);
        (await _api.Get(r.Path("/report.xlsx"), r.FinanceKey)).Is(HttpStatusCode.OK);

        var confirmed = await _api.Post(r.Path("/decisions"), r.FinanceKey, new { acceptOverCommitment = false, reason = "The partnership agreed the schemes." });
        confirmed.Is(HttpStatusCode.Created);
        Assert.Equal(1, (int)confirmed.Json["number"]!);
        Assert.Equal(140_000.50m, (decimal)confirmed.Json["fundedTotal"]!);
        Assert.Equal(59_999.50m, (decimal)confirmed.Json["headroom"]!);
        Assert.Equal(0m, (decimal)confirmed.Json["overCommitment"]!);
        Assert.Equal("confirmed", (string?)(await _api.Get(r.Path(), _api.AdminKey)).Json["status"]);
        var frozen = (await _api.Get(r.Path("/decisions/1"), r.ChairKey)).Json["rows"]!.AsArray();
        Assert.Equal([60_000.50m, 80_000m], frozen.Where(x => (bool)x!["funded"]!).Select(x => (decimal)x!["award"]!));
        (await _api.Post(r.Path("/start-moderation"), r.ChairKey)).Problem(HttpStatusCode.Conflict, "status");
    }

    [Fact]
    public async Task The_chair_and_finance_pages_and_the_board_show_Not_scored_where_a_mean_would_be()
    {
        var r = await Build();
        (await _api.Post(r.Path("/start-moderation"), r.ChairKey)).Is(HttpStatusCode.OK);
        // The results and analysis routes still answer (nothing is scored; there is nothing to analyse).
        (await _api.Get(r.Path("/results"), r.ChairKey)).Is(HttpStatusCode.OK);
        (await _api.Get(r.Path("/analysis"), _api.AdminKey)).Is(HttpStatusCode.OK);

        using var chair = await PageSession.SignedIn(shared.Silo.BaseAddress, r.ChairKey);
        var moderation = await chair.Get($"/rounds/{r.Id}/moderation");
        Assert.Equal(HttpStatusCode.OK, moderation.Status);
        Assert.Contains("Not scored", moderation.Body);
        var chairPage = await chair.Get($"/rounds/{r.Id}/chair");
        Assert.Equal(HttpStatusCode.OK, chairPage.Status);
        Assert.Contains("Moderation has <strong>started</strong>", chairPage.Body);
        using var finance = await PageSession.SignedIn(shared.Silo.BaseAddress, r.FinanceKey);
        Assert.Equal(HttpStatusCode.OK, (await finance.Get($"/rounds/{r.Id}/finance")).Status);
    }

    [Fact]
    public async Task The_chairs_page_offers_to_start_moderation_in_setup()
    {
        var r = await Build();
        using var chair = await PageSession.SignedIn(shared.Silo.BaseAddress, r.ChairKey);
        var page = await chair.Get($"/rounds/{r.Id}/chair");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Start moderation", page.Body);
        Assert.DoesNotContain("Open scoring", page.Body);
    }

    [Fact]
    public async Task The_BCF_2018_seed_ends_as_the_paper_does_with_GBP_315118_funded_and_183411_left()
    {
        var round = await _api.Get("/api/rounds/bcf-2018", _api.AdminKey);
        round.Is(HttpStatusCode.OK);
        Assert.Equal("none", (string?)round.Json["scoring"]);
        Assert.Equal("confirmed", (string?)round.Json["status"]);

        var decision = await _api.Get("/api/rounds/bcf-2018/decisions/1", _api.AdminKey);
        decision.Is(HttpStatusCode.OK);
        var rows = decision.Json["rows"]!.AsArray().Select(x => x!.AsObject()).ToList();
        Assert.Equal(5, rows.Count);
        Assert.All(rows, x => Assert.True((bool)x["funded"]!));
        Assert.All(rows, x => Assert.Null(x["weightedMean"]));
        Assert.False((bool)decision.Json["overCommitmentAccepted"]!);
        // 47,742 + 90,000 + 60,000 + 87,376 + 30,000 = 315,118 of 498,529; 183,411 left (the paper's "183k").
        Assert.Equal(315_118m, (decimal)decision.Json["fundedTotal"]!);
        Assert.Equal(183_411m, (decimal)decision.Json["headroom"]!);
        Assert.Equal(0m, (decimal)decision.Json["overCommitment"]!);
        Assert.Equal("183", Prioritise.Domain.Display.ThousandsText((decimal)decision.Json["headroom"]!));
        (await _api.Get("/api/rounds/bcf-2018/decisions/2", _api.AdminKey)).Problem(HttpStatusCode.NotFound);

        var md = await _api.Get("/api/rounds/bcf-2018/report.md", _api.AdminKey);
        md.Is(HttpStatusCode.OK);
        Assert.Contains("315", md.Text);
        Assert.Contains("183", md.Text);
    }
}
