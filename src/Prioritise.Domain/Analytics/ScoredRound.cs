using MathNet.Numerics.Random;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Domain.Analytics;

/// <summary>
/// A round scored once by the committee's own method (docs/scoring-method.md), with what the
/// analyses share: every bid's scorer totals, its result, the ranking and the automatic funding
/// line. Indexes are positions in <see cref="Bids"/>, the order the caller gave.
/// </summary>
public sealed class ScoredRound
{
    public ScoredRound(RoundDefinition round, IReadOnlyList<BidSheets> bids)
    {
        Round = round;
        Bids = bids;
        Results = bids.Select(b => ScoringMethod.Compute(round, b.Bid, b.Sheets)).ToList();
        Totals = bids.Select(b => b.Sheets.Select(s => ScoringMethod.ScorerTotal(round.Criteria, s.Scores)).ToArray()).ToArray();
        Ranking = FundingLine.Results(round, Results);

        var index = bids.Select((b, i) => (b.Bid.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        RankOf = new int[bids.Count];
        Funded = new bool[bids.Count];
        foreach (var row in Ranking.Bids)
        {
            var i = index[row.Result.BidId];
            RankOf[i] = row.Rank;
            Funded[i] = row.Funded;
        }
        CommitteeOrder = Ranking.Bids.Select(r => index[r.Result.BidId]).ToArray();

        // The comparer's last tie-breaks (title, then id, ordinal) as one integer per bid.
        TitleOrder = new int[bids.Count];
        var byTitle = Enumerable.Range(0, bids.Count)
            .OrderBy(i => bids[i].Bid.Title, StringComparer.Ordinal)
            .ThenBy(i => bids[i].Bid.Id, StringComparer.Ordinal).ToArray();
        for (var k = 0; k < byTitle.Length; k++) TitleOrder[byTitle[k]] = k;

        Scored = Enumerable.Range(0, bids.Count).Where(i => Results[i].IsScored).ToArray();
    }

    public RoundDefinition Round { get; }
    public IReadOnlyList<BidSheets> Bids { get; }
    public IReadOnlyList<BidResult> Results { get; }
    /// <summary>T_s for each sheet of each bid, in the order of the bid's sheets.</summary>
    public double[][] Totals { get; }
    public RoundResults Ranking { get; }
    /// <summary>Pre-moderation rank (1 = top) of each bid.</summary>
    public int[] RankOf { get; }
    /// <summary>Whether the automatic funding line funds each bid.</summary>
    public bool[] Funded { get; }
    /// <summary>Bid indexes in the committee's ranked order.</summary>
    public int[] CommitteeOrder { get; }
    public int[] TitleOrder { get; }
    /// <summary>Indexes of the bids with at least one sheet; only these can ever be funded.</summary>
    public int[] Scored { get; }

    public int Count => Bids.Count;
    public decimal Amount(int i) => Bids[i].Bid.AmountRequested;
}

/// <summary>
/// Independent, reproducible random streams: one per analysis and draw, each a MathNet
/// xoshiro256** generator seeded from (seed, stream, draw). A draw's numbers depend on nothing
/// else, so draws may run in any order or in parallel and the run is still the same.
/// </summary>
public static class RandomStreams
{
    public const int Bootstrap = 1;
    public const int Weights = 2;

    public static Xoshiro256StarStar Create(int seed, int stream, int draw) =>
        new(Mix(seed, stream, draw), threadSafe: false);

    /// <summary>SplitMix64's finaliser applied in turn to seed, stream and draw, folded to the 32-bit seed MathNet takes.</summary>
    internal static int Mix(int seed, int stream, int draw)
    {
        var z = Finalise((uint)seed);
        z = Finalise(z ^ (uint)stream);
        z = Finalise(z ^ (uint)draw);
        return unchecked((int)(z ^ (z >> 32)));
    }

    private static ulong Finalise(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
