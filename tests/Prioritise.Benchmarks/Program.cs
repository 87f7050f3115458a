using System.Diagnostics;
using BenchmarkDotNet.Running;
using Prioritise.Benchmarks;
using Prioritise.Domain.Analytics;

// dotnet run -c Release --project tests/Prioritise.Benchmarks -- --filter '*'   (BenchmarkDotNet, minutes)
// dotnet run -c Release --project tests/Prioritise.Benchmarks -- --quick        (one timed run of each, seconds)
// --quick is the smoke mode: it proves the benchmark still runs and prints rough numbers; it
// asserts nothing about time, because a shared 2-core machine's timings are not a test.
if (args.Contains("--quick"))
{
    var bids = args.SkipWhile(a => a != "--bids").Skip(1).Select(int.Parse).FirstOrDefault(AnalyticsBenchmarks.Bids);
    var (round, sheets) = SyntheticRound.Create(bids);
    var scored = new ScoredRound(round, sheets);
    Console.WriteLine($"{bids:N0} bids, {sheets.Sum(b => b.Sheets.Count):N0} sheets, {AnalyticsBenchmarks.Draws:N0} draws, {Environment.ProcessorCount} cores");
    Time("bootstrap, all cores", () => FundingProbability.Compute(scored, AnalyticsBenchmarks.Draws, 1, parallel: true));
    Time("bootstrap, one thread", () => FundingProbability.Compute(scored, AnalyticsBenchmarks.Draws, 1, parallel: false));
    if (args.Contains("--parts"))
    {
        Time("weight sensitivity (thresholds and Dirichlet)", () => WeightSensitivity.Compute(scored, AnalyticsBenchmarks.Draws, 1, 100));
        Time("disagreement", () => DisagreementDiagnosis.Compute(scored));
        Time("scorer calibration and reliability", () => ScorerCalibration.Compute(scored, new Dictionary<string, string>(), true));
        Time("best portfolio", () => PortfolioAdvice.Compute(scored));
    }
    Time("whole analysis, all cores", () => RoundAnalysis.Compute(round, sheets, new Dictionary<string, string>(), AnalysisOptions.Default with { Normalised = true }));
    var scoring = new ScoringBenchmarks();
    scoring.Setup();
    Time("results + ranking + funding line, 10,000 bids x 20 sheets", scoring.Results);
    Time("one moderation action on 2,000 rows (accept + replay of 201)", scoring.OneModerationAction);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(AnalyticsBenchmarks).Assembly).Run(args);

static void Time(string what, Func<object> run)
{
    var watch = Stopwatch.StartNew();
    run();
    Console.WriteLine($"{what}: {watch.Elapsed.TotalSeconds:F2} s");
}
