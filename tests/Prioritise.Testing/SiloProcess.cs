using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Prioritise.Testing;

/// <summary>
/// The real silo (silo/bin/&lt;Configuration&gt;/net10.0/Prioritise.Silo.dll) as a child process on
/// loopback, with its own temp working folder, data folder, admin key and free ports.
/// <see cref="Stop"/> kills it (SIGKILL, no graceful shutdown), <see cref="StopGracefully"/> asks
/// it to stop (SIGTERM); <see cref="StartAsync"/> may be called again on the same data folder.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly object _outputLock = new();
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <param name="seedOnEmpty">Prioritise__SeedOnEmpty.</param>
    /// <param name="urlsOnCommandLine">
    /// Also pass <c>--urls</c> (the address is always in <c>ASPNETCORE_URLS</c> too). A silo built
    /// before commit d3bb440 ships an appsettings.json with <c>"Urls": "http://localhost:5080"</c>,
    /// which outranks <c>ASPNETCORE_URLS</c>; the command line outranks both, so the shared silo
    /// never lands on 5080. <c>HostingTests.AspNetCoreUrls_alone_chooses_the_http_address</c>
    /// checks <c>ASPNETCORE_URLS</c> on its own.
    /// </param>
    public SiloProcess(bool seedOnEmpty, bool urlsOnCommandLine = true)
    {
        SeedOnEmpty = seedOnEmpty;
        UrlsOnCommandLine = urlsOnCommandLine;
        RepoRoot = FindRepoRoot();
        Configuration = DetectConfiguration();
        SiloDll = Path.Combine(RepoRoot, "silo", "bin", Configuration, "net10.0", "Prioritise.Silo.dll");
        WorkDir = Path.Combine(Path.GetTempPath(), "prioritise-api-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(WorkDir);
        DataPath = Path.Combine(WorkDir, "data");
        AdminKey = "test-admin-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly();
    }

    /// <summary>More environment for the process (cluster mode, a store's connection string...), applied last.</summary>
    public IDictionary<string, string> ExtraEnvironment { get; } = new Dictionary<string, string>();

    public bool SeedOnEmpty { get; }
    public bool UrlsOnCommandLine { get; }
    public string RepoRoot { get; }
    public string Configuration { get; }
    public string SiloDll { get; }
    public string WorkDir { get; }
    public string DataPath { get; }
    public string AdminKey { get; }
    public int HttpPort { get; private set; }
    public int SiloPort { get; private set; }
    public int GatewayPort { get; private set; }
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");
    public bool IsRunning => _process is { HasExited: false };
    public int? ProcessId => _process?.Id;

    /// <summary>Everything the process wrote to stdout and stderr, across starts.</summary>
    public string Output
    {
        get { lock (_outputLock) return _output.ToString(); }
    }

    public async Task StartAsync() => await WaitForHealthAsync(Launch());

    /// <summary>
    /// Starts the process without waiting for it to answer (a test that kills it while it is
    /// still starting, say, during the seed load); returns its HTTP address. <see cref="IsHealthy"/>
    /// says whether it has finished starting.
    /// </summary>
    public string Launch()
    {
        if (IsRunning) throw new InvalidOperationException("The silo is already running.");
        if (!File.Exists(SiloDll))
            throw new FileNotFoundException($"The silo is not built for {Configuration}: {SiloDll}. Build silo/ first.", SiloDll);

        // Fresh ports on every start: a killed silo's ports may linger briefly.
        var ports = FreePorts(3);
        (HttpPort, SiloPort, GatewayPort) = (ports[0], ports[1], ports[2]);
        var url = $"http://127.0.0.1:{HttpPort}";

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(SiloDll);
        if (UrlsOnCommandLine)
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add(url);
        }
        info.Environment["Prioritise__DataPath"] = DataPath;
        info.Environment["Prioritise__AdminKey"] = AdminKey;
        info.Environment["Prioritise__SiloPort"] = SiloPort.ToString();
        info.Environment["Prioritise__GatewayPort"] = GatewayPort.ToString();
        info.Environment["Prioritise__SeedsPath"] = Path.Combine(RepoRoot, "seeds");
        info.Environment["Prioritise__SeedOnEmpty"] = SeedOnEmpty ? "true" : "false";
        info.Environment["ASPNETCORE_URLS"] = url;
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment.Remove("Urls");
        info.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        info.Environment.Remove("ASPNETCORE_HTTPS_PORTS");
        // Tests present many wrong keys on purpose from one address; the throttle has its own test.
        info.Environment["Prioritise__FailedKeyLimit"] = "1000000";
        foreach (var (name, value) in ExtraEnvironment) info.Environment[name] = value;

        Append($"--- start {DateTimeOffset.Now:O}: dotnet {string.Join(' ', info.ArgumentList)} (http {url}, silo {SiloPort}, gateway {GatewayPort})");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Append(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Append("[stderr] " + e.Data); };
        if (!process.Start()) throw new InvalidOperationException("Could not start dotnet.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return url;
    }

    /// <summary>Whether GET /health answers 200 now (the silo has finished starting).</summary>
    public async Task<bool> IsHealthy()
    {
        if (!IsRunning) return false;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(BaseAddress + "health");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task WaitForHealthAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        string last = "no answer yet";
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
                throw Failure($"The silo exited with code {_process.ExitCode} before /health answered.");
            // Kestrel announces where it listens; if that is not our address it never will be.
            if (ListeningElsewhere(url) is { } elsewhere)
            {
                KillQuietly();
                throw Failure($"The silo listens on {elsewhere}, not on {url} as configured.");
            }
            try
            {
                using var response = await http.GetAsync(url + "/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(100);
        }
        KillQuietly();
        throw Failure($"GET /health did not answer 200 within {StartTimeout.TotalSeconds} s (last: {last}).");
    }

    private string? ListeningElsewhere(string url)
    {
        var lines = Output.Split('\n');
        var start = Array.FindLastIndex(lines, l => l.StartsWith("--- start", StringComparison.Ordinal));
        var listening = lines.Skip(start + 1)
            .Where(l => l.Contains("Now listening on:", StringComparison.Ordinal))
            // The address ends the line, or (Logging__Console__FormatterName=json) the JSON string.
            .Select(l => l[(l.IndexOf("Now listening on:", StringComparison.Ordinal) + "Now listening on:".Length)..].Trim().Split('"')[0])
            .ToList();
        return listening.Count > 0 && !listening.Contains(url) ? string.Join(", ", listening) : null;
    }

    /// <summary>Kills the process (and its children) and waits for it to go.</summary>
    public void Stop()
    {
        var process = _process;
        if (process is null) return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                    throw Failure("The silo did not exit within 30 s of being killed.");
            }
            process.WaitForExit(); // drains the redirected output
            Append($"--- stopped, exit code {process.ExitCode}");
        }
        finally
        {
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>
    /// Asks the silo to shut down as an operator would (SIGTERM, what <c>docker compose stop</c>
    /// sends): it leaves the cluster, marking itself dead in the membership table. Killed if it has
    /// not exited within <paramref name="timeout"/>.
    /// </summary>
    public void StopGracefully(TimeSpan? timeout = null)
    {
        var process = _process;
        if (process is null) return;
        try
        {
            if (!process.HasExited)
            {
                if (SendSignal(process.Id, SigTerm) != 0 && !process.HasExited)
                    throw Failure($"Could not send SIGTERM to {process.Id} (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
                if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
                {
                    Append("--- did not stop after SIGTERM; killing");
                    process.Kill(entireProcessTree: true);
                    if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                        throw Failure("The silo did not exit within 30 s of being killed.");
                }
            }
            process.WaitForExit(); // drains the redirected output
            Append($"--- stopped after SIGTERM, exit code {process.ExitCode}");
        }
        finally
        {
            process.Dispose();
            _process = null;
        }
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        KillQuietly();
        try { Directory.Delete(WorkDir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private void KillQuietly()
    {
        try { Stop(); }
        catch (Exception) { /* disposing: best effort */ }
    }

    private Exception Failure(string message) =>
        new InvalidOperationException($"{message}{Environment.NewLine}Silo: {SiloDll}, work dir {WorkDir}{Environment.NewLine}--- silo output ---{Environment.NewLine}{Output}");

    private void Append(string line)
    {
        lock (_outputLock) _output.AppendLine(line);
    }

    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>The folder holding Prioritise.sln above this assembly (or PRIORITISE_REPO, when set).</summary>
    public static string FindRepoRoot()
    {
        if (Environment.GetEnvironmentVariable("PRIORITISE_REPO") is { Length: > 0 } configured)
            return File.Exists(Path.Combine(configured, "Prioritise.sln"))
                ? Path.GetFullPath(configured)
                : throw new InvalidOperationException($"PRIORITISE_REPO={configured} has no Prioritise.sln.");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Prioritise.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Prioritise.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The configuration this test assembly was built with: the folder after "bin".</summary>
    public static string DetectConfiguration()
    {
        var parts = Path.GetFullPath(AppContext.BaseDirectory)
            .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        if (bin >= 0 && bin + 1 < parts.Length) return parts[bin + 1];
#if DEBUG
        return "Debug";
#else
        return "Release";
#endif
    }
}
