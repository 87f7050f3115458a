using BenchmarkDotNet.Attributes;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Benchmarks;

/// <summary>
/// The committee's own method at scale (issue 6): results, ranking and the funding line for
/// 10,000 bids with 20 sheets each; and one moderation action's recomputation on a 2,000-row list
/// that already carries 200 actions.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    public const int ResultBids = 10_000;
    public const int SheetsPerBid = 20;
    public const int ModerationRows = 2_000;
    public const int PriorActions = 200;

    private RoundDefinition _round = null!;
    private List<(Bid Bid, List<SubmittedScores> Sheets)> _bids = null!;
    private RoundResults _ranking = null!;
    private List<ModerationAction> _actions = null!;
    private ModeratedList _current = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_round, _bids) = Build(ResultBids);
        var (round, bids) = Build(ModerationRows);
        _ranking = FundingLine.Results(round, bids.Select(b => ScoringMethod.Compute(round, b.Bid, b.Sheets)));
        (_actions, _current) = Moderate(_ranking, PriorActions);
    }

    [Benchmark(Description = "results + ranking + funding line, 10,000 bids x 20 sheets")]
    public RoundResults Results() =>
        FundingLine.Results(_round, _bids.Select(b => ScoringMethod.Compute(_round, b.Bid, b.Sheets)));

    [Benchmark(Description = "one moderation action on 2,000 rows (accept + replay of 201 actions)")]
    public ModeratedList OneModerationAction()
    {
        var command = new ModerationCommand(ModerationActionType.Move, _ranking.Bids[1500].Result.BidId, _ranking.Bids[10].Result.BidId,
            null, null, null, null, null, null, "benchmark", null);
        var action = ModerationRules.Accept(command, _current, _actions, $"a{_actions.Count + 1}", "chair", DateTimeOffset.UnixEpoch);
        return ModerationRules.Replay(_ranking, [.. _actions, action]);
    }

    public static (RoundDefinition Round, List<(Bid Bid, List<SubmittedScores> Sheets)> Bids) Build(int bids)
    {
        var random = new Random(6);
        var criteria = Enumerable.Range(1, 8).Select(c => new Criterion($"c{c}", $"Criterion {c}", 5 * (1 + c % 4))).ToList();
        var list = new List<(Bid Bid, List<SubmittedScores> Sheets)>(bids);
        for (var b = 0; b < bids; b++)
        {
            var bid = new Bid($"b{b}", $"Bid {b:D5}", "W", "Trust", ["Trust"], 1_000m * random.Next(10, 500), "");
            var sheets = Enumerable.Range(0, SheetsPerBid).Select(k => new SubmittedScores($"m{(b * 7 + k) % 200}",
                criteria.ToDictionary(c => c.Id, _ => random.Next(1, 11)))).ToList();
            list.Add((bid, sheets));
        }
        var round = new RoundDefinition("bench", "Benchmark round", 1_000m * bids * 60, ScoreScale.Default, criteria,
            AgreementBands.Default, FundingLinePolicy.StopAtFirstMiss);
        return (round, list);
    }

    /// <summary>A chair's session: moves, partial awards and conditions, each accepted as the service would.</summary>
    public static (List<ModerationAction>, ModeratedList) Moderate(RoundResults ranking, int count)
    {
        var actions = new List<ModerationAction>();
        var current = ModerationRules.Replay(ranking, actions);
        for (var i = 0; i < count; i++)
        {
            var bid = ranking.Bids[(i * 37) % ranking.Bids.Count].Result.BidId;
            var other = ranking.Bids[(i * 53 + 11) % ranking.Bids.Count].Result.BidId;
            var command = (i % 3) switch
            {
                0 when bid != other => new ModerationCommand(ModerationActionType.Move, bid, null, other, null, null, null, null, null, "r", null),
                1 => new ModerationCommand(ModerationActionType.Condition, bid, null, null, null, null, $"c{i}", null, null, null, null),
                _ => new ModerationCommand(ModerationActionType.Award, bid, null, null, 1_000m, null, null, null, null, "r", null),
            };
            actions.Add(ModerationRules.Accept(command, current, actions, $"a{i + 1}", "chair", DateTimeOffset.UnixEpoch));
            current = ModerationRules.Replay(ranking, actions);
        }
        return (actions, current);
    }
}
