using System.Net;
using System.Text.Json.Nodes;
using static Prioritise.Api.Tests.Moderated;

namespace Prioritise.Api.Tests;

/// <summary>
/// A fresh copy of the confirmed 2018 round (a silo of its own, seeded on first start): finance
/// revises the pot, moderation resumes and decision 2 follows, while decision 1 stays the published table.
/// </summary>
[Collection(OwnSiloCollection.Name)]
public sealed class SeedCapRevisionTests
{
    private const string Round = "/api/rounds/pic-2018";

    [Fact]
    public async Task Revised_pot_lists_schemes_that_no_longer_fit_and_decision_2_leaves_decision_1_as_published()
    {
        using var silo = new SiloProcess(seedOnEmpty: true);
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var ash = await IssueKey(api, "ash");
        var birch = await IssueKey(api, "birch");

        var decision1 = await api.Get($"{Round}/decisions/1", birch);
        decision1.Is(HttpStatusCode.OK);
        var reports1 = await Reports(api, "?decision=1");
        foreach (var (format, table) in reports1)
            BoardTableReader.AssertRows(BoardTableReader.As(format, ReportTests.PublishedTable), table.Rows, $"report.{format}?decision=1 before the revision");

        // Confirmed: the chair cannot act.
        (await api.Post($"{Round}/moderation/actions", ash, new { type = "move", bidId = "greenhouse", before = "falls-prevention", reason = "x" }))
            .Problem(HttpStatusCode.Conflict);

        // GBP 900k, walking up the funded list from 1,559k: Healthier City and Hackney Fund (250k -> 1,309k),
        // Smoking cessation (50k -> 1,259k), Spirometry (20k -> 1,239k), HIV CNS (148k -> 1,091k), SEND (100k -> 991k),
        // Group consultations (66k -> 925k), then the joint award as one (154k -> 771k).
        var deep = await Revise(api, birch, 900_000m, "Worst case for the in-year position");
        Assert.Equal(1_500_000m, (decimal)deep["previousCap"]!);
        Assert.Equal(1_559_000m, (decimal)deep["fundedTotal"]!);
        var dropped = deep["noLongerFit"]!.AsArray().Select(x => (string)x!).ToList();
        Assert.Equal(8, dropped.Count);
        Assert.Equal(["healthier-city-hackney-fund", "smoking-cessation-acers", "spirometry", "hiv-cns", "send", "group-consultations"], dropped.Take(6));
        Assert.Equal(["greenhouse-mh-outreach", "mental-health-substance-misuse"], dropped.Skip(6).Order(StringComparer.Ordinal));

        // GBP 1.3M: the fund (1,559k -> 1,309k, still over) and smoking cessation (-> 1,259k) no longer fit.
        var revised = await Revise(api, birch, 1_300_000m, "In-year pressure: the pot is now GBP 1.3M");
        Assert.Equal(900_000m, (decimal)revised["previousCap"]!);
        Assert.Equal(["healthier-city-hackney-fund", "smoking-cessation-acers"], revised["noLongerFit"]!.AsArray().Select(x => (string)x!));

        var reopened = await Read(api, ash);
        Assert.Equal("open", (string?)reopened["status"]);
        Assert.Equal(1_300_000m, (decimal)reopened["fundingCap"]!);
        Assert.Equal(1_559_000m, (decimal)reopened["fundedTotal"]!);
        Assert.Equal(259_000m, (decimal)reopened["overCommitment"]!);
        Assert.Equal("moderation", await Status(api));

        // The chair withdraws the line set at the meeting; the revised cap draws it: down to Spirometry (1,259k),
        // Smoking cessation would make 1,309k and the line stops there.
        var lineAction = reopened["actions"]!.AsArray().Single(a => (string?)a!["type"] == "setFundingLine")!;
        var act = await api.Post($"{Round}/moderation/actions", ash, new
        {
            type = "revert", actionId = (string)lineAction["id"]!, reason = "Back within the revised pot", expectedVersion = Version(reopened),
        });
        act.Is(HttpStatusCode.Created);
        var moderated = act.Json["moderation"]!.AsObject();
        Assert.Equal(ReportTests.PublishedTable.Select(p => p[0]), Rows(moderated).Select(r => (string)r["title"]!));
        Assert.Equal(1_259_000m, (decimal)moderated["fundedTotal"]!);
        Assert.Equal(41_000m, (decimal)moderated["headroom"]!);
        Assert.Equal(0m, (decimal)moderated["overCommitment"]!);
        Assert.Equal(1_259_000m, Cumulative(moderated, "spirometry"));
        Assert.Null(Cumulative(moderated, "smoking-cessation-acers"));
        Assert.Null(Cumulative(moderated, "healthier-city-hackney-fund"));

        var confirmed = await api.Post($"{Round}/decisions", birch, new { acceptOverCommitment = false, reason = "Confirmed against the revised pot" });
        confirmed.Is(HttpStatusCode.Created);
        Assert.Equal(2, (int)confirmed.Json["number"]!);
        Assert.Equal("birch", (string?)confirmed.Json["confirmedBy"]);
        Assert.Equal(1_300_000m, (decimal)confirmed.Json["fundingCap"]!);
        Assert.Equal(1_259_000m, (decimal)confirmed.Json["fundedTotal"]!);
        Assert.False((bool)confirmed.Json["overCommitmentAccepted"]!);
        Assert.Equal("confirmed", await Status(api));

        // Decision 1 and its reports are exactly as before.
        var again = await api.Get($"{Round}/decisions/1", birch);
        again.Is(HttpStatusCode.OK);
        Assert.Equal(decision1.Frozen(), again.Frozen());
        Assert.Equal("superseded", (string?)again.Json["status"]);
        var reports1Again = await Reports(api, "?decision=1");
        foreach (var (format, table) in reports1Again)
        {
            Assert.Equal(reports1[format].Describe(), table.Describe());
            BoardTableReader.AssertRows(BoardTableReader.As(format, ReportTests.PublishedTable), table.Rows, $"report.{format}?decision=1 after decision 2");
        }

        // The current report and decision 2's: the published table with the last two funded schemes below the line.
        var expected = ReportTests.PublishedTable.Select(r => r.ToArray()).ToList();
        expected[9][6] = "-";
        expected[10][6] = "-";
        var decision2Rows = BoardTableReader.FromJsonRows(confirmed.Json["rows"]!.AsArray());
        BoardTableReader.AssertRows(expected, decision2Rows, "decision 2 as JSON");
        var current = await Reports(api, "");
        var reports2 = await Reports(api, "?decision=2");
        foreach (var format in current.Keys)
        {
            BoardTableReader.AssertRows(BoardTableReader.As(format, expected), current[format].Rows, $"report.{format}");
            BoardTableReader.AssertRows(BoardTableReader.As(format, expected), reports2[format].Rows, $"report.{format}?decision=2");
            Assert.Equal(5, reports2[format].Conditions.Count);
        }

        // The workbook shows the same three tables.
        BoardTableReader.AssertRows(ReportTests.PublishedTable, (await Excel(api, "?decision=1")).Rows, "report.xlsx?decision=1 after decision 2");
        BoardTableReader.AssertRows(expected, (await Excel(api, "")).Rows, "report.xlsx");
        BoardTableReader.AssertRows(expected, (await Excel(api, "?decision=2")).Rows, "report.xlsx?decision=2");
    }

    private static async Task<string> IssueKey(ApiClient api, string memberId)
    {
        var reply = await api.Post($"/api/members/{memberId}/key", api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        return (string)reply.Json["apiKey"]!;
    }

    private static async Task<JsonObject> Revise(ApiClient api, string financeKey, decimal cap, string reason)
    {
        var reply = await api.Post($"{Round}/cap-revisions", financeKey, new { fundingCap = cap, reason });
        Assert.True(reply.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"cap revision: {reply}");
        Assert.Equal(cap, (decimal)reply.Json["fundingCap"]!);
        return reply.Json.AsObject();
    }

    private static async Task<JsonObject> Read(ApiClient api, string key)
    {
        var reply = await api.Get($"{Round}/moderation", key);
        reply.Is(HttpStatusCode.OK);
        return reply.Json.AsObject();
    }

    private static async Task<string?> Status(ApiClient api)
    {
        var reply = await api.Get(Round, api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        return (string?)reply.Json["status"];
    }

    /// <summary>report.csv and report.md; the xlsx is read at the end (<see cref="Excel"/>), so the rest is checked first.</summary>
    private static async Task<Dictionary<string, BoardTableRead>> Reports(ApiClient api, string query)
    {
        var csv = await api.Get($"{Round}/report.csv{query}", api.AdminKey);
        csv.Is(HttpStatusCode.OK);
        var md = await api.Get($"{Round}/report.md{query}", api.AdminKey);
        md.Is(HttpStatusCode.OK);
        return new Dictionary<string, BoardTableRead>
        {
            ["csv"] = BoardTableReader.Csv(csv.Text),
            ["md"] = BoardTableReader.Markdown(md.Text),
        };
    }

    private static async Task<BoardTableRead> Excel(ApiClient api, string query)
    {
        var (status, _, xlsx) = await api.GetBytes($"{Round}/report.xlsx{query}", api.AdminKey);
        Assert.True(status == HttpStatusCode.OK, $"GET {Round}/report.xlsx{query} -> {(int)status}");
        return BoardTableReader.Excel(xlsx);
    }
}
