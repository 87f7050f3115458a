using Prioritise.Domain.Analytics;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Benchmarks;

/// <summary>
/// A large made-up round with the 2018 committee's shape: the eight PIC criteria and weights, a
/// panel of twelve, each bid scored by 6 to 12 of them (conflicts leave gaps), requests of
/// GBP 20k to 500k in whole thousands and a pot of 30% of all requests. Scores are a bid's quality
/// plus the member's leniency plus noise, on 1..10. Seeded: the same round every run.
/// </summary>
public static class SyntheticRound
{
    public static (RoundDefinition Round, IReadOnlyList<BidSheets> Bids) Create(int bids, int seed = 2018)
    {
        var random = new Random(seed);
        (string Id, decimal Weight)[] pic =
        [
            ("physical-health", 15), ("mental-health", 15), ("prevention", 10), ("inequalities", 5),
            ("social-value", 5), ("empowerment", 5), ("equity-of-access", 5), ("financial-sustainability", 30),
        ];
        var criteria = pic.Select(c => new Criterion(c.Id, c.Id, c.Weight)).ToList();
        var members = Enumerable.Range(0, 12).Select(m => (Id: $"member-{m}", Leniency: random.NextDouble() * 2 - 1)).ToArray();

        var list = new List<BidSheets>(bids);
        for (var b = 0; b < bids; b++)
        {
            var quality = 3 + random.NextDouble() * 6;
            var amount = 1_000m * random.Next(20, 501);
            var panel = members.OrderBy(_ => random.Next()).Take(random.Next(6, 13));
            var sheets = panel.Select(m => new SubmittedScores(m.Id, criteria.ToDictionary(c => c.Id, _ =>
                Math.Clamp((int)Math.Round(quality + m.Leniency + (random.NextDouble() - 0.5) * 4), 1, 10)))).ToList();
            list.Add(new BidSheets(new Bid($"bid-{b}", $"Synthetic bid {b:D4}", "Synthetic", "Synthetic Trust", [], amount, ""), sheets));
        }
        var cap = decimal.Round(list.Sum(x => x.Bid.AmountRequested) * 0.3m, 0);
        var round = new RoundDefinition("synthetic", "Synthetic round", cap, ScoreScale.Default, criteria,
            AgreementBands.Default, FundingLinePolicy.StopAtFirstMiss);
        return (round, list);
    }
}
