namespace Prioritise.LoadHarness;

/// <summary>Command line: --key value pairs; see Usage.</summary>
public sealed record Options
{
    public string? Url { get; init; }
    public string? AdminKey { get; init; }
    public int Bids { get; init; } = 2000;
    public int Members { get; init; } = 200;
    public int Criteria { get; init; } = 8;
    public int SheetsPerBid { get; init; } = 20;
    public int Clients { get; init; } = 64;
    public string Mode { get; init; } = "closed";
    public int Rate { get; init; } = 5000;
    public int CeilingRequests { get; init; } = 20000;
    public int WarmUpRequests { get; init; } = 20000;
    public int ModerationActions { get; init; } = 200;
    public int ModerationWarmUp { get; init; } = 100;
    public string? Output { get; init; }
    public bool Smoke { get; init; }

    public const string Usage = """
        Prioritise load harness: drives a silo over HTTP on loopback and reports throughput and latency.

          --url URL            target a running silo (needs --admin-key); default: start one (silo/bin) on a fresh data folder
          --admin-key KEY      the target silo's administrator key
          --bids N             bids in the synthetic round (2000)
          --members N          members (200)
          --criteria N         criteria (8)
          --sheets-per-bid N   scorers per bid (20): bids x this = submitted sheets (40,000)
          --clients N          concurrent clients (64)
          --mode closed|open   closed loop (each client waits for its answer) or open loop at --rate
          --rate N             open-loop arrival rate, requests per second (5000)
          --ceiling N          requests to the ceiling endpoint (20000)
          --warm-up N          untimed ceiling requests before the timed ones (20000)
          --moderation N       moderation actions timed after scoring closes (200)
          --moderation-warm-up N  actions straight after the first, reported apart (100)
          --output FILE        also write the report (Markdown) to FILE
          --smoke              a quick run for CI: 40 bids, 20 members, 4 per bid, 8 clients
        """;

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--url" => o with { Url = Next() },
                "--admin-key" => o with { AdminKey = Next() },
                "--bids" => o with { Bids = int.Parse(Next()) },
                "--members" => o with { Members = int.Parse(Next()) },
                "--criteria" => o with { Criteria = int.Parse(Next()) },
                "--sheets-per-bid" => o with { SheetsPerBid = int.Parse(Next()) },
                "--clients" => o with { Clients = int.Parse(Next()) },
                "--mode" => o with { Mode = Next() },
                "--rate" => o with { Rate = int.Parse(Next()) },
                "--ceiling" => o with { CeilingRequests = int.Parse(Next()) },
                "--warm-up" => o with { WarmUpRequests = int.Parse(Next()) },
                "--moderation" => o with { ModerationActions = int.Parse(Next()) },
                "--moderation-warm-up" => o with { ModerationWarmUp = int.Parse(Next()) },
                "--output" => o with { Output = Next() },
                "--smoke" => o with { Smoke = true, Bids = 40, Members = 20, SheetsPerBid = 4, Clients = 8, CeilingRequests = 500, WarmUpRequests = 100, ModerationActions = 20, ModerationWarmUp = 2 },
                "--help" or "-h" => throw new OperationCanceledException(),
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }
        if (o.SheetsPerBid > o.Members) throw new ArgumentException("--sheets-per-bid cannot exceed --members");
        if (o.Mode is not ("closed" or "open")) throw new ArgumentException("--mode is closed or open");
        return o;
    }
}
