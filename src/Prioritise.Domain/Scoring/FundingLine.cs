using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Scoring;

/// <summary>One row of the ranked list with the automatic funding line drawn.</summary>
public sealed record RankedBid(int Rank, BidResult Result, bool Funded, decimal? Cumulative);

/// <param name="Scoring">
/// Whether the bids were scored (issue 16). In a round without scoring no bid has a mean, so the line
/// may fund unscored bids; in a scored round an unscored bid waits outside the line.
/// </param>
public sealed record RoundResults(decimal FundingCap, FundingLinePolicy FundingLinePolicy, IReadOnlyList<RankedBid> Bids,
    ScoringMode Scoring = ScoringMode.Scored)
{
    public decimal FundedTotal => Bids.Where(b => b.Funded).Sum(b => b.Result.AmountRequested);

    /// <summary>Whether the line may fund this bid at all (declines aside).</summary>
    public bool Fundable(BidResult result) => Fundable(Scoring, result);

    /// <summary>The line funds scored bids, and in a round without scoring every bid (declines aside).</summary>
    public static bool Fundable(ScoringMode scoring, BidResult result) => result.IsScored || scoring == ScoringMode.None;
}

/// <summary>Walks a ranked list against the cap with a running total of amounts requested.</summary>
public static class FundingLine
{
    /// <param name="amount">The amount each row would draw (the request before moderation, the award after).</param>
    /// <param name="eligible">Rows the line may fund at all (scored, not declined).</param>
    public static IReadOnlyList<(bool Funded, decimal? Cumulative)> Draw<T>(
        IReadOnlyList<T> ranked, decimal cap, FundingLinePolicy policy, Func<T, decimal> amount, Func<T, bool> eligible)
    {
        var rows = new (bool, decimal?)[ranked.Count];
        decimal total = 0;
        var stopped = false;
        for (var i = 0; i < ranked.Count; i++)
        {
            var row = ranked[i];
            var fits = !stopped && eligible(row) && total + amount(row) <= cap;
            if (fits)
            {
                total += amount(row);
                rows[i] = (true, total);
                continue;
            }
            rows[i] = (false, null);
            if (policy == FundingLinePolicy.StopAtFirstMiss && eligible(row)) stopped = true;
        }
        return rows;
    }

    public static RoundResults Results(RoundDefinition round, IEnumerable<BidResult> results)
    {
        var ranked = Ranking.Rank(results);
        // Unranked by score in a round without scoring (issue 16): the list, by title, is the chair's to order.
        var line = Draw(ranked, round.FundingCap, round.FundingLinePolicy, r => r.AmountRequested, r => RoundResults.Fundable(round.Scoring, r));
        return new RoundResults(round.FundingCap, round.FundingLinePolicy,
            ranked.Select((r, i) => new RankedBid(i + 1, r, line[i].Funded, line[i].Cumulative)).ToList(), round.Scoring);
    }
}
