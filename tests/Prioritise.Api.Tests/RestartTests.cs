using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>Silos of their own (not the shared one): killed and restarted on the same data folder.</summary>
[Collection(OwnSiloCollection.Name)]
public sealed class RestartTests
{
    [Fact]
    public async Task An_attachment_is_byte_identical_after_a_kill_and_restart()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        await silo.StartAsync();
        string round = TestIds.New("attach"), secretary = TestIds.New("sec"), applicant = TestIds.New("appl"), id = TestIds.New("app");
        string applicantKey, path;
        // Bytes of every value, so nothing is lost to a text encoding on the way.
        var content = new byte[300_000];
        ApplicationTests.Pdf.CopyTo(content, 0);
        for (var i = ApplicationTests.Pdf.Length; i < content.Length; i++) content[i] = (byte)(i * 31 % 256);
        using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
        {
            var secretaryKey = await api.CreateMember(secretary, "City and Hackney CCG");
            applicantKey = await api.CreateMember(applicant, "Workstream Trust");
            await api.CreateRound(round);
            await api.Appoint(round, secretary, "secretary");
            await api.Appoint(round, applicant, "applicant");
            (await api.Post($"/api/rounds/{round}/call", secretaryKey, new { closesAt = DateTimeOffset.UtcNow.AddDays(7) })).Is(HttpStatusCode.OK);
            (await api.Post($"/api/rounds/{round}/applications", applicantKey, new { id, title = "Durable" })).Is(HttpStatusCode.Created);
            var attached = await ApplicationTests.Upload(api, $"/api/rounds/{round}/applications/{id}/attachments", applicantKey, content, "evidence.pdf");
            attached.Is(HttpStatusCode.Created);
            path = $"/api/rounds/{round}/applications/{id}/attachments/{(string)attached.Json["id"]!}";
        }

        silo.Stop();
        await silo.StartAsync();

        using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
        {
            var (status, bytes) = await ApplicationTests.Download(api, path, applicantKey);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(content, bytes);
            var application = await api.Get($"/api/rounds/{round}/applications/{id}", applicantKey);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
                (string?)application.Json["attachments"]![0]!["sha256"]);
        }
    }

    [Fact]
    public async Task After_a_kill_and_restart_results_and_audit_are_identical_and_the_seed_is_not_loaded_again()
    {
        using var silo = new SiloProcess(seedOnEmpty: true);
        await silo.StartAsync();
        string results1, audit1, rounds1, committee1;
        int auditLength;
        string roundId = TestIds.New("durable"), memberId = TestIds.New("keeper"), memberKey;
        using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
        {
            results1 = await Read(api, "/api/rounds/pic-2018/results");
            audit1 = await Read(api, "/api/rounds/pic-2018/audit");
            rounds1 = await Read(api, "/api/rounds");
            committee1 = await Read(api, "/api/rounds/pic-2018/committee");
            auditLength = JsonNode.Parse(audit1)!.AsArray().Count;
            Assert.True(auditLength > 17 + 12 + 1, $"the seed audit has only {auditLength} events");
            Assert.Equal(1, Count(audit1, "roundCreated"));
            Assert.Equal(17, Count(audit1, "bidAdded"));
            // The two seeds: the 2018 PIC round and the 2018 BCF round (issue 15).
            Assert.Equal(["bcf-2018", "pic-2018"], JsonNode.Parse(rounds1)!.AsArray().Select(r => (string)r!["id"]!).Order(StringComparer.Ordinal));

            // Something written through the API, not by the seed: it must survive the kill too.
            memberKey = await api.CreateMember(memberId, "Durable Org");
            await api.CreateRound(roundId);
            await api.Appoint(roundId, memberId, "scorer");
            await api.AddBid(roundId, "b1", 1234.56m);
            await api.OpenScoring(roundId);
            await api.Submit(roundId, "b1", memberId, memberKey, impact: 9, cost: 1);
        }

        silo.Stop();
        Assert.False(silo.IsRunning);
        await silo.StartAsync();

        using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
        {
            AssertSameJson(results1, await Read(api, "/api/rounds/pic-2018/results"));
            var audit2 = await Read(api, "/api/rounds/pic-2018/audit");
            Assert.Equal(auditLength, JsonNode.Parse(audit2)!.AsArray().Count);
            AssertSameJson(audit1, audit2);
            AssertSameJson(committee1, await Read(api, "/api/rounds/pic-2018/committee"));
            Assert.Equal(1, Count(audit2, "roundCreated"));

            var rounds = JsonNode.Parse(await Read(api, "/api/rounds"))!.AsArray().Select(r => (string)r!["id"]!).Order().ToList();
            Assert.Equal(new[] { "bcf-2018", "pic-2018", roundId }.Order(), rounds);

            // The member's key still works and their submitted sheet is still there.
            var sheet = await api.Get($"/api/rounds/{roundId}/bids/b1/sheets/{memberId}", memberKey);
            sheet.Is(HttpStatusCode.OK);
            Assert.True((bool)sheet.Json["submitted"]!);
            Assert.Equal(9, (int)sheet.Json["scores"]!["impact"]!);
            var round = await api.Get($"/api/rounds/{roundId}", api.AdminKey);
            Assert.Equal("scoring", (string?)round.Json["status"]);
            await api.CloseScoring(roundId);
            var results = JsonNode.Parse(await Read(api, $"/api/rounds/{roundId}/results"))!;
            // (3*9 + 1*1)/4 = 7.0 from the one sheet written before the kill.
            Assert.Equal(7.0, (double)results["bids"]![0]!["weightedMean"]!, 1e-12);
            Assert.Equal(1234.56m, (decimal)results["bids"]![0]!["amountRequested"]!);
        }
    }

    [Fact]
    public async Task Without_SeedOnEmpty_an_empty_store_stays_empty()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        Assert.Equal("[]", (await Read(api, "/api/rounds")).Trim());
        (await api.Get("/api/rounds/pic-2018", api.AdminKey)).Problem(HttpStatusCode.NotFound, "roundId");
    }

    [Fact]
    public async Task With_SeedModeration_off_the_2018_round_waits_for_its_chair_to_moderate()
    {
        using var silo = new SiloProcess(seedOnEmpty: true);
        silo.ExtraEnvironment["Prioritise__SeedModeration"] = "false";
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var round = await api.Get("/api/rounds/pic-2018", api.AdminKey);
        Assert.Equal("moderation", (string?)round.Json["status"]);
        var moderation = await api.Get("/api/rounds/pic-2018/moderation", api.AdminKey);
        moderation.Is(HttpStatusCode.OK);
        Assert.Empty(moderation.Json["actions"]!.AsArray());
        Assert.Equal("open", (string?)moderation.Json["status"]);
        // The cap line before moderation: the first ten bids, GBP 1,447k (domain.md).
        Assert.Equal(1_447_000m, (decimal)moderation.Json["fundedTotal"]!);

        // The BCF round has no scoring (issue 16): it too waits in moderation, its five bids on the list.
        Assert.Equal("moderation", (string?)(await api.Get("/api/rounds/bcf-2018", api.AdminKey)).Json["status"]);
        var bcf = await api.Get("/api/rounds/bcf-2018/moderation", api.AdminKey);
        Assert.Empty(bcf.Json["decisions"]!.AsArray());
        Assert.Equal(315_118m, (decimal)bcf.Json["fundedTotal"]!);
    }

    private static async Task<string> Read(ApiClient api, string path)
    {
        var reply = await api.Get(path, api.AdminKey);
        reply.Is(HttpStatusCode.OK);
        return reply.Text;
    }

    private static int Count(string audit, string action) =>
        JsonNode.Parse(audit)!.AsArray().Count(e => (string?)e!["action"] == action);

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)),
            $"JSON differs after restart.{Environment.NewLine}before: {Trim(expected)}{Environment.NewLine}after:  {Trim(actual)}");

    private static string Trim(string s) => s.Length > 3000 ? s[..3000] + "..." : s;
}

/// <summary>Tests that start their own silos; they run beside the shared-silo collection.</summary>
[CollectionDefinition(Name)]
public sealed class OwnSiloCollection
{
    public const string Name = "own silos";
}
