using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>
/// The seeded 2018 round, moderated and confirmed at start-up (seeds/.../moderation.json), against
/// the published board table (docs/domain.md, "The published result"). Read-only.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class ReportTests(SharedSilo shared)
{
    private readonly ApiClient _api = shared.Api;
    private const string Round = "/api/rounds/pic-2018";

    /// <summary>The published final table, typed in from docs/domain.md, cell for cell.</summary>
    public static readonly string[][] PublishedTable =
    [
        ["Falls prevention", "35", "8.7", "0.25", "1.0", "High", "35"],
        ["Housing First", "225", "8.6", "0.04", "1.4", "High", "260"],
        ["Hospice at home", "511", "8.3", "0.02", "1.8", "High", "771"],
        ["Mental health and substance misuse", "67", "8.1", "0.12", "2.4", "Medium", "838"],
        ["Greenhouse mental health outreach", "87", "7.0", "0.08", "2.4", "Medium", "925"],
        ["Group consultations", "66", "8.1", "0.12", "2.4", "Medium", "991"],
        ["SEND", "100", "7.8", "0.08", "1.6", "High", "1,091"],
        ["HIV CNS", "148", "7.4", "0.05", "3.4", "Low", "1,239"],
        ["Spirometry", "20", "6.4", "0.09", "3.0", "Low", "1,259"],
        ["Smoking cessation in ACERS", "50", "6.4", "0.13", "3.3", "Low", "1,309"],
        ["Healthier City and Hackney Fund", "250", "6.0", "0.02", "4.2", "Low", "1,559"],
        ["Greenhouse", "112", "6.8", "0.06", "2.2", "High", "-"],
        ["Pulmonary rehab", "96", "6.6", "0.07", "2.8", "Medium", "-"],
        ["Pressure ulcer prevention", "43", "6.0", "0.14", "3.3", "Low", "-"],
        ["Stroke psychology input", "280", "6.0", "0.02", "2.8", "Medium", "-"],
        ["62-day cancer patient engagement hotline", "54", "5.6", "0.10", "2.6", "Medium", "-"],
        ["Vocational rehab for stroke", "246", "5.3", "0.02", "2.5", "Medium", "-"],
    ];

    /// <summary>The five conditions: the bid(s) each names (domain.md) and its text (the seed's condition actions).</summary>
    public static IReadOnlyList<(string BidId, string[] Titles, string Text)> PublishedConditions()
    {
        var seed = JsonNode.Parse(File.ReadAllText(Path.Combine(SiloProcess.FindRepoRoot(), "seeds", "2018-city-and-hackney", "moderation.json")))!;
        string Text(string bidId) => seed["actions"]!.AsArray()
            .Single(a => (string?)a!["type"] == "condition" && (string?)a["bidId"] == bidId)!["text"]!.GetValue<string>();
        return
        [
            ("housing-first", ["Housing First"], Text("housing-first")),
            ("hiv-cns", ["HIV CNS"], Text("hiv-cns")),
            ("hospice-at-home", ["Hospice at home"], Text("hospice-at-home")),
            ("mental-health-substance-misuse", ["Mental health and substance misuse", "Greenhouse mental health outreach"], Text("mental-health-substance-misuse")),
            ("spirometry", ["Spirometry"], Text("spirometry")),
        ];
    }

    private static IReadOnlyList<(string[] Titles, string Text)> ExpectedConditions() =>
        PublishedConditions().Select(c => (c.Titles, c.Text)).ToList();

    private static decimal Pounds(string thousands) => decimal.Parse(thousands.Replace(",", "")) * 1000m;

    private async Task<string> IssueKey(string memberId)
    {
        var reply = await _api.Post($"/api/members/{memberId}/key", _api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        return (string)reply.Json["apiKey"]!;
    }

    [Fact]
    public async Task Seed_moderation_is_the_published_final_list_for_chair_finance_and_admin()
    {
        var readers = new[] { ("chair ash", await IssueKey("ash")), ("finance birch", await IssueKey("birch")), ("admin", _api.AdminKey) };
        string? first = null;
        foreach (var (who, key) in readers)
        {
            var reply = await _api.Get($"{Round}/moderation", key);
            reply.Is(HttpStatusCode.OK);
            var moderation = reply.Json.AsObject();
            Assert.Equal("confirmed", (string?)moderation["status"]);
            Assert.Equal(1_500_000m, (decimal)moderation["fundingCap"]!);
            Assert.Equal(1_559_000m, (decimal)moderation["fundedTotal"]!);
            Assert.Equal(59_000m, (decimal)moderation["overCommitment"]!);
            Assert.Equal(0m, (decimal)moderation["headroom"]!);

            var rows = Moderated.Rows(moderation);
            Assert.Equal(PublishedTable.Select(p => p[0]), rows.Select(r => (string)r["title"]!));
            Assert.Equal(Enumerable.Range(1, 17), rows.Select(r => (int)r["position"]!));
            for (var i = 0; i < rows.Count; i++)
            {
                var (row, published) = (rows[i], PublishedTable[i]);
                var title = published[0];
                Assert.True(Pounds(published[1]) == (decimal)row["award"]!, $"{title}: award {row["award"]}, published {published[1]}k");
                var funded = published[6] != "-";
                Assert.True(funded == (bool)row["funded"]!, $"{title}: funded {row["funded"]}");
                Assert.True((funded ? Pounds(published[6]) : null) == (decimal?)row["cumulative"], $"{title}: cumulative {row["cumulative"]?.ToJsonString() ?? "null"}, published {published[6]}");
                Assert.False((bool)row["declined"]!, $"{title} is declined");
            }

            // Spirometry: GBP 20k awarded of its GBP 75k request; value per £ on the request (6.4 / 75 = 0.09).
            var spirometry = Moderated.Row(moderation, "spirometry");
            Assert.Equal(75_000m, (decimal)spirometry["amountRequested"]!);
            Assert.Equal((double)spirometry["weightedMean"]! / 75.0, (double)spirometry["valuePerThousand"]!, 1e-12);

            // The joint award: the two mental health schemes sit together, GBP 154k between them.
            var mh = Moderated.Row(moderation, "mental-health-substance-misuse");
            var outreach = Moderated.Row(moderation, "greenhouse-mh-outreach");
            Assert.NotNull((string?)mh["jointGroup"]);
            Assert.Equal((string?)mh["jointGroup"], (string?)outreach["jointGroup"]);
            Assert.Equal(154_000m, (decimal)mh["jointGroupTotal"]!);
            Assert.Equal(154_000m, (decimal)outreach["jointGroupTotal"]!);
            Assert.Equal(154_000m, (decimal)mh["award"]! + (decimal)outreach["award"]!);
            Assert.Equal(1, (int)outreach["position"]! - (int)mh["position"]!);

            // Conditions sit on their bids; no other bid carries one (the joint award's partner may repeat its group's).
            var conditions = PublishedConditions();
            foreach (var (bidId, _, text) in conditions)
                Assert.Equal([text], Moderated.Row(moderation, bidId)["conditions"]!.AsArray().Select(c => (string)c!));
            foreach (var row in rows.Where(r => conditions.All(c => c.BidId != (string)r["bidId"]!) && (string)r["bidId"]! != "greenhouse-mh-outreach"))
                Assert.True(row["conditions"]!.AsArray().Count == 0, $"{row["title"]} carries a condition: {row["conditions"]!.ToJsonString()}");

            // The three readers see one list.
            first ??= Moderated.List(moderation);
            Assert.True(first == Moderated.List(moderation), $"{who} sees another list");
        }
    }

    [Fact]
    public async Task Seed_decision_1_is_finance_accepting_the_59k_over_commitment()
    {
        var reply = await _api.Get($"{Round}/decisions/1", await IssueKey("birch"));
        reply.Is(HttpStatusCode.OK);
        var decision = reply.Json.AsObject();
        Assert.Equal(1, (int)decision["number"]!);
        Assert.True((bool)decision["overCommitmentAccepted"]!);
        Assert.Equal("birch", (string?)decision["confirmedBy"]);
        Assert.Equal(1_500_000m, (decimal)decision["fundingCap"]!);
        Assert.Equal(1_559_000m, (decimal)decision["fundedTotal"]!);
        Assert.Equal(59_000m, (decimal)decision["overCommitment"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)decision["reason"]));
        Assert.True(DateTimeOffset.TryParse((string?)decision["confirmedAt"], out _), $"confirmedAt: {decision["confirmedAt"]}");
        BoardTableReader.AssertRows(PublishedTable, BoardTableReader.FromJsonRows(decision["rows"]!.AsArray()), "decision 1's rows");

        // The same decision for the chair and the admin; there is no decision 2.
        foreach (var key in new[] { await IssueKey("ash"), _api.AdminKey })
        {
            var again = await _api.Get($"{Round}/decisions/1", key);
            again.Is(HttpStatusCode.OK);
            Assert.Equal(reply.Text, again.Text);
        }
        (await _api.Get($"{Round}/decisions/2", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
        var round = await _api.Get(Round, _api.AdminKey);
        round.Is(HttpStatusCode.OK);
        Assert.Equal("confirmed", (string?)round.Json["status"]);
    }

    [Fact]
    public async Task Report_csv_is_the_published_table_then_the_five_conditions()
    {
        var reply = await _api.Get($"{Round}/report.csv", _api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        Assert.Equal("text/csv", reply.MediaType);
        AssertPublished(BoardTableReader.Csv(reply.Text), "report.csv", csv: true);
    }

    [Fact]
    public async Task Report_md_is_the_published_table_then_the_five_conditions()
    {
        var reply = await _api.Get($"{Round}/report.md", _api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        Assert.Equal("text/markdown", reply.MediaType);
        AssertPublished(BoardTableReader.Markdown(reply.Text), "report.md");
    }

    [Fact]
    public async Task Report_xlsx_opens_and_shows_the_published_table_then_the_five_conditions()
    {
        var (status, mediaType, body) = await _api.GetBytes($"{Round}/report.xlsx", _api.AdminKey);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", mediaType);
        AssertPublished(BoardTableReader.Excel(body), "report.xlsx");
    }

    [Fact]
    public async Task Reports_for_decision_1_are_the_decisions_table()
    {
        var decision = await _api.Get($"{Round}/decisions/1", _api.AdminKey);
        decision.Is(HttpStatusCode.OK);
        var rows = decision.Json["rows"]!.AsArray();
        var expected = BoardTableReader.FromJsonRows(rows);
        BoardTableReader.AssertRows(PublishedTable, expected, "decision 1 as JSON");

        foreach (var (format, read) in Formats())
        {
            var table = await read($"{Round}/report.{format}?decision=1");
            BoardTableReader.AssertHeadings(table.Headings);
            BoardTableReader.AssertRows(BoardTableReader.As(format, expected), table.Rows, $"report.{format}?decision=1");
            BoardTableReader.AssertConditions(ExpectedConditions(), table.Conditions, $"report.{format}?decision=1");
            // Nothing has changed since decision 1, so the current report is the same table.
            var current = await read($"{Round}/report.{format}");
            Assert.Equal(table.Describe(), current.Describe());
        }

        (await _api.Get($"{Round}/report.csv?decision=2", _api.AdminKey)).Problem(HttpStatusCode.NotFound);
    }

    private IEnumerable<(string Format, Func<string, Task<BoardTableRead>> Read)> Formats() =>
    [
        ("csv", async path => { var r = await _api.Get(path, _api.AdminKey); r.Is(HttpStatusCode.OK); return BoardTableReader.Csv(r.Text); }),
        ("md", async path => { var r = await _api.Get(path, _api.AdminKey); r.Is(HttpStatusCode.OK); return BoardTableReader.Markdown(r.Text); }),
        ("xlsx", async path =>
        {
            var (status, _, body) = await _api.GetBytes(path, _api.AdminKey);
            Assert.True(status == HttpStatusCode.OK, $"GET {path} -> {(int)status}");
            return BoardTableReader.Excel(body);
        }),
    ];

    /// <param name="csv">report.csv: the figures are plain numbers ("1091", not "1,091").</param>
    private static void AssertPublished(BoardTableRead table, string what, bool csv = false)
    {
        BoardTableReader.AssertHeadings(table.Headings);
        BoardTableReader.AssertRows(BoardTableReader.As(csv ? "csv" : "", PublishedTable), table.Rows, what);
        BoardTableReader.AssertConditions(ExpectedConditions(), table.Conditions, what);
    }
}
