using System.Net;
using System.Security.Cryptography;

namespace Prioritise.Cluster.Tests;

/// <summary>
/// Real silo processes in cluster mode on loopback, sharing one PostgreSQL database: the same
/// program and configuration keys as docker-compose.yml, with ports chosen per start.
/// </summary>
public sealed class SiloCluster : IDisposable
{
    public IReadOnlyList<SiloProcess> Silos { get; }
    public string AdminKey { get; } = "cluster-admin-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    /// <param name="seedOnEmpty">As docker-compose.yml runs it: every silo may load the seed, one does.</param>
    public SiloCluster(string connectionString, int size, bool seedOnEmpty = false)
    {
        Silos = Enumerable.Range(0, size).Select(_ =>
        {
            var silo = new SiloProcess(seedOnEmpty);
            silo.ExtraEnvironment["Prioritise__Store"] = "postgres";
            silo.ExtraEnvironment["Prioritise__ConnectionString"] = connectionString;
            silo.ExtraEnvironment["Prioritise__ClusterId"] = ClusterId;
            silo.ExtraEnvironment["Prioritise__AdvertisedAddress"] = "127.0.0.1";
            // Every silo of a cluster accepts the same administrator key.
            silo.ExtraEnvironment["Prioritise__AdminKey"] = AdminKey;
            // Three silos and the tests share two cores: one GC heap each, not one per core.
            silo.ExtraEnvironment["DOTNET_gcServer"] = "0";
            return silo;
        }).ToList();
    }

    /// <summary>All at once, as `docker compose up` starts them: they race for the schema and to join.</summary>
    public Task StartAll() => Task.WhenAll(Silos.Select(s => s.StartAsync()));

    public void StopAllGracefully() => Parallel.ForEach(Silos, s => s.StopGracefully());

    public IReadOnlyList<SiloProcess> Running => Silos.Where(s => s.IsRunning).ToList();

    public ApiClient Api(SiloProcess silo) => new(silo.CreateClient(), AdminKey);

    /// <summary>Every silo's output, for a failure message.</summary>
    public string Output => string.Join(Environment.NewLine, Silos.Select((s, i) =>
        $"===== silo {i} ({s.WorkDir}) ====={Environment.NewLine}{Tail(s.Output, 20_000)}"));

    private static string Tail(string s, int max) => s.Length > max ? "..." + s[^max..] : s;

    public void Dispose()
    {
        foreach (var silo in Silos) silo.Dispose();
    }
}

/// <summary>
/// HTTP through the silos in turn, as a reverse proxy would spread it. A request that meets a dead
/// silo (connection refused or reset) or a transient failure (5xx while a grain is re-placed) is
/// sent again to the next silo, after a short pause, until it gets a definite answer or its
/// deadline passes.
/// </summary>
public sealed class RoundRobinClient(IReadOnlyList<SiloProcess> silos) : IDisposable
{
    private readonly HttpClient[] _clients = silos.Select(s =>
    {
        var client = s.CreateClient();
        // Longer than Orleans' own 30 s response timeout, so a request is never given up on while
        // the silo may still carry it out.
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }).ToArray();
    private int _next = -1;
    private int _retries;

    public int Retries => _retries;
    public Dictionary<string, int> FailureKinds { get; } = new();

    public async Task<(HttpStatusCode Status, string Body)> Send(Func<HttpRequestMessage> request, TimeSpan deadline)
    {
        var started = DateTime.UtcNow;
        var last = "";
        for (var attempt = 1; ; attempt++)
        {
            var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)_clients.Length);
            try
            {
                using var response = await _clients[index].SendAsync(request());
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode < 500) return (response.StatusCode, body);
                last = $"{(int)response.StatusCode} from silo {index}: {body}";
                Count($"HTTP {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                last = $"silo {index}: {e.Message}";
                Count(e.HttpRequestError.ToString());
            }
            catch (TaskCanceledException)
            {
                last = $"silo {index}: no answer within 60 s";
                Count("timeout");
            }
            if (DateTime.UtcNow - started > deadline)
                throw new TimeoutException($"No definite answer after {attempt} attempts in {deadline.TotalSeconds} s; last: {last}");
            Interlocked.Increment(ref _retries);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * attempt, 1000)));
        }
    }

    private void Count(string kind)
    {
        lock (FailureKinds) FailureKinds[kind] = FailureKinds.GetValueOrDefault(kind) + 1;
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }
}
