using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Prioritise.Domain;
using Prioritise.Grains;
using Prioritise.Reports.Imports;

namespace Prioritise.Cli;

/// <summary>
/// prioritise: an administrator's tool that talks to the silos as an Orleans client, through the
/// same grains and validators as the HTTP API. It acts as the administrator "cli", which is how
/// its changes appear in the audit trail.
/// </summary>
public static class Program
{
    public static readonly Caller CliCaller = new(Prioritise.Domain.Audit.AuditActors.CommandLine, IsAdmin: true);

    public const int Ok = 0;
    public const int Refused = 1;
    public const int BadUsage = 2;
    public const int Unreachable = 3;

    private const string Usage = """
        Usage: prioritise [connection] COMMAND [arguments]

        Commands:
          status                          every round with its status
          status ROUND                    a round's status and scoring progress (per scorer and per bid)
          import-bids ROUND FILE.csv      add the bids in FILE.csv to ROUND (in setup or scoring)
                                          columns: id, title, sponsoringOrganisation, amountRequested (required),
                                          workstream, recipientOrganisations (a;b), summary
          import-members FILE.csv [--round ROUND] [--keys-out FILE]
                                          register the members in FILE.csv; with --round, appoint them too
                                          columns: id, name, organisation (required), interests
                                          (type:organisation[:description]; ...), roles (scorer;chair;finance)
                                          each new member's key is written once, as CSV, to stdout or --keys-out
          export-report ROUND [--format csv|md|xlsx] [--decision N] [--out FILE]
                                          the board table (default csv, to stdout); --decision N for a
                                          confirmed decision, else the current moderation

        Connection (defaults: Prioritise:* in appsettings.json beside the tool, then environment
        variables such as Prioritise__GatewayPort, Prioritise__Store, Prioritise__ConnectionString):
          --gateway-port N                the embedded silo's gateway on localhost (default 30000)
          --postgres "Host=...;Database=...;Username=...;Password=..."
                                          a cluster, found through its membership table in PostgreSQL
          --cluster-id ID                 the cluster's id (default prioritise)

        Exit codes: 0 done, 1 refused or bad input (nothing changed), 2 bad command line, 3 no silo reachable
        (or the silos stopped answering part-way; an import can be run again).
        """;

    public static async Task<int> Main(string[] argv)
    {
        Arguments args;
        try
        {
            args = new Arguments(argv);
        }
        catch (UsageException e)
        {
            return UsageError(e.Message);
        }
        if (args.Help || args.Command is null)
        {
            Console.Out.Write(Usage);
            return args.Help ? Ok : BadUsage;
        }

        try
        {
            // Everything about the command line is checked before connecting.
            var connection = Connection.From(args);
            var command = Prepare(args);
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

            Microsoft.Extensions.Hosting.IHost host;
            try
            {
                host = await connection.Connect(cancel.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"prioritise: cannot reach {connection.Describe()}: {e.Message}");
                Console.Error.WriteLine(connection.Cluster
                    ? "Is the cluster running, and are this connection string and cluster id the silos' own?"
                    : "Is the silo running (dotnet run --project silo), and is this its Prioritise:GatewayPort?");
                return Unreachable;
            }
            using (host)
            {
                var grains = host.Services.GetRequiredService<IGrainFactory>();
                var code = await command(grains);
                await host.StopAsync(CancellationToken.None);
                return code;
            }
        }
        catch (UsageException e)
        {
            return UsageError(e.Message);
        }
        catch (InputException e)
        {
            Console.Error.WriteLine($"prioritise: {e.Message}");
            foreach (var problem in e.Problems) Console.Error.WriteLine($"  {problem}");
            return Refused;
        }
        catch (DomainException e)
        {
            Console.Error.WriteLine($"prioritise: refused ({e.Refusal.ToString().ToLowerInvariant()}): {e.Message}");
            foreach (var (field, messages) in e.Errors)
                foreach (var message in messages.Where(m => m != e.Message))
                    Console.Error.WriteLine($"  {field}: {message}");
            return Refused;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
        {
            // Connected, then lost the silos (one stopped, the cluster is re-placing grains).
            Console.Error.WriteLine($"prioritise: the silos stopped answering part-way ({e.GetType().Name}: {e.Message}).");
            Console.Error.WriteLine("What was reported above as done is done; an import can be run again and skips what is already there.");
            return Unreachable;
        }
    }

    /// <summary>Parses the command's own arguments and returns what to run once connected.</summary>
    private static Func<IGrainFactory, Task<int>> Prepare(Arguments args)
    {
        switch (args.Command)
        {
            case "status":
            {
                args.RejectUnused(positionalExpected: 1);
                return args.Positional.Count == 0
                    ? grains => Status.Rounds(grains, Console.Out)
                    : grains => Status.Round(grains, args.Positional[0], Console.Out);
            }
            case "import-bids":
            {
                var round = args.Required(0, "ROUND");
                var file = args.Required(1, "FILE.csv");
                args.RejectUnused(positionalExpected: 2);
                return async grains => { await CsvImports.Bids(grains, CliCaller, round, file, Console.Out); return Ok; };
            }
            case "import-members":
            {
                var file = args.Required(0, "FILE.csv");
                var round = args.Option("--round");
                var keysOut = args.Option("--keys-out");
                args.RejectUnused(positionalExpected: 1);
                // Without --keys-out the keys are stdout's CSV, so the messages go to stderr.
                if (keysOut is null)
                    return async grains => { await CsvImports.Members(grains, CliCaller, file, round, Console.Error, () => Console.Out); return Ok; };
                if (File.Exists(keysOut)) throw new UsageException($"{keysOut} exists; a key file is never overwritten.");
                return async grains =>
                {
                    StreamWriter? keys = null;
                    try
                    {
                        await CsvImports.Members(grains, CliCaller, file, round, Console.Out, () => keys = OpenKeyFile(keysOut));
                        return Ok;
                    }
                    finally
                    {
                        if (keys is not null) await keys.DisposeAsync();
                    }
                };
            }
            case "export-report":
            {
                var round = args.Required(0, "ROUND");
                var format = (args.Option("--format") ?? "csv").ToLowerInvariant();
                var decision = args.IntOption("--decision", 1, 10_000);
                var outPath = args.Option("--out");
                args.RejectUnused(positionalExpected: 1);
                if (format is not ("csv" or "md" or "xlsx")) throw new UsageException($"--format must be csv, md or xlsx; '{format}' is not.");
                if (format == "xlsx" && outPath is null) throw new UsageException("An xlsx report is a binary file: name it with --out FILE.xlsx.");
                return async grains =>
                {
                    await using var stdout = Console.OpenStandardOutput();
                    return await Reports.Export(grains, round, format, decision, outPath, stdout);
                };
            }
            default:
                throw new UsageException($"Unknown command '{args.Command}'.");
        }
    }

    /// <summary>The keys are secrets: the file is readable by its owner only, and never overwritten.</summary>
    private static StreamWriter OpenKeyFile(string path) => new(new FileStream(path, new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        UnixCreateMode = OperatingSystem.IsWindows() ? null : (UnixFileMode?)(UnixFileMode.UserRead | UnixFileMode.UserWrite),
    }));

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"prioritise: {message}");
        Console.Error.WriteLine("Run 'prioritise --help' for the commands and options.");
        return BadUsage;
    }
}
