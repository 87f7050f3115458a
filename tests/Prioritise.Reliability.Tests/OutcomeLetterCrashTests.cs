using System.Diagnostics;
using System.Net;
using Prioritise.Reliability.Tests.Support;

namespace Prioritise.Reliability.Tests;

/// <summary>
/// (issue 16) The approval of a decision is a multi-grain step: the governance grain writes the
/// approving resolution and the outcome letters it owes in one journal entry, then hands them to
/// the outbox. The silo is killed with SIGKILL at a random moment (a seeded <see cref="Random"/>)
/// while the secretary records the approval, restarted on the same data folder, and then: either the
/// resolution is absent (a retry applies it) or it is there with every letter owed; in the end each
/// applicant gets their outcome letter (netDumbster on loopback), never two letters with different ids.
/// </summary>
[Collection(OwnSiloCollection.Name)]
public sealed class OutcomeLetterCrashTests(ITestOutputHelper output)
{
    private const int Applicants = 8;

    private static int Seed => LongRun.Seed("PRIORITISE_STEP_CRASH_SEED", 20180914);

    [Fact]
    public Task Approval_killed_at_random_moments_still_mails_every_applicant_once() => Approvals(kills: 3);

    [LongCrashFact]
    public Task Approval_killed_at_random_moments_still_mails_every_applicant_once_long() => Approvals(kills: 12);

    private async Task Approvals(int kills)
    {
        var random = new Random(Seed);
        using var smtp = MailCatcher.Start();
        using var silo = new SiloProcess(seedOnEmpty: false);
        foreach (var (k, v) in smtp.SiloEnvironment()) silo.ExtraEnvironment[k] = v;
        silo.ExtraEnvironment["Prioritise__PublicUrl"] = "https://prioritise.example.org/";
        await silo.StartAsync();

        var expected = new List<string>();
        for (var run = 1; run <= kills; run++)
        {
            var round = $"approval-{run}";
            string secretaryKey;
            using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
                secretaryKey = await Build(api, round);
            expected.AddRange(Enumerable.Range(1, Applicants).Select(i => $"outcome.d1-{round}-app{i}.{round}.{round}-a{i}@prioritise.example.org"));

            var killAfter = random.Next(0, 40);
            string answer;
            using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
            {
                // The grains warm, so the step is under way within the window.
                (await api.Get($"/api/rounds/{round}/governance", secretaryKey)).Is(HttpStatusCode.OK);
                var send = api.Post($"/api/rounds/{round}/decisions/1/resolutions", secretaryKey,
                    new { bodyId = "icb", outcome = "approved", meetingDate = "2018-09-14" });
                await Task.WhenAny(send, Task.Delay(killAfter));
                silo.Stop();
                try { answer = $"answered {(int)(await send).Status}"; }
                catch (Exception e) when (Http.NoAnswer(e)) { answer = $"no answer (killed at {killAfter} ms)"; }
            }

            await silo.StartAsync();
            using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
            {
                var status = (string?)(await api.Get($"/api/rounds/{round}/decisions/1", api.AdminKey)).Json["status"];
                Assert.True(status is "approved" or "confirmed", $"run {run} ({answer}): decision is {status}");
                if (status == "confirmed")
                    (await api.Post($"/api/rounds/{round}/decisions/1/resolutions", secretaryKey,
                        new { bodyId = "icb", outcome = "approved", meetingDate = "2018-09-14" })).Is(HttpStatusCode.Created);
                var audit = (await api.Get($"/api/rounds/{round}/audit", api.AdminKey)).Json.AsArray();
                Assert.Equal(1, audit.Count(e => (string?)e!["action"] == "decisionApproved"));
                output.WriteLine($"run {run}: {answer}; after the restart the decision was {status}");
            }
        }

        var clock = Stopwatch.StartNew();
        // The screening letters (accepted) went through the same outbox; only the outcome letters are counted here.
        List<MimeKit.MimeMessage> Outcomes() => smtp.Messages.Where(m => m.MessageId.StartsWith("outcome.", StringComparison.Ordinal)).ToList();
        while (Outcomes().Select(m => m.MessageId).Distinct().Count() < expected.Count && clock.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100);
        await Task.Delay(500);
        var received = Outcomes();
        Assert.Equal(expected.Order(), received.Select(m => m.MessageId).Distinct().Order());
        foreach (var group in received.GroupBy(m => m.MessageId))
            Assert.Single(group.Select(m => m.To.Mailboxes.Single().Address).Distinct());
        output.WriteLine($"{received.Count} messages for {expected.Count} letters ({received.Count - expected.Count} sent again with their first Message-ID)");
    }

    /// <summary>
    /// A round with a secretary, <see cref="Applicants"/> applicants with email (each application accepted), a scorer, a chair
    /// and finance; one approving body; scored, closed and confirmed. Returns the secretary's key.
    /// </summary>
    private static async Task<string> Build(ApiClient api, string round)
    {
        var keys = await Members.Create(api, $"{round}-sec", $"{round}-scorer", $"{round}-chair", $"{round}-fin");
        await api.CreateRound(round, 1_000_000m);
        await api.Appoint(round, $"{round}-sec", "secretary");
        await api.Appoint(round, $"{round}-scorer", "scorer");
        await api.Appoint(round, $"{round}-chair", "chair");
        await api.Appoint(round, $"{round}-fin", "finance");
        var applicantKeys = new List<string>();
        for (var i = 1; i <= Applicants; i++)
        {
            var reply = await api.Post("/api/members", api.AdminKey,
                new { id = $"{round}-a{i}", name = $"Applicant {i}", organisation = $"Workstream {i}", email = $"{round}-a{i}@example.org" });
            reply.Is(HttpStatusCode.Created);
            applicantKeys.Add((string)reply.Json["apiKey"]!);
            await api.Appoint(round, $"{round}-a{i}", "applicant");
        }
        var secretaryKey = keys[$"{round}-sec"];
        (await api.Put($"/api/rounds/{round}/governance", secretaryKey,
            new { bodies = new[] { new { id = "icb", name = "Integrated Commissioning Board", power = "approve" } } })).Is(HttpStatusCode.OK);
        (await api.Post($"/api/rounds/{round}/call", secretaryKey, new { closesAt = DateTimeOffset.UtcNow.AddDays(14) })).Is(HttpStatusCode.OK);
        for (var i = 1; i <= Applicants; i++)
        {
            var id = $"{round}-app{i}";
            (await api.Post($"/api/rounds/{round}/applications", applicantKeys[i - 1], new
            {
                id, title = $"Scheme {i}", workstream = "Planned Care", sponsoringOrganisation = $"Workstream {i}",
                recipientOrganisations = new[] { $"Provider {i}" }, amountRequested = 10_000m * i, submit = true,
                answers = new Dictionary<string, object>
                {
                    ["title"] = $"Scheme {i}", ["sponsoringOrganisation"] = $"Workstream {i}", ["summary"] = "A short scheme.",
                    ["caseForChange"] = "Demand rose.", ["expectedImpact"] = new Dictionary<string, string> { ["impact"] = "Fewer admissions.", ["cost"] = "Saves beds." },
                    ["startDate"] = "2018-10-01",
                },
            })).Is(HttpStatusCode.Created);
            (await api.Post($"/api/rounds/{round}/applications/{id}/screening", secretaryKey, new { outcome = "accept" })).Is(HttpStatusCode.OK);
        }
        await api.OpenScoring(round, keys[$"{round}-chair"]);
        for (var i = 1; i <= Applicants; i++)
            await api.Submit(round, $"{round}-app{i}", $"{round}-scorer", keys[$"{round}-scorer"], impact: 1 + i, cost: 1 + i);
        await api.CloseScoring(round, keys[$"{round}-chair"]);
        (await api.Post($"/api/rounds/{round}/decisions", keys[$"{round}-fin"], new { acceptOverCommitment = false })).Is(HttpStatusCode.Created);
        return secretaryKey;
    }
}
