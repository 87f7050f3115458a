using BenchmarkDotNet.Attributes;
using Prioritise.Domain.Analytics;

namespace Prioritise.Benchmarks;

/// <summary>
/// The target: 2,000 bootstrap draws on a 2,000-bid round in under 2 seconds on the
/// 2-core development machine. Also the one-thread run (what a busy silo might get) and the
/// whole analysis of the same round, which adds the weight sensitivity, calibration and knapsack.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AnalyticsBenchmarks
{
    public const int Bids = 2_000;
    public const int Draws = 2_000;
    private ScoredRound _round = null!;
    private (Prioritise.Domain.Rounds.RoundDefinition Round, IReadOnlyList<BidSheets> Bids) _input;

    [GlobalSetup]
    public void Setup()
    {
        _input = SyntheticRound.Create(Bids);
        _round = new ScoredRound(_input.Round, _input.Bids);
    }

    [Benchmark(Description = "Bootstrap, 2,000 draws x 2,000 bids, all cores")]
    public FundingProbabilities BootstrapParallel() => FundingProbability.Compute(_round, Draws, seed: 1, parallel: true);

    [Benchmark(Description = "Bootstrap, 2,000 draws x 2,000 bids, one thread")]
    public FundingProbabilities BootstrapOneThread() => FundingProbability.Compute(_round, Draws, seed: 1, parallel: false);

    [Benchmark(Description = "Whole analysis, 2,000 draws x 2,000 bids, all cores")]
    public RoundAnalysis WholeAnalysis() =>
        RoundAnalysis.Compute(_input.Round, _input.Bids, new Dictionary<string, string>(), AnalysisOptions.Default with { Normalised = true });
}
