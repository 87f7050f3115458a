using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Prioritise.LoadHarness;
using Prioritise.Testing;

// Drives a synthetic round through the HTTP API and reports what it measured, with the machine
// and the command, so every number in docs/performance.md can be reproduced.
Options options;
try { options = Options.Parse(args); }
catch (Exception e) when (e is OperationCanceledException or ArgumentException or FormatException)
{
    if (e is not OperationCanceledException) Console.Error.WriteLine(e.Message);
    Console.WriteLine(Options.Usage);
    return e is OperationCanceledException ? 0 : 2;
}

var report = new StringBuilder();
void Say(string line) { Console.WriteLine(line); report.AppendLine(line); }

SiloProcess? silo = null;
TimeSpan? coldStart = null;
Uri baseAddress;
string adminKey;
if (options.Url is { } url)
{
    baseAddress = new Uri(url);
    adminKey = options.AdminKey ?? throw new ArgumentException("--url needs --admin-key");
}
else
{
    silo = new SiloProcess(seedOnEmpty: false);
    var started = Stopwatch.StartNew();
    await silo.StartAsync();
    coldStart = started.Elapsed;
    baseAddress = silo.BaseAddress;
    adminKey = silo.AdminKey;
}

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Clients * 4,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
}) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

try
{
    Say($"# Prioritise load run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
    Say("");
    Say($"- machine: {Machine.Describe()}");
    Say($"- command: `dotnet run -c Release --project tests/Prioritise.LoadHarness -- {string.Join(' ', args)}`");
    Say($"- round: {options.Bids:N0} bids, {options.Members} members, {options.Criteria} criteria, {options.SheetsPerBid} sheets per bid ({options.Bids * options.SheetsPerBid:N0} sheets), {options.Clients} clients, {options.Mode} loop{(options.Mode == "open" ? $" at {options.Rate:N0}/s" : "")}");
    if (coldStart is { } cold) Say($"- cold start to first 200 on /health: {cold.TotalSeconds:0.00} s (process start included)");

    var load = new Load(http);
    var round = new SyntheticRound(options, http, adminKey);
    var setup = Stopwatch.StartNew();
    await round.SetUp();
    Say($"- set-up through the API: {setup.Elapsed.TotalSeconds:0.0} s");
    Say("");
    Say(Measurement.Header);

    // The ceiling phase lasts about a second: untimed requests first, so that it measures compiled
    // code rather than the JIT's first tier, as the longer sheet phase mostly does.
    Func<int, HttpRequestMessage> ceilingCall = i => Request(HttpMethod.Post, "/api/ceiling", round.MemberKeys[i % round.MemberKeys.Count], null);
    if (options.WarmUpRequests > 0) await load.Closed("warm-up", options.Clients, options.WarmUpRequests, ceilingCall);
    var ceiling = await load.Closed("ceiling (HTTP + no-op grain)", options.Clients, options.CeilingRequests, ceilingCall);
    Say(ceiling.Row());

    var sheets = round.Sheets();
    var readerStop = new CancellationTokenSource();
    var reader = load.Repeat("results while scoring (GET, 2,000 bids)", readerStop.Token, TimeSpan.FromMilliseconds(250),
        () => Request(HttpMethod.Get, $"/api/rounds/{round.RoundId}/results", adminKey, null));
    Func<int, HttpRequestMessage> sheet = i => Request(HttpMethod.Put,
        $"/api/rounds/{round.RoundId}/bids/{sheets[i].BidId}/sheets/{sheets[i].MemberId}", round.KeyOf(sheets[i].MemberId), sheets[i].Body);
    var scoring = options.Mode == "open"
        ? await load.Open("sheets submitted (PUT)", options.Rate, options.Clients * 8, sheets.Count, sheet)
        : await load.Closed("sheets submitted (PUT)", options.Clients, sheets.Count, sheet);
    readerStop.Cancel();
    var results = await reader;
    Say(scoring.Row());
    Say(results.Row());

    var close = Stopwatch.StartNew();
    (await Send(Request(HttpMethod.Post, $"/api/rounds/{round.RoundId}/close-scoring", adminKey, null))).EnsureSuccessStatusCode();
    var closeTime = close.Elapsed;

    // The first actions after a start run the moderation code cold (JIT, first serialisation of
    // each type): timed apart. The next ones meet the collections the sheet phase left behind
    // (a full collection of a heap grown by 40,000 sheets, its gen1 collections): timed and
    // reported as their own row, then the session's actions on a settled silo.
    Func<int, HttpRequestMessage> action = i => Request(HttpMethod.Post, $"/api/rounds/{round.RoundId}/moderation/actions", round.ChairKey, round.ModerationAction(i));
    var firstAction = await load.Sequential("first moderation action", 1, i => action(100_000 + i));
    if (options.ModerationWarmUp > 0)
        Say((await load.Sequential($"moderation, the {options.ModerationWarmUp} actions straight after", options.ModerationWarmUp, i => action(100_001 + i))).Row());
    var moderation = await load.Sequential("moderation action round trip (chair)", options.ModerationActions, action);
    Say(moderation.Row());
    Say("");
    Say($"- sheets per second against the ceiling: {scoring.Throughput / ceiling.Throughput:P0} (target at least 50%)");
    Say($"- closing scoring (barrier over {options.Bids:N0} bids, moderation started): {closeTime.TotalMilliseconds:N0} ms");
    Say($"- the first moderation action after scoring closed (cold code): {firstAction.Percentile(100):0.00} ms; then the {options.ModerationWarmUp} straight after it, then the {options.ModerationActions} of the session");

    // Every acknowledged sheet must be counted: the run is only worth its numbers if nothing was lost.
    var final = JsonNode.Parse(await (await Send(Request(HttpMethod.Get, $"/api/rounds/{round.RoundId}/results", adminKey, null))).Content.ReadAsStringAsync())!;
    var counted = final["bids"]!.AsArray().Sum(b => (int)b!["sheets"]!);
    var acknowledged = scoring.Count - scoring.Errors;
    Say($"- sheets counted in the results: {counted:N0} of {acknowledged:N0} acknowledged{(counted == acknowledged ? "" : "  <-- MISMATCH")}");
    if (silo?.ProcessId is { } pid) Say($"- silo memory with the whole round active: {Machine.ResidentMegabytes(pid):N0} MiB resident");
    if (options.Output is { } file) await File.WriteAllTextAsync(file, report.ToString());
    return counted == acknowledged ? 0 : 1;
}
finally
{
    silo?.Dispose();
}

HttpRequestMessage Request(HttpMethod method, string path, string key, byte[]? body)
{
    var request = new HttpRequestMessage(method, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
    if (body is not null)
    {
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }
    return request;
}

Task<HttpResponseMessage> Send(HttpRequestMessage request) => http.SendAsync(request);

