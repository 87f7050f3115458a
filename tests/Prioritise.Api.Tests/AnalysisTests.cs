using System.Net;
using System.Text.Json.Nodes;
using ClosedXML.Excel;

namespace Prioritise.Api.Tests;

/// <summary>GET /api/rounds/{r}/analysis: who may read it, its shape on the 2018 round, and the workbook's "Analysis" sheet.</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class AnalysisTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;
    private const string Seed = "/api/rounds/pic-2018/analysis";

    [Fact]
    public async Task Only_the_admin_reads_it_while_scoring_the_committee_once_scoring_has_closed()
    {
        var c = await Committee.Build(_api);
        await _api.Submit(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, impact: 9, cost: 5);
        await _api.Submit(c.RoundId, c.BidId, c.Scorer2Id, c.Scorer2Key, impact: 5, cost: 9);
        var path = $"/api/rounds/{c.RoundId}/analysis";
        var outsiderKey = await _api.CreateMember(TestIds.New("outsider"), "Outside Org");

        // Blind while scoring (docs/security.md): the chair and finance too; an outsider learns nothing of the round.
        (await _api.Get(path, _api.AdminKey)).Is(HttpStatusCode.OK);
        foreach (var key in new[] { c.ChairKey, c.FinanceKey, c.ScorerKey })
            (await _api.Get(path, key)).Problem(HttpStatusCode.Forbidden);
        (await _api.Get(path, outsiderKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get(path, key: null)).Problem(HttpStatusCode.Unauthorized);

        await _api.CloseScoring(c.RoundId, c.ChairKey);
        var reply = await _api.Get(path, c.ScorerKey);
        reply.Is(HttpStatusCode.OK);
        (await _api.Get(path, outsiderKey)).Problem(HttpStatusCode.NotFound);

        // One bid, GBP 26k under a GBP 100k cap, two sheets: funded in every draw whatever is resampled.
        var bid = reply.Json["bids"]!.AsArray().Single()!;
        Assert.Equal(c.BidId, (string?)bid["bidId"]);
        Assert.Equal(1.0, (double)bid["probabilityFunded"]!);
        Assert.Equal(1.0, (double)bid["probabilityFundedWeightsPerturbed"]!);
        // Totals (3*9 + 5)/4 = 8 and (3*5 + 9)/4 = 6: resampled means 6, 7 or 8.
        Assert.Equal(6.0, (double)bid["meanInterval"]!["lower"]!);
        Assert.Equal(8.0, (double)bid["meanInterval"]!["upper"]!);
        Assert.True((bool)bid["inBestPortfolio"]!);
    }

    [Fact]
    public async Task Only_the_sheets_that_count_for_results_are_analysed()
    {
        // Totals 8 (scorer) and 6 (scorer2). Once scorer2 is no longer a scorer their sheet stops
        // counting, for results and analysis alike: one sheet of total 8, which no draw can move.
        var c = await Committee.Build(_api);
        await _api.Submit(c.RoundId, c.BidId, c.ScorerId, c.ScorerKey, impact: 9, cost: 5);
        await _api.Submit(c.RoundId, c.BidId, c.Scorer2Id, c.Scorer2Key, impact: 5, cost: 9);
        await _api.Appoint(c.RoundId, c.Scorer2Id, "finance");

        var results = await _api.Get($"/api/rounds/{c.RoundId}/results", _api.AdminKey);
        results.Is(HttpStatusCode.OK);
        Assert.Equal(1, (int)results.Json["bids"]![0]!["sheets"]!);
        var bid = (await _api.Get($"/api/rounds/{c.RoundId}/analysis", _api.AdminKey)).Is(HttpStatusCode.OK).Json["bids"]![0]!;
        Assert.Equal(8.0, (double)bid["weightedMean"]!);
        Assert.Equal(8.0, (double)bid["meanInterval"]!["lower"]!);
        Assert.Equal(8.0, (double)bid["meanInterval"]!["upper"]!);
    }

    [Fact]
    public async Task Unknown_rounds_are_404_and_bad_options_400_by_field()
    {
        (await _api.Get($"/api/rounds/{TestIds.New("none")}/analysis", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
        (await _api.Get($"{Seed}?draws=100", _api.AdminKey)).Problem(HttpStatusCode.BadRequest, "draws");
        (await _api.Get($"{Seed}?draws=20001", _api.AdminKey)).Problem(HttpStatusCode.BadRequest, "draws");
        (await _api.Get($"{Seed}?concentration=0", _api.AdminKey)).Problem(HttpStatusCode.BadRequest, "concentration");
        (await _api.Get($"{Seed}?draws=many", _api.AdminKey)).Problem(HttpStatusCode.BadRequest);
        (await _api.Get($"{Seed}?normalised=perhaps", _api.AdminKey)).Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_2018_round_analysed_funds_falls_prevention_and_not_vocational_rehab()
    {
        var reply = await _api.Get(Seed, _api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        var a = reply.Json.AsObject();
        Assert.Equal("pic-2018", (string?)a["roundId"]);
        Assert.Equal(2000, (int)a["method"]!["draws"]!);
        Assert.Equal(2018, (int)a["method"]!["seed"]!);
        Assert.False((bool)a["method"]!["normalised"]!);
        Assert.Equal(1_500_000m, (decimal)a["fundingCap"]!);
        Assert.Equal("stopAtFirstMiss", (string?)a["fundingLinePolicy"]);

        var bids = a["bids"]!.AsArray().Select(b => b!.AsObject()).ToList();
        Assert.Equal(17, bids.Count);
        Assert.Equal(Enumerable.Range(1, 17), bids.Select(b => (int)b["rank"]!));
        JsonObject Bid(string title) => bids.Single(b => (string?)b["title"] == title);
        Assert.True((double)Bid("Falls prevention")["probabilityFunded"]! >= 0.99);
        Assert.True((double)Bid("Vocational rehab for stroke")["probabilityFunded"]! <= 0.03);
        Assert.Equal(35_000m, (decimal)Bid("Falls prevention")["amountRequested"]!);
        foreach (var b in bids)
        {
            var p = (double)b["probabilityFunded"]!;
            Assert.Equal(p is > 0.2 and < 0.8, (bool)b["forDiscussion"]!);
            Assert.True((int)b["rankInterval"]!["lower"]! <= (int)b["rankInterval"]!["upper"]!);
            Assert.Null(b["normalised"]);
        }

        Assert.Equal(8, a["weightSensitivity"]!["criteria"]!.AsArray().Count);
        Assert.Equal(5, a["disagreement"]!.AsArray().Count);
        Assert.Equal("low", (string?)a["disagreement"]![0]!["agreement"]);
        Assert.Equal(12, a["scorers"]!.AsArray().Count);
        Assert.StartsWith("ICC(1) one-way", (string?)a["reliability"]!["icc"]!["form"]);
        Assert.Equal(7, a["reliability"]!["kendallsW"]!["members"]!.AsArray().Count);
        var portfolio = a["portfolio"]!;
        Assert.Equal(1_447_000m, (decimal)portfolio["committee"]!["cost"]!);
        Assert.True((decimal)portfolio["best"]!["cost"]! <= 1_500_000m);
        Assert.True((double)portfolio["best"]!["value"]! >= (double)portfolio["committee"]!["value"]!);
        Assert.Equal("dense", (string?)portfolio["method"]);
        Assert.Equal(1_000m, (decimal)portfolio["unit"]!);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_answer_and_normalised_adds_z_score_ranks()
    {
        var first = await _api.Get($"{Seed}?seed=7&draws=2500", _api.AdminKey);
        var again = await _api.Get($"{Seed}?seed=7&draws=2500", _api.AdminKey);
        var other = await _api.Get($"{Seed}?seed=8&draws=2500", _api.AdminKey);
        first.Is(HttpStatusCode.OK);
        Assert.Equal(first.Text, again.Text);
        Assert.NotEqual(first.Text, other.Text);
        Assert.Equal(2500, (int)first.Json["method"]!["draws"]!);

        var normalised = await _api.Get($"{Seed}?normalised=true", _api.AdminKey);
        normalised.Is(HttpStatusCode.OK);
        var rows = normalised.Json["bids"]!.AsArray();
        Assert.All(rows, b => Assert.NotNull(b!["normalised"]));
        Assert.Equal(Enumerable.Range(1, 17), rows.Select(b => (int)b!["normalised"]!["rank"]!).Order());
    }

    [Fact]
    public async Task OpenApi_documents_the_analysis_route_and_its_options()
    {
        var reply = await _api.Get("/openapi/v1.json", key: null);
        reply.Is(HttpStatusCode.OK);
        var get = reply.Json["paths"]!["/api/rounds/{r}/analysis"]?["get"];
        Assert.True(get is JsonObject, "OpenAPI lacks GET /api/rounds/{r}/analysis");
        var parameters = get!["parameters"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
        Assert.Equal(["r", "draws", "seed", "normalised", "concentration"], parameters);
        Assert.False(string.IsNullOrWhiteSpace((string?)get["summary"]));
        Assert.NotNull(get["responses"]!["200"]);
    }

    [Fact]
    public async Task The_workbook_has_an_analysis_sheet_after_the_board_table()
    {
        var (status, _, body) = await _api.GetBytes("/api/rounds/pic-2018/report.xlsx", _api.AdminKey);
        Assert.Equal(HttpStatusCode.OK, status);
        using var workbook = new XLWorkbook(new MemoryStream(body));
        Assert.Equal(["Board table", "Analysis"], workbook.Worksheets.Select(w => w.Name));
        var sheet = workbook.Worksheet("Analysis");
        var first = sheet.Column(1).CellsUsed().Select(c => c.GetString()).ToList();
        foreach (var heading in new[]
                 {
                     "Probability of funding (bootstrap of each bid's sheets)", "Weight sensitivity (one criterion at a time, the others held)",
                     "Disagreement: what drives the spread on low-agreement bids", "Scorer calibration", "Best portfolio under the cap (advice)",
                 })
            Assert.Contains(heading, first);
        // Falls prevention's row: rank 1, funded, chance of funding (a number, shown as a percentage) near 1.
        var falls = sheet.Column(1).CellsUsed().First(c => c.GetString() == "Falls prevention").WorksheetRow();
        Assert.Equal(1, falls.Cell(2).GetValue<int>());
        Assert.Equal("Yes", falls.Cell(3).GetString());
        Assert.True(falls.Cell(5).GetValue<double>() >= 0.99);
        Assert.Equal("0%", falls.Cell(5).Style.NumberFormat.Format);
    }
}
