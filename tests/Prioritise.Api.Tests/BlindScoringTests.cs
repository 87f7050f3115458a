using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Prioritise.Api.Tests;

/// <summary>
/// The blind-scoring and conflict rules (docs/security.md, "Blind scoring"), tested as a rule over
/// every way out of the service rather than route by route: each member reads every API route and
/// every page of the round, error answers included, and no answer may carry a figure or a comment
/// the rule keeps from them.
///
/// The round, worked out by hand (impact weight 3, cost weight 1, totals (3i + c) / 4):
///   bid X (recipient Conflict Trust): s1 (10, 1) = 7.75, chair-scorer (3, 10) = 4.75;
///     mean 6.25, SD sqrt(1.5^2 + 1.5^2) = sqrt(4.5) = 2.1213..., value per GBP 1k 6.25 / 30 = 0.2083...
///   bid Y: s1 (7, 8) = 7.25, chair-scorer (6, 2) = 5, finance-scorer (9, 5) = 8, conflicted scorer (2, 2) = 2;
///     mean 22.25 / 4 = 5.5625, SD sqrt((1.6875^2 + 0.5625^2 + 2.4375^2 + 3.5625^2) / 3) = sqrt(7.265625) = 2.6954...,
///     value per GBP 1k 0.278125; its criterion means (impact 6, cost 4.25) are none of X's figures.
/// The finance member and one scorer work for Conflict Trust, so are conflicted on X.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed partial class BlindScoringTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;

    private sealed record Sheet(string Member, string Bid, int Impact, int Cost, string Comment, string Total)
    {
        public string Scores => $"impact={Impact}, cost={Cost}";
    }

    private sealed record World(
        string Round, string X, string Y, IReadOnlyDictionary<string, (string Id, string Key)> People, IReadOnlyList<Sheet> Sheets)
    {
        public string Id(string who) => People[who].Id;
        public string Key(string who) => People[who].Key;
    }

    private static Regex Figure(string number) => new($"(?<![\\d.]){Regex.Escape(number)}(?!\\d)");

    // Means, spreads and value per GBP 1k of both bids: nobody but the administrator while scoring.
    private static readonly string[] XFigures = ["6.25", "2.1213", "0.2083"];
    private static readonly string[] YFigures = ["5.5625", "2.6954", "0.2781"];

    private async Task<World> Build()
    {
        var round = TestIds.New("blind");
        var x = TestIds.New("x");
        var y = TestIds.New("y");
        var people = new Dictionary<string, (string, string)>();
        foreach (var (who, org) in new[]
                 {
                     ("s1", "Org A"), ("chairS", "Org B"), ("finS", "Conflict Trust"), ("chairN", "Org C"), ("conf", "Conflict Trust"),
                 })
        {
            var id = TestIds.New(who.ToLowerInvariant());
            people[who] = (id, await _api.CreateMember(id, org));
        }
        await _api.CreateRound(round);
        await _api.Appoint(round, people["s1"].Item1, "scorer");
        await _api.Appoint(round, people["chairS"].Item1, "chair", "scorer");
        await _api.Appoint(round, people["finS"].Item1, "finance", "scorer");
        await _api.Appoint(round, people["chairN"].Item1, "chair");
        await _api.Appoint(round, people["conf"].Item1, "scorer");
        await _api.AddBid(round, x, 30_000m, sponsor: "Conflict Trust", recipients: ["Conflict Trust"], title: "Scheme X");
        await _api.AddBid(round, y, 20_000m, title: "Scheme Y");
        await _api.OpenScoring(round);

        var sheets = new List<Sheet>
        {
            new("s1", x, 10, 1, "CMT-S1-X", "7.75"),
            new("chairS", x, 3, 10, "CMT-CH-X", "4.75"),
            new("s1", y, 7, 8, "CMT-S1-Y", "7.25"),
            new("chairS", y, 6, 2, "CMT-CH-Y", "5"),
            new("finS", y, 9, 5, "CMT-FIN-Y", "8"),
            new("conf", y, 2, 2, "CMT-CONF-Y", "2"),
        };
        foreach (var s in sheets)
            (await _api.PutSheet(round, s.Bid, people[s.Member].Item1, people[s.Member].Item2,
                new { scores = new { impact = s.Impact, cost = s.Cost }, comment = s.Comment, submit = true })).Is(HttpStatusCode.OK);
        return new World(round, x, y, people, sheets);
    }

    /// <summary>Every answer the member can get about the round: each API route and each page, whatever its status.</summary>
    private async Task<List<(string Where, string Body)>> EverythingSeenBy(World w, string who)
    {
        var key = w.Key(who);
        var seen = new List<(string, string)>();
        foreach (var path in new[]
                 {
                     "", "/bids", "/committee", "/results", "/analysis", "/audit", "/comments", "/moderation", "/decisions",
                     "/decisions/1", "/report.csv", "/report.md", "/report.csv?decision=1",
                     $"/bids/{w.X}/sheets/{w.Id(who)}", $"/bids/{w.Y}/sheets/{w.Id(who)}",
                 })
        {
            var reply = await _api.Get($"/api/rounds/{w.Round}{path}", key);
            seen.Add(($"GET /api/rounds/{{r}}{path} ({(int)reply.Status})", reply.Text));
        }
        using var browser = await PageSession.SignedIn(shared.Silo.BaseAddress, key);
        foreach (var page in new[] { "/rounds", $"/rounds/{w.Round}", $"/rounds/{w.Round}/chair", $"/rounds/{w.Round}/finance",
                     $"/rounds/{w.Round}/moderation", $"/rounds/{w.Round}/bids/{w.X}/sheet", $"/rounds/{w.Round}/bids/{w.Y}/sheet" })
        {
            var (status, body, _) = await browser.Get(page);
            seen.Add(($"page {page.Replace(w.Round, "{r}")} ({(int)status})", body));
        }
        return seen;
    }

    private static void NoneShows(IEnumerable<(string Where, string Body)> seen, string who, IEnumerable<string> texts, IEnumerable<string> figures)
    {
        var leaks = new List<string>();
        foreach (var (where, body) in seen)
        {
            foreach (var text in texts)
                if (body.Contains(text, StringComparison.Ordinal)) leaks.Add($"{who}: {where} shows '{text}'");
            foreach (var figure in figures)
                if (Figure(figure).IsMatch(body)) leaks.Add($"{who}: {where} shows the figure {figure}");
        }
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public async Task While_scoring_is_open_nobody_but_the_administrator_sees_another_members_scores_totals_means_or_comments()
    {
        var w = await Build();

        // The markers are real: the administrator sees them all.
        var admin = await _api.Get($"/api/rounds/{w.Round}/results", _api.AdminKey);
        admin.Is(HttpStatusCode.OK);
        Assert.True(Figure("6.25").IsMatch(admin.Text), admin.Text);
        var adminAudit = (await _api.Get($"/api/rounds/{w.Round}/audit", _api.AdminKey)).Text;
        Assert.Contains("impact=10, cost=1", adminAudit);
        Assert.Contains("CMT-S1-X", adminAudit);

        foreach (var who in new[] { "s1", "chairS", "finS", "chairN", "conf" })
        {
            var seen = await EverythingSeenBy(w, who);
            var others = w.Sheets.Where(s => s.Member != who).ToList();
            var own = w.Sheets.Where(s => s.Member == who).ToList();
            NoneShows(seen, who,
                others.Select(s => s.Comment).Concat(others.Select(s => s.Scores)).Except(own.Select(s => s.Scores)),
                XFigures.Concat(YFigures).Concat(others.Select(s => s.Total).Where(t => t.Contains('.'))));
        }

        // The audit still says who submitted and when; the chair who scores nothing sees progress counts.
        var chairAudit = await _api.Get($"/api/rounds/{w.Round}/audit", w.Key("chairN"));
        chairAudit.Is(HttpStatusCode.OK);
        var sheetEvents = chairAudit.Json.AsArray().Where(e => (string?)e!["action"] == "sheetSubmitted").ToList();
        Assert.Equal(6, sheetEvents.Count);
        Assert.All(sheetEvents, e => Assert.Equal("Sheet submitted.", (string?)e!["what"]));
        var committee = await _api.Get($"/api/rounds/{w.Round}/committee", w.Key("chairN"));
        committee.Is(HttpStatusCode.OK);
        var s1 = committee.Json.AsArray().Single(m => (string?)m!["memberId"] == w.Id("s1"))!;
        Assert.Equal(2, (int)s1["progress"]!["submitted"]!);
        // A chair or finance member who also scores gets no results before close.
        (await _api.Get($"/api/rounds/{w.Round}/results", w.Key("chairS"))).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"/api/rounds/{w.Round}/results", w.Key("finS"))).Problem(HttpStatusCode.Forbidden);
        (await _api.Get($"/api/rounds/{w.Round}/analysis", w.Key("chairN"))).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task After_close_a_member_conflicted_on_a_bid_sees_none_of_its_figures_or_comments_anywhere()
    {
        var w = await Build();
        await _api.CloseScoring(w.Round, w.Key("chairN"));
        (await _api.Post($"/api/rounds/{w.Round}/decisions", w.Key("finS"), new { reason = "Within the cap." })).Is(HttpStatusCode.Created);

        var xSheets = w.Sheets.Where(s => s.Bid == w.X).ToList();
        foreach (var who in new[] { "finS", "conf" })
        {
            var seen = await EverythingSeenBy(w, who);
            NoneShows(seen, who,
                xSheets.Select(s => s.Comment).Concat(xSheets.Select(s => s.Scores)),
                XFigures.Concat(xSheets.Select(s => s.Total)));
        }

        // They still see the other bid's figures, and X on the list without its figures.
        var results = await _api.Get($"/api/rounds/{w.Round}/results", w.Key("conf"));
        results.Is(HttpStatusCode.OK);
        var rows = results.Json["bids"]!.AsArray();
        var x = rows.Single(b => (string?)b!["bidId"] == w.X)!;
        var y = rows.Single(b => (string?)b!["bidId"] == w.Y)!;
        Assert.Null(x["weightedMean"]);
        Assert.Equal("Withheld", (string?)x["agreement"]);
        Assert.Equal(5.5625, (double)y["weightedMean"]!, 12);
        var moderation = await _api.Get($"/api/rounds/{w.Round}/moderation", w.Key("finS"));
        moderation.Is(HttpStatusCode.OK);
        Assert.Null(moderation.Json["rows"]!.AsArray().Single(r => (string?)r!["bidId"] == w.X)!["weightedMean"]);
        // The administrator still sees X's figures.
        var admin = await _api.Get($"/api/rounds/{w.Round}/results", _api.AdminKey);
        Assert.Equal(6.25, (double)admin.Json["bids"]!.AsArray().Single(b => (string?)b!["bidId"] == w.X)!["weightedMean"]!, 12);
    }

    [Fact]
    public async Task After_close_a_scorer_sees_their_own_calibration_and_the_panels_but_nobody_elses_by_name()
    {
        var w = await Build();
        await _api.CloseScoring(w.Round, w.Key("chairN"));

        var mine = await _api.Get($"/api/rounds/{w.Round}/analysis", w.Key("s1"));
        mine.Is(HttpStatusCode.OK);
        Assert.Equal([w.Id("s1")], mine.Json["scorers"]!.AsArray().Select(s => (string)s!["memberId"]!).ToList());
        Assert.NotNull(mine.Json["reliability"]);
        foreach (var other in new[] { "chairS", "finS", "conf" })
            Assert.DoesNotContain($"Member {w.Id(other)}", mine.Text);

        var chair = await _api.Get($"/api/rounds/{w.Round}/analysis", w.Key("chairN"));
        chair.Is(HttpStatusCode.OK);
        Assert.Equal(new[] { "chairS", "conf", "finS", "s1" }.Select(w.Id).Order(StringComparer.Ordinal),
            chair.Json["scorers"]!.AsArray().Select(s => (string)s!["memberId"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task After_close_the_chair_and_finance_read_each_bids_comments_with_the_scorers_names_and_scorers_read_none()
    {
        var w = await Build();
        await _api.CloseScoring(w.Round, w.Key("chairN"));

        static List<(string Name, string Comment)> CommentsOn(JsonNode results, string bidId) =>
            (results["bids"]!.AsArray().Single(b => (string?)b!["bidId"] == bidId)!["comments"]?.AsArray() ?? [])
            .Select(c => ((string)c!["name"]!, (string)c["comment"]!)).Order().ToList();

        var chair = await _api.Get($"/api/rounds/{w.Round}/results", w.Key("chairN"));
        chair.Is(HttpStatusCode.OK);
        Assert.Equal(new[] { ($"Member {w.Id("s1")}", "CMT-S1-X"), ($"Member {w.Id("chairS")}", "CMT-CH-X") }.Order(), CommentsOn(chair.Json, w.X));
        Assert.Equal(4, CommentsOn(chair.Json, w.Y).Count);

        // Finance is conflicted on X: Y's comments only.
        var finance = await _api.Get($"/api/rounds/{w.Round}/comments", w.Key("finS"));
        finance.Is(HttpStatusCode.OK);
        Assert.All(finance.Json.AsArray(), c => Assert.Equal(w.Y, (string?)c!["bidId"]));
        Assert.Equal(4, finance.Json.AsArray().Count);

        // A scorer reads no comments but their own sheet's.
        var scorer = await _api.Get($"/api/rounds/{w.Round}/results", w.Key("s1"));
        scorer.Is(HttpStatusCode.OK);
        Assert.DoesNotContain("CMT-", scorer.Text);
        Assert.Empty((await _api.Get($"/api/rounds/{w.Round}/comments", w.Key("s1"))).Json.AsArray());

        // The chair's page shows them beside the bid.
        using var browser = await PageSession.SignedIn(shared.Silo.BaseAddress, w.Key("chairN"));
        var (status, page, _) = await browser.Get($"/rounds/{w.Round}/chair");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("CMT-FIN-Y", page);
        Assert.Contains($"Member {w.Id("finS")}", page);
        var (moderationStatus, board, _) = await browser.Get($"/rounds/{w.Round}/moderation");
        Assert.Equal(HttpStatusCode.OK, moderationStatus);
        Assert.Contains("CMT-CH-X", board);

        // The reports carry them as an appendix, with the scorer's name.
        var md = await _api.Get($"/api/rounds/{w.Round}/report.md", w.Key("chairN"));
        md.Is(HttpStatusCode.OK);
        Assert.Contains("## Appendix: scorers' comments", md.Text);
        Assert.Contains($"Scheme Y, Member {w.Id("finS")}: CMT-FIN-Y", md.Text);
        var csv = await _api.Get($"/api/rounds/{w.Round}/report.csv", w.Key("finS"));
        csv.Is(HttpStatusCode.OK);
        Assert.Contains("CMT-CONF-Y", csv.Text);
        Assert.DoesNotContain("CMT-S1-X", csv.Text);
    }

    [Fact]
    public async Task The_audit_names_the_administrator_and_the_service_unmistakably()
    {
        var w = await Build();
        var audit = await _api.Get($"/api/rounds/{w.Round}/audit", _api.AdminKey);
        audit.Is(HttpStatusCode.OK);
        var created = audit.Json.AsArray().First(e => (string?)e!["action"] == "roundCreated")!;
        Assert.Equal("administrator", (string?)created["actorKind"]);
        Assert.Equal("Administrator (admin key)", (string?)created["actorLabel"]);
        var sheet = audit.Json.AsArray().First(e => (string?)e!["action"] == "sheetSubmitted")!;
        Assert.Equal("member", (string?)sheet["actorKind"]);
        Assert.Equal((string?)sheet["actor"], (string?)sheet["actorLabel"]);
    }

    [Fact]
    public async Task An_outsider_is_told_a_round_does_not_exist_whether_or_not_it_does()
    {
        var w = await Build();
        var outsider = TestIds.New("outsider");
        var key = await _api.CreateMember(outsider, "Outside Org");
        var missing = TestIds.New("nosuch");
        foreach (var path in new[] { "", "/bids", "/results", "/analysis", "/audit", "/committee", "/moderation", "/decisions", "/report.csv", "/comments" })
        {
            var there = await _api.Get($"/api/rounds/{w.Round}{path}", key);
            var notThere = await _api.Get($"/api/rounds/{missing}{path}", key);
            Assert.True(there.Status == HttpStatusCode.NotFound, $"{path}: {there}");
            Assert.True(notThere.Status == HttpStatusCode.NotFound, $"{path}: {notThere}");
        }
        (await _api.PutSheet(w.Round, w.X, outsider, key, new { scores = new { impact = 5, cost = 5 }, submit = true })).Problem(HttpStatusCode.NotFound);
        (await _api.PutSheet(missing, w.X, outsider, key, new { scores = new { impact = 5, cost = 5 }, submit = true })).Problem(HttpStatusCode.NotFound);
    }
}
