using System.Diagnostics;
using System.Net;
using Prioritise.Reliability.Tests.Support;

namespace Prioritise.Reliability.Tests;

/// <summary>
/// The outbox survives a crash (issue 17): the silo is killed with SIGKILL while its sender is
/// part-way through the invitations of an opened round, restarted on the same data folder, and
/// every invitation still reaches the SMTP server (netDumbster on loopback, started by the test);
/// any message sent again after the kill carries the same Message-ID as its first copy.
/// </summary>
[Collection(OwnSiloCollection.Name)]
public sealed class OutboxCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_kill_while_the_outbox_is_sending_loses_no_message_and_a_resend_keeps_its_Message_ID()
    {
        const int scorers = 40;
        using var smtp = MailCatcher.Start();
        using var silo = new SiloProcess(seedOnEmpty: false);
        foreach (var (k, v) in smtp.SiloEnvironment()) silo.ExtraEnvironment[k] = v;
        silo.ExtraEnvironment["Prioritise__PublicUrl"] = "https://prioritise.example.org/";
        await silo.StartAsync();
        var round = "outbox-crash";
        using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
        {
            await api.CreateRound(round);
            for (var i = 1; i <= scorers; i++)
            {
                (await api.Post("/api/members", api.AdminKey, new { id = $"s{i}", name = $"Scorer {i}", organisation = $"Org {i}", email = $"s{i}@example.org" }))
                    .Is(HttpStatusCode.Created);
                await api.Appoint(round, $"s{i}", "scorer");
            }
            await api.AddBid(round, "b1", 10_000m);
            await api.OpenScoring(round);
        }
        var expected = Enumerable.Range(1, scorers).Select(i => $"invitation.{round}.s{i}@prioritise.example.org").Order().ToList();

        // Killed as soon as the first message reaches the server: the sender is mid-batch.
        var clock = Stopwatch.StartNew();
        while (smtp.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(1);
        silo.Stop();
        var atKill = smtp.Count;
        output.WriteLine($"{atKill} of {scorers} messages had arrived when the silo was killed");
        Assert.InRange(atKill, 1, scorers);

        await silo.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (smtp.Messages.Select(m => m.MessageId).Distinct().Count() < scorers && DateTime.UtcNow < deadline) await Task.Delay(100);
        await Task.Delay(1000);

        var received = smtp.Messages;
        // None lost: every invitation arrived; nothing arrived that was not one.
        Assert.Equal(expected, received.Select(m => m.MessageId).Distinct().Order());
        // A resend is recognisable: any message that came twice came with the same id, to the same person.
        foreach (var group in received.GroupBy(m => m.MessageId))
            Assert.Single(group.Select(m => m.To.Mailboxes.Single().Address).Distinct());
        output.WriteLine($"{received.Count - scorers} sent again after the restart, each with its first Message-ID");

        using var after = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var outbox = (await after.Get("/api/outbox", after.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal(scorers, outbox.Count(m => m!["roundId"]!.GetValue<string>() == round && m["state"]!.GetValue<string>() == "sent"));
    }
}
