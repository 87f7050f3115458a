using System.Net;
using System.Text.Json.Nodes;

namespace Prioritise.Api.Tests;

/// <summary>Logs: JSON lines on request, and a bad setting is one line on stderr and exit code 2, not a stack trace.</summary>
[Collection(OwnSiloCollection.Name)]
public sealed class LoggingTests
{
    [Fact]
    public async Task The_json_console_formatter_makes_every_log_line_json()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment["Logging__Console__FormatterName"] = "json";
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        (await api.Get("/api/rounds", api.AdminKey)).Is(HttpStatusCode.OK);
        silo.StopGracefully();

        var lines = silo.Output.Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.Length > 0 && !l.StartsWith("--- ", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains("Now listening on", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            Assert.False(line.StartsWith("[stderr]", StringComparison.Ordinal), $"a line on stderr: {line}");
            var json = JsonNode.Parse(line);
            Assert.NotNull(json?["LogLevel"]);
            Assert.NotNull(json?["Category"]);
        }
    }

    [Theory]
    [InlineData("Prioritise__Store", "nonsense", "Prioritise:Store")]
    [InlineData("Prioritise__SiloPort", "abc", "Prioritise:SiloPort")]
    [InlineData("Prioritise__FailedKeyLimit", "many", "Prioritise:FailedKeyLimit")]
    [InlineData("Prioritise__KeyRingKey", "c2hvcnQ=", "Prioritise:KeyRingKey")]
    [InlineData("Prioritise__SeedOnEmpty", "perhaps", "Prioritise:SeedOnEmpty")]
    // Issue 17: a reminder time, the sender's address and the public address.
    [InlineData("Prioritise__Mail__Reminders__0", "evening", "Prioritise:Mail:Reminders")]
    [InlineData("Prioritise__PublicUrl", "ftp://example.org/", "Prioritise:PublicUrl")]
    [InlineData("Prioritise__Smtp__Host", "127.0.0.1", "Prioritise:Smtp:From")]
    public async Task A_bad_setting_stops_the_silo_with_exit_code_2_and_one_line_naming_it(string variable, string value, string setting)
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment[variable] = value;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(silo.StartAsync);
        Assert.Contains("exited with code 2 ", failure.Message);
        var errors = silo.Output.Split('\n').Where(l => l.StartsWith("[stderr]", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.StartsWith("[stderr] prioritise: configuration error: ", line);
        Assert.Contains(setting, line);
        Assert.DoesNotContain("Unhandled exception", silo.Output);
        Assert.DoesNotContain("   at ", silo.Output);
    }
}
