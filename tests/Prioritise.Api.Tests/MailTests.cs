using System.Net;
using MimeKit;

namespace Prioritise.Api.Tests;

/// <summary>
/// Mail through the outbox (issue 17) against a real SMTP server on loopback (netDumbster) started
/// by the test, and a silo process of each test's own.
/// </summary>
public sealed class MailTests
{
    private const string PublicUrl = "https://prioritise.example.org/";

    [Fact]
    public async Task Opening_scoring_mails_each_scorer_once_with_the_link_and_only_their_own_conflicts()
    {
        using var smtp = MailCatcher.Start();
        using var silo = Silo(smtp.SiloEnvironment());
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var round = TestIds.New("round");
        var aliceKey = await Member(api, round, "alice", "Hackney Council", "alice@example.org");
        await Member(api, round, "bob", "Homerton Hospital", "Bob@Example.org");
        await Member(api, round, "carol", "City Council", null);          // a scorer with no email: no message
        await Member(api, round, "dan", "Chair Trust", "dan@example.org");  // the chair, not a scorer: no invitation
        await api.CreateRound(round);
        await api.Appoint(round, "alice-" + round, "scorer");
        await api.Appoint(round, "bob-" + round, "scorer");
        await api.Appoint(round, "carol-" + round, "scorer");
        await api.Appoint(round, "dan-" + round, "chair");
        await api.AddBid(round, "falls", 40_000m, sponsor: "Hackney Council", title: "Falls and frailty");
        await api.AddBid(round, "smoking", 12_000m, sponsor: "Stop Smoking Ltd", title: "Stop smoking");

        await api.OpenScoring(round);
        var messages = await smtp.WaitFor(2);
        // A moment more: a second copy of either would have come by now.
        await Task.Delay(1500);
        messages = smtp.Messages;

        Assert.Equal(2, messages.Count);
        var byTo = messages.ToDictionary(m => m.To.Mailboxes.Single().Address.ToLowerInvariant());
        Assert.Equal(["alice@example.org", "bob@example.org"], byTo.Keys.Order());
        var alice = byTo["alice@example.org"];
        var bob = byTo["bob@example.org"];
        Assert.Equal($"invitation.{round}.alice-{round}@prioritise.example.org", alice.MessageId);
        Assert.Equal($"invitation.{round}.bob-{round}@prioritise.example.org", bob.MessageId);
        Assert.Equal($"Scoring is open: Round {round}", alice.Subject);
        Assert.Equal("committee@example.org", alice.From.Mailboxes.Single().Address);
        foreach (var m in messages)
        {
            Assert.Contains($"{PublicUrl}rounds/{round}", m.TextBody);
            Assert.Contains($"href=\"{PublicUrl}rounds/{round}\"", m.HtmlBody);
        }
        // Alice's organisation sponsors "Falls and frailty": she is told, and asked to score 1 bid; Bob 2, and not told of hers.
        Assert.Contains("You are asked to score 1 bid.", alice.TextBody);
        Assert.Contains("- Falls and frailty (", alice.TextBody);
        Assert.Contains("You are asked to score 2 bids.", bob.TextBody);
        Assert.DoesNotContain("conflict", bob.TextBody);

        // The outbox: the administrator's; each message sent once.
        var outbox = (await api.Get("/api/outbox", api.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray()
            .Where(m => m!["roundId"]!.GetValue<string>() == round).ToList();
        Assert.Equal(2, outbox.Count);
        Assert.All(outbox, m =>
        {
            Assert.Equal("sent", m!["state"]!.GetValue<string>());
            Assert.Equal(1, m["attempts"]!.GetValue<int>());
            Assert.Equal("invitation", m["kind"]!.GetValue<string>());
        });
        (await api.Get("/api/outbox", aliceKey)).Problem(HttpStatusCode.Forbidden);
        (await api.Get("/api/outbox", null)).Is(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_returned_application_mails_its_applicant_once_with_the_reason_and_the_link()
    {
        using var smtp = MailCatcher.Start();
        using var silo = Silo(smtp.SiloEnvironment());
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var round = TestIds.New("round");
        var secretaryKey = await Member(api, round, "sue", "City and Hackney CCG", "sue@example.org");
        var applicantKey = await Member(api, round, "sam", "Workstream Trust", "sam@example.org");
        await api.CreateRound(round);
        await api.Appoint(round, "sue-" + round, "secretary");
        await api.Appoint(round, "sam-" + round, "applicant");
        (await api.Post($"/api/rounds/{round}/call", secretaryKey, new { closesAt = DateTimeOffset.UtcNow.AddDays(14) })).Is(HttpStatusCode.OK);
        var apps = $"/api/rounds/{round}/applications";
        (await api.Post(apps, applicantKey, ApplicationTests.Body("take-home", submit: true, ApplicationTests.Complete()))).Is(HttpStatusCode.Created);

        var screened = new { outcome = "return", reason = "Say how many people a month." };
        (await api.Post($"{apps}/take-home/screening", secretaryKey, screened)).Is(HttpStatusCode.OK);
        // The same decision sent again is refused (it is no longer submitted), and mails nothing more.
        (await api.Post($"{apps}/take-home/screening", secretaryKey, screened)).Problem(HttpStatusCode.Conflict, "status");
        var messages = await smtp.WaitFor(1);
        await Task.Delay(1500);
        messages = smtp.Messages;

        var letter = Assert.Single(messages);
        Assert.Equal("sam@example.org", letter.To.Mailboxes.Single().Address);
        // Named by the application and its screening step, so a retry after a crash is kept once.
        Assert.StartsWith("application-returned.take-home-", letter.MessageId);
        Assert.EndsWith($".{round}.sam-{round}@prioritise.example.org", letter.MessageId);
        Assert.Equal($"Your application has been returned for changes: Round {round}", letter.Subject);
        Assert.Contains("Say how many people a month.", letter.TextBody);
        Assert.Contains($"{PublicUrl}rounds/{round}/applications/take-home", letter.TextBody);
        var outbox = (await api.Get("/api/outbox", api.AdminKey)).Json.AsArray().Where(m => m!["roundId"]!.GetValue<string>() == round).ToList();
        Assert.Equal("application-returned", Assert.Single(outbox)!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_server_that_refuses_then_recovers_gets_every_message()
    {
        var port = SiloProcess.FreePorts(1)[0];
        var refusing = new RefusingSmtpServer(port);
        using var silo = Silo(new Dictionary<string, string>
        {
            ["Prioritise__Smtp__Host"] = "127.0.0.1",
            ["Prioritise__Smtp__Port"] = port.ToString(),
            ["Prioritise__Smtp__From"] = "committee@example.org",
            ["Prioritise__Smtp__Security"] = "none",
            ["Prioritise__Mail__PollSeconds"] = "0.2",
            ["Prioritise__Mail__RetrySeconds"] = "0.3",
            ["Prioritise__Mail__MaxRetrySeconds"] = "1",
        });
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var round = TestIds.New("round");
        foreach (var name in new[] { "amy", "ben", "cat" })
        {
            await Member(api, round, name, $"Org {name}", $"{name}@example.org");
        }
        await api.CreateRound(round);
        foreach (var name in new[] { "amy", "ben", "cat" }) await api.Appoint(round, $"{name}-{round}", "scorer");
        await api.AddBid(round, "b1", 10_000m);
        await api.OpenScoring(round);

        // Refused, each message at least twice (backing off), with the server's reply shown as it came.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<System.Text.Json.Nodes.JsonNode?> failed;
        do
        {
            await Task.Delay(200);
            failed = (await api.Get("/api/outbox", api.AdminKey)).Json.AsArray()
                .Where(m => m!["roundId"]!.GetValue<string>() == round && m["state"]!.GetValue<string>() == "failed" && m["attempts"]!.GetValue<int>() >= 2).ToList();
        } while (failed.Count < 3 && DateTime.UtcNow < deadline);
        Assert.Equal(3, failed.Count);
        Assert.All(failed, m => Assert.Equal("451 " + RefusingSmtpServer.Reply, m!["lastError"]!.GetValue<string>()));

        // The server recovers on the same port: every message arrives, once each.
        refusing.Dispose();
        using var smtp = MailCatcher.Start(port);
        var messages = await smtp.WaitFor(3, TimeSpan.FromSeconds(30));
        await Task.Delay(1000);
        Assert.Equal(3, smtp.Count);
        Assert.Equal(new[] { "amy", "ben", "cat" }.Select(n => $"invitation.{round}.{n}-{round}@prioritise.example.org").Order(),
            smtp.Messages.Select(m => m.MessageId).Order());
        var outbox = (await api.Get("/api/outbox", api.AdminKey)).Json.AsArray().Where(m => m!["roundId"]!.GetValue<string>() == round).ToList();
        Assert.All(outbox, m =>
        {
            Assert.Equal("sent", m!["state"]!.GetValue<string>());
            Assert.True(m["attempts"]!.GetValue<int>() >= 3);
        });
    }

    [Fact]
    public async Task Without_SMTP_nothing_is_sent_and_the_outbox_records_what_would_have_gone()
    {
        using var silo = Silo(new Dictionary<string, string>());
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var round = TestIds.New("round");
        await Member(api, round, "eve", "Org E", "eve@example.org");
        await api.CreateRound(round);
        await api.Appoint(round, $"eve-{round}", "scorer");
        await api.AddBid(round, "b1", 10_000m);
        await api.OpenScoring(round);
        await Task.Delay(1000);
        var outbox = (await api.Get("/api/outbox", api.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray();
        var message = Assert.Single(outbox, m => m!["roundId"]!.GetValue<string>() == round)!;
        Assert.Equal("pending", message["state"]!.GetValue<string>());
        Assert.Equal(0, message["attempts"]!.GetValue<int>());
        Assert.Equal("eve@example.org", message["to"]!.GetValue<string>());
    }

    private static SiloProcess Silo(IDictionary<string, string> environment)
    {
        var silo = new SiloProcess(seedOnEmpty: false);
        foreach (var (k, v) in environment) silo.ExtraEnvironment[k] = v;
        silo.ExtraEnvironment["Prioritise__PublicUrl"] = PublicUrl;
        return silo;
    }

    /// <summary>A member "name-round" (so ids are this test's own); returns their key.</summary>
    private static async Task<string> Member(ApiClient api, string round, string name, string organisation, string? email)
    {
        var id = $"{name}-{round}";
        var reply = await api.Post("/api/members", api.AdminKey, new { id, name = $"{char.ToUpperInvariant(name[0])}{name[1..]} Test", organisation, email });
        reply.Is(HttpStatusCode.Created);
        return reply.Json["apiKey"]!.GetValue<string>();
    }
}
