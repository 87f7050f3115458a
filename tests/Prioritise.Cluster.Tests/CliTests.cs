using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Prioritise.Cluster.Tests;

/// <summary>
/// The command-line tool, run as a person runs it (its own process, an Orleans client), against a
/// real embedded silo; what it did is checked through the HTTP API.
/// </summary>
public sealed class CliTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prioritise-cli-tests-").FullName;

    [Fact]
    public async Task The_cli_imports_members_and_bids_from_csv_into_a_round_and_exports_its_report()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        string[] gateway = ["--gateway-port", silo.GatewayPort.ToString()];
        const string round = "cli-round";
        await api.CreateRound(round); // impact (weight 3) and cost (weight 1)

        // While this embedded silo is up: its /health names the store it checked, and the
        // dashboard is open, as the development default should be (cluster mode closes it).
        var health = await api.Get("/health", null);
        Assert.Equal("sqlite", (string?)health.Is(HttpStatusCode.OK).Json["store"]);
        (await api.Get("/dashboard/", null)).Is(HttpStatusCode.OK);

        // Members, appointed with their roles; each new key is written once, to a file of the caller's choosing.
        File.WriteAllText(Path.Combine(_dir, "members.csv"), """
            id,name,organisation,interests,roles
            ana,Ana Adeyemi,City and Hackney CCG,,scorer;chair
            ben,Ben Okafor,Barts Health,"pecuniary:Homerton Hospital:Governor",scorer
            fin,Fay Ibrahim,City and Hackney CCG,,finance
            """);
        var members = await Run([.. gateway, "import-members", "members.csv", "--round", round, "--keys-out", "keys.csv"]);
        Assert.True(members.ExitCode == 0, members.ToString());
        var keys = File.ReadAllLines(Path.Combine(_dir, "keys.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(["ana", "ben", "fin"], keys.Keys.Order());
        foreach (var (id, key) in keys)
            (await api.Get($"/api/members/{id}", key)).Is(HttpStatusCode.OK);
        var committee = (await api.Get($"/api/rounds/{round}/committee", api.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal(["chair", "scorer"], committee.Single(c => (string?)c!["memberId"] == "ana")!["roles"]!.AsArray().Select(r => (string)r!).Order());

        // A file with mistakes: every mistake is reported with its line, and nothing is imported.
        File.WriteAllText(Path.Combine(_dir, "bad.csv"), """
            id,title,sponsoringOrganisation,amountRequested
            falls,Falls prevention,Homerton Hospital,"35,000"
            ,No id,Someone,100
            falls,Twice,Someone,100
            """);
        var bad = await Run([.. gateway, "import-bids", round, "bad.csv"]);
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Contains("line 2: amountRequested: '35,000' is not an amount in pounds", bad.Stderr);
        Assert.Contains("line 3: id: an id is required", bad.Stderr);
        Assert.Contains("line 4: id: 'falls' is already used on line 2", bad.Stderr);
        Assert.Empty((await api.Get($"/api/rounds/{round}/bids", api.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray());

        // The real file: quoted fields, a list of recipients, pence.
        File.WriteAllText(Path.Combine(_dir, "bids.csv"), """
            id,title,workstream,sponsoringOrganisation,recipientOrganisations,amountRequested,summary
            falls,Falls prevention,Planned Care,Homerton Hospital,,35000,"Strength and balance classes, at home"
            hf,Housing First,Housing,Hackney Council,"Hackney Council; St Mungo's",225000.50,
            spiro,Spirometry,Long Term Conditions,GP Confederation,,20000,
            """);
        var imported = await Run([.. gateway, "import-bids", round, "bids.csv"]);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("3 bid(s) added", imported.Stdout);
        var bids = (await api.Get($"/api/rounds/{round}/bids", api.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal(["falls", "hf", "spiro"], bids.Select(b => (string)b!["id"]!).Order());
        var hf = bids.Single(b => (string?)b!["id"] == "hf")!;
        Assert.Equal("Housing First", (string?)hf["title"]);
        Assert.Equal(225000.50m, (decimal)hf["amountRequested"]!);
        Assert.Equal(["Hackney Council", "St Mungo's"], hf["recipientOrganisations"]!.AsArray().Select(r => (string)r!));
        var falls = bids.Single(b => (string?)b!["id"] == "falls")!;
        Assert.Equal("Strength and balance classes, at home", (string?)falls["summary"]);
        Assert.Equal(["Homerton Hospital"], falls["recipientOrganisations"]!.AsArray().Select(r => (string)r!));

        // Importing the same file again adds nothing; a changed row is refused, and changes nothing.
        var again = await Run([.. gateway, "import-bids", round, "bids.csv"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("0 bid(s) added to round 'cli-round', 3 already there", again.Stdout);
        File.WriteAllText(Path.Combine(_dir, "changed.csv"), File.ReadAllText(Path.Combine(_dir, "bids.csv")).Replace("20000", "25000"));
        var changed = await Run([.. gateway, "import-bids", round, "changed.csv"]);
        Assert.True(changed.ExitCode == 1, changed.ToString());
        Assert.Contains("line 4: id: a different bid 'spiro' is already in round", changed.Stderr);
        Assert.Equal(3, (await api.Get($"/api/rounds/{round}/bids", api.AdminKey)).Json.AsArray().Count);
        var audit = (await api.Get($"/api/rounds/{round}/audit", api.AdminKey)).Is(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal(3, audit.Count(e => (string?)e!["action"] == "bidAdded" && (string?)e["actor"] == "cli"));

        // Scoring through the API; the tool shows the progress. Ben may not score Falls (Homerton).
        await api.OpenScoring(round);
        await api.Submit(round, "falls", "ana", keys["ana"], impact: 9, cost: 4);
        await api.Submit(round, "hf", "ana", keys["ana"], impact: 7, cost: 2);
        await api.Submit(round, "hf", "ben", keys["ben"], impact: 8, cost: 3);
        var status = await Run([.. gateway, "status", round]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("Status: scoring", status.Stdout);
        Assert.Contains("Scoring progress: 3 of 5 sheet(s) submitted (60%)", status.Stdout);
        var rounds = await Run([.. gateway, "status"]);
        Assert.Matches(@"cli-round\s+scoring\s+3\s+3\s+Round cli-round", rounds.Stdout);

        // The report, once scoring has closed, is the API's report to the byte.
        await api.CloseScoring(round);
        var csv = await Run([.. gateway, "export-report", round]);
        Assert.True(csv.ExitCode == 0, csv.ToString());
        var apiCsv = (await api.Get($"/api/rounds/{round}/report.csv", api.AdminKey)).Is(HttpStatusCode.OK).Text;
        Assert.Equal(apiCsv, csv.Stdout);
        Assert.StartsWith("Proposal,Funding GBP 000s,Weighted Mean Total Value Score", csv.Stdout);
        var md = await Run([.. gateway, "export-report", round, "--format", "md", "--out", "report.md"]);
        Assert.True(md.ExitCode == 0, md.ToString());
        Assert.Equal((await api.Get($"/api/rounds/{round}/report.md", api.AdminKey)).Text, File.ReadAllText(Path.Combine(_dir, "report.md")));
        // Falls: ana only, (3*9 + 4)/4 = 7.75, shown 7.8; value per GBP 1k 7.75 / 35 = 0.22.
        Assert.Contains("| Falls prevention | 35 | 7.8 | 0.22 |", File.ReadAllText(Path.Combine(_dir, "report.md")));
    }

    [Fact]
    public async Task Without_a_silo_or_with_a_wrong_command_line_the_cli_says_so_and_exits_non_zero()
    {
        var help = await Run(["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("import-bids ROUND FILE.csv", help.Stdout);

        var unknown = await Run(["frobnicate"]);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("Unknown command 'frobnicate'", unknown.Stderr);

        var format = await Run(["export-report", "r", "--format", "pdf"]);
        Assert.True(format.ExitCode == 2, format.ToString());
        Assert.Contains("--format must be csv, md or xlsx", format.Stderr);

        // A port nothing listens on: the tool cannot reach a silo, and says where it looked.
        var port = FreePort();
        var unreachable = await Run(["--gateway-port", port.ToString(), "status"]);
        Assert.True(unreachable.ExitCode == 3, unreachable.ToString());
        Assert.Contains($"cannot reach the embedded silo's gateway on localhost:{port}", unreachable.Stderr);
    }

    // ---- running the tool ----

    private sealed record CliResult(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout: {Stdout}{Environment.NewLine}stderr: {Stderr}";
    }

    private static string CliDll => Path.Combine(SiloProcess.FindRepoRoot(), "src", "Prioritise.Cli", "bin",
        SiloProcess.DetectConfiguration(), "net10.0", "Prioritise.Cli.dll");

    private async Task<CliResult> Run(string[] args)
    {
        if (!File.Exists(CliDll)) throw new FileNotFoundException($"The CLI is not built: {CliDll}.", CliDll);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // Only the command line says where the silo is, whatever this machine's environment holds.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("Prioritise__", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(name);

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"prioritise {string.Join(' ', args)} did not finish within 90 s.");
        }
        var result = new CliResult(process.ExitCode, await stdout, await stderr);
        log.WriteLine($"$ prioritise {string.Join(' ', args)}{Environment.NewLine}{result}");
        return result;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
