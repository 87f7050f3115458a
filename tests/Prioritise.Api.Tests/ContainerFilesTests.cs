using System.Text.RegularExpressions;

namespace Prioritise.Api.Tests;

/// <summary>
/// silo/Dockerfile and docker-compose.yml, read as text (there is no Docker engine in the tests):
/// pinned base images, no VOLUME, one way to set the HTTP port, health checks on /health.
/// </summary>
public sealed partial class ContainerFilesTests
{
    private static readonly string Root = SiloProcess.FindRepoRoot();
    private static readonly string[] Dockerfile = Instructions(File.ReadAllText(Path.Combine(Root, "silo", "Dockerfile")));

    /// <summary>Each instruction on one line (continuations joined), comments dropped.</summary>
    private static string[] Instructions(string text) =>
        text.Replace("\\\r\n", " ").Replace("\\\n", " ").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    [Fact]
    public void The_dockerfile_declares_no_volume()
    {
        Assert.DoesNotContain(Dockerfile, l => l.StartsWith("VOLUME", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_base_image_is_pinned_by_digest()
    {
        var args = Dockerfile.Where(l => l.StartsWith("ARG ", StringComparison.Ordinal))
            .Select(l => l[4..].Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        var froms = Dockerfile.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, froms.Count);
        foreach (var from in froms)
        {
            var image = from.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            if (ArgReference().Match(image) is { Success: true } arg)
                Assert.True(args.TryGetValue(arg.Groups[1].Value, out image), $"{from}: no ARG {arg.Groups[1].Value} with a default");
            Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(sdk|aspnet):10\.0@sha256:[0-9a-f]{64}$", image);
        }
    }

    [Fact]
    public void The_http_port_is_set_once()
    {
        var settings = Dockerfile.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal) || l.StartsWith("ARG ", StringComparison.Ordinal))
            .SelectMany(l => PortSetting().Matches(l)).Select(m => m.Value).ToList();
        Assert.Equal(["ASPNETCORE_HTTP_PORTS=8080"], settings);
        var entrypoint = Assert.Single(Dockerfile, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.DoesNotContain("--urls", entrypoint);
        Assert.DoesNotContain("ASPNETCORE_URLS", File.ReadAllText(Path.Combine(Root, "docker-compose.yml")));
    }

    [Fact]
    public void The_image_and_the_compose_silos_check_health_on_slash_health()
    {
        var check = Assert.Single(Dockerfile, l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        Assert.Contains("GET /health ", check);
        Assert.Contains("127.0.0.1/8080", check);

        var compose = File.ReadAllText(Path.Combine(Root, "docker-compose.yml"));
        var silo = compose[compose.IndexOf("x-silo:", StringComparison.Ordinal)..compose.IndexOf("services:", StringComparison.Ordinal)];
        Assert.Matches(@"healthcheck:\s+test: \[""CMD"", ""bash"", ""-c"", "".*GET /health HTTP", silo);
        // nginx waits for each silo's readiness.
        Assert.Equal(3, Regex.Matches(compose, @"silo\d:\s+condition: service_healthy").Count);
    }

    [GeneratedRegex(@"^\$\{(\w+)\}$")]
    private static partial Regex ArgReference();

    [GeneratedRegex(@"ASPNETCORE_(URLS|HTTP_PORTS|HTTPS_PORTS)=\S*")]
    private static partial Regex PortSetting();
}
