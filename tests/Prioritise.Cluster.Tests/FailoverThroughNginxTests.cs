using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Prioritise.Cluster.Tests;

/// <summary>
/// The shipped deploy/nginx.conf in front of three silos on loopback: one silo is killed with
/// SIGKILL under a steady load, and the clients behind nginx must see no 502, failures for under
/// 3 s at most, and every write they were told succeeded.
/// </summary>
public sealed class FailoverThroughNginxTests(ITestOutputHelper log)
{
    private static readonly (string Id, int Weight)[] Criteria = [("impact", 3), ("cost", 1)];
    private const int Scorers = 12, Bids = 12;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50); // 20 requests a second
    private static readonly TimeSpan KillAt = TimeSpan.FromSeconds(5), LoadFor = TimeSpan.FromSeconds(13);

    [NginxPostgresFact]
    public async Task Killing_a_silo_behind_nginx_gives_no_502_under_3_s_of_failures_and_loses_no_acknowledged_write()
    {
        await using var db = await TestDatabase.Create();
        using var cluster = new SiloCluster(db.ConnectionString, size: 3);
        using var nginx = new NginxProcess();
        try
        {
            var clock = Stopwatch.StartNew();
            await cluster.StartAll();
            await nginx.StartAsync(cluster.Silos.Select(s => s.HttpPort).ToList());
            log.WriteLine($"3 silos and nginx ({nginx.ConfigSource}) up in {clock.Elapsed.TotalSeconds:F1} s");

            const string round = "failover";
            var keys = await SetUpRound(cluster, round);
            var pairs = keys.Keys.SelectMany(m => Enumerable.Range(1, Bids).Select(b => (Member: m, Bid: $"bid-{b}"))).ToList();
            new Random(2018).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairs));

            using var http = new HttpClient { BaseAddress = nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            var results = new ConcurrentBag<Outcome>();
            var acknowledged = new ConcurrentDictionary<(string Member, string Bid), int>();
            var load = Stopwatch.StartNew();
            var inFlight = new List<Task>();
            TimeSpan? killedAt = null;
            var victim = cluster.Silos[1];
            for (var i = 0; load.Elapsed < LoadFor; i++)
            {
                if (killedAt is null && load.Elapsed >= KillAt)
                {
                    victim.Stop(); // SIGKILL
                    killedAt = load.Elapsed;
                }
                var n = i;
                inFlight.Add(Task.Run(async () =>
                {
                    var started = load.Elapsed;
                    HttpRequestMessage request;
                    var write = n % 2 == 1 && n / 2 < pairs.Count ? pairs[n / 2] : default;
                    var impact = n % 10 + 1;
                    if (write.Member is not null)
                    {
                        request = new HttpRequestMessage(HttpMethod.Put, $"/api/rounds/{round}/bids/{write.Bid}/sheets/{write.Member}");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[write.Member]);
                        request.Content = new StringContent(JsonSerializer.Serialize(new { scores = new { impact, cost = 5 }, comment = "failover", submit = true }),
                            Encoding.UTF8, "application/json");
                    }
                    else
                    {
                        request = new HttpRequestMessage(HttpMethod.Get, $"/api/rounds/{round}");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cluster.AdminKey);
                    }
                    string status;
                    try
                    {
                        using var response = await http.SendAsync(request);
                        await response.Content.ReadAsStringAsync();
                        status = ((int)response.StatusCode).ToString();
                        if (response.IsSuccessStatusCode && write.Member is not null) acknowledged[write] = impact;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        status = e.GetType().Name;
                    }
                    finally
                    {
                        request.Dispose();
                    }
                    results.Add(new Outcome(request.Method.Method, started, load.Elapsed, status));
                }));
                var next = Interval * (i + 1);
                if (next > load.Elapsed) await Task.Delay(next - load.Elapsed);
            }
            await Task.WhenAll(inFlight);
            Assert.False(victim.IsRunning);

            var all = results.OrderBy(r => r.Started).ToList();
            var failed = all.Where(r => !r.Status.StartsWith('2')).ToList();
            var window = failed.Count == 0 ? TimeSpan.Zero : failed.Max(r => r.Ended) - failed.Min(r => r.Ended);
            var afterKill = all.Where(r => r.Ended >= killedAt).ToList();
            var slowest = all.MaxBy(r => r.Ended - r.Started)!;
            log.WriteLine($"{all.Count} requests through nginx in {load.Elapsed.TotalSeconds:F1} s ({all.Count(r => r.Method == "PUT")} sheet PUTs, " +
                          $"{acknowledged.Count} acknowledged); silo 1 killed at {killedAt!.Value.TotalSeconds:F1} s");
            log.WriteLine($"by status: {string.Join(", ", all.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}");
            log.WriteLine($"failed: {failed.Count}; failure window (first to last failed answer) {window.TotalMilliseconds:F0} ms" +
                          (failed.Count > 0 ? $", from {failed.Min(r => r.Ended).TotalSeconds:F2} s to {failed.Max(r => r.Ended).TotalSeconds:F2} s" : ""));
            log.WriteLine($"slowest answer {(slowest.Ended - slowest.Started).TotalMilliseconds:F0} ms ({slowest.Method} sent at {slowest.Started.TotalSeconds:F2} s); " +
                          $"answers over 1 s: {all.Count(r => r.Ended - r.Started > TimeSpan.FromSeconds(1))}; " +
                          $"after the kill: {afterKill.Count} answers, {afterKill.Count(r => r.Status.StartsWith('2'))} 2xx");
            foreach (var f in failed.Take(20)) log.WriteLine($"  failed: {f}");
            // What the survivors said: how often they ran a request again, and the death declaration.
            var siloLines = cluster.Output.Split('\n');
            log.WriteLine($"silo-side retries: {siloLines.Count(l => l.Contains("Transient cluster failure on", StringComparison.Ordinal) && l.Contains("again in", StringComparison.Ordinal))}");
            foreach (var line in siloLines.Where(l => l.Contains("DEAD", StringComparison.Ordinal) || l.Contains("declared dead", StringComparison.OrdinalIgnoreCase)).Take(10))
                log.WriteLine("  silo: " + (line.Length > 300 ? line[..300] : line.TrimEnd()));

            Assert.DoesNotContain(all, r => r.Status == "502");
            Assert.True(window < TimeSpan.FromSeconds(3), $"failures over {window.TotalMilliseconds:F0} ms");
            Assert.True(all.Count(r => r.Started >= KillAt + TimeSpan.FromSeconds(4) && r.Status.StartsWith('2')) > 0, "nothing succeeded after the kill");

            // Every acknowledged sheet is there, read back through nginx as its member.
            foreach (var ((member, bid), impact) in acknowledged)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/rounds/{round}/bids/{bid}/sheets/{member}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[member]);
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{member}'s sheet for {bid}: {(int)response.StatusCode} {body}");
                var sheet = JsonNode.Parse(body)!;
                Assert.True((bool)sheet["submitted"]! && (int)sheet["scores"]!["impact"]! == impact, $"{member}'s sheet for {bid}: expected impact {impact}, got {body}");
            }
            log.WriteLine($"{acknowledged.Count} acknowledged sheets read back; total {clock.Elapsed.TotalSeconds:F1} s");
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}{Environment.NewLine}" +
                                               $"===== nginx ====={Environment.NewLine}{nginx.Output}{Environment.NewLine}{cluster.Output}");
        }
    }

    private sealed record Outcome(string Method, TimeSpan Started, TimeSpan Ended, string Status)
    {
        public override string ToString() => $"{Method} at {Started.TotalSeconds:F2} s -> {Status} at {Ended.TotalSeconds:F2} s";
    }

    private static async Task<Dictionary<string, string>> SetUpRound(SiloCluster cluster, string round)
    {
        using var api = cluster.Api(cluster.Silos[0]);
        var keys = new Dictionary<string, string>();
        for (var i = 1; i <= Scorers; i++) keys[$"scorer-{i}"] = await api.CreateMember($"scorer-{i}", $"Practice {i}");
        await api.CreateRound(round, 1_000_000m, Criteria.Select(c => new { id = c.Id, name = c.Id, weight = c.Weight }).ToArray());
        for (var i = 1; i <= Bids; i++) await api.AddBid(round, $"bid-{i}", 10_000m * i, sponsor: $"Provider {i}");
        foreach (var member in keys.Keys) await api.Appoint(round, member, "scorer");
        await api.OpenScoring(round);
        return keys;
    }
}

/// <summary>Skipped, saying why, without PostgreSQL (PRIORITISE_TEST_POSTGRES) or without nginx.</summary>
public sealed class NginxPostgresFactAttribute : FactAttribute
{
    public NginxPostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)))
            Skip = new PostgresFactAttribute().Skip;
        else if (NginxProcess.Binary is null)
            Skip = "nginx is not installed (no /usr/sbin/nginx, none on PATH), so the failover through deploy/nginx.conf cannot be " +
                   "tested: `apt-get install nginx-light` (or `nginx`); `bash .ci/run` installs it when missing.";
    }
}

/// <summary>
/// nginx as an ordinary child process (no root needed): deploy/nginx.conf with only its upstream
/// servers, listen address, access log and temp folders changed, so the test proves the shipped
/// proxy settings. PRIORITISE_NGINX_CONF names another file to measure (an older nginx.conf, say).
/// </summary>
public sealed class NginxProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public static string? Binary { get; } = FindBinary();
    public string Prefix { get; } = Path.Combine(Path.GetTempPath(), "prioritise-nginx-" + Guid.NewGuid().ToString("N")[..12]);
    public string ConfigSource { get; } = Environment.GetEnvironmentVariable("PRIORITISE_NGINX_CONF") is { Length: > 0 } other
        ? Path.GetFullPath(other)
        : Path.Combine(SiloProcess.FindRepoRoot(), "deploy", "nginx.conf");
    public int Port { get; private set; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    private static string? FindBinary()
    {
        if (File.Exists("/usr/sbin/nginx")) return "/usr/sbin/nginx";
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "nginx")).FirstOrDefault(File.Exists);
    }

    /// <summary>deploy/nginx.conf for silos listening on 127.0.0.1 at <paramref name="ports"/>.</summary>
    public string Config(IReadOnlyList<int> ports)
    {
        var text = File.ReadAllText(ConfigSource);
        var servers = 0;
        // "server siloN:8080 resolve max_fails=..;": the same parameters, for a loopback address
        // (no "resolve": there is no name to look up, and Debian's nginx 1.22 has no such parameter).
        text = Regex.Replace(text, @"^(\s*)server\s+silo(\d+):8080\s+(?:resolve\s+)?([^;]*);", m =>
        {
            servers++;
            return $"{m.Groups[1].Value}server 127.0.0.1:{ports[int.Parse(m.Groups[2].Value) - 1]} {m.Groups[3].Value.Trim()};";
        }, RegexOptions.Multiline);
        if (servers != ports.Count) throw new InvalidOperationException($"{ConfigSource} names {servers} silos, not {ports.Count}.");
        text = Replace(text, @"^(\s*)listen\s+80;", $"listen 127.0.0.1:{Port};");
        text = Replace(text, @"^(\s*)access_log\s+/dev/stdout\s+main;", $"access_log {Prefix}/access.log main;");
        // Temp folders in the prefix, not under /var/lib/nginx (which a non-root user cannot write).
        var modules = Run("-V");
        var temps = new StringBuilder($"    client_body_temp_path {Prefix}/body;\n    proxy_temp_path {Prefix}/proxy;\n");
        foreach (var module in new[] { "fastcgi", "uwsgi", "scgi" })
            if (!modules.Contains($"--without-http_{module}_module", StringComparison.Ordinal))
                temps.Append($"    {module}_temp_path {Prefix}/{module};\n");
        return Replace(text, @"^(\s*)http\s*\{", "http {\n" + temps);
    }

    private static string Replace(string text, string pattern, string replacement)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline);
        if (!regex.IsMatch(text)) throw new InvalidOperationException($"nginx.conf has no line matching {pattern}.");
        return regex.Replace(text, m => m.Groups[1].Value + replacement, 1);
    }

    public async Task StartAsync(IReadOnlyList<int> ports)
    {
        Directory.CreateDirectory(Prefix);
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var config = Path.Combine(Prefix, "nginx.conf");
        File.WriteAllText(config, Config(ports));
        var info = new ProcessStartInfo(Binary!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", Prefix + "/", "-e", "stderr", "-c", config, "-g", $"daemon off; pid {Prefix}/nginx.pid;" })
            info.ArgumentList.Add(arg);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine("[stderr] " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"nginx exited with code {process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                using var response = await http.GetAsync(BaseAddress + "health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (deadline.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"nginx did not answer /health within 20 s:{Environment.NewLine}{Output}");
            await Task.Delay(100);
        }
    }

    private static string Run(string arg)
    {
        var info = new ProcessStartInfo(Binary!, arg) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var text = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false } p)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(10_000);
            }
            _process?.Dispose();
        }
        catch (Exception) { /* best effort */ }
        try { Directory.Delete(Prefix, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
