using MathNet.Numerics.Statistics;
using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Analytics;

/// <summary>
/// One criterion's part in a bid's disagreement.
/// </summary>
/// <param name="StandardDeviation">Sample SD of the scorers' scores on this criterion (n-1).</param>
/// <param name="ShareOfSpread">
/// Its share of the variance of the scorer totals: (w_c / sum w) * cov(x_c, T) / var(T). The shares
/// add up to 1 (T is the weighted mean of the x_c), so a heavy criterion the scorers split on
/// shows as the driver even if a light one has a wider SD. Negative when scoring it high went with
/// a low total. Null when the totals do not vary at all.
/// </param>
public sealed record CriterionSpread(string CriterionId, string Name, decimal Weight, double StandardDeviation, double? ShareOfSpread);

/// <summary>A low-agreement bid and which criterion drives the spread of its scorers' totals.</summary>
/// <param name="Driver">The criterion with the largest share of the spread (first in the round's order on a tie).</param>
public sealed record BidDisagreement(
    string BidId,
    string Title,
    int Sheets,
    double StandardDeviation,
    Agreement Agreement,
    string? Driver,
    IReadOnlyList<CriterionSpread> Criteria);

/// <summary>Disagreement diagnosis for every bid whose agreement band is Low, in the committee's ranked order.</summary>
public static class DisagreementDiagnosis
{
    public static IReadOnlyList<BidDisagreement> Compute(ScoredRound round)
    {
        var criteria = round.Round.Criteria;
        var weights = (double)round.Round.TotalWeight;
        var list = new List<BidDisagreement>();
        foreach (var i in round.CommitteeOrder)
        {
            var result = round.Results[i];
            if (result.Agreement != Agreement.Low || result.StandardDeviation is not { } sd) continue;
            var sheets = round.Bids[i].Sheets;
            var totals = round.Totals[i];
            var totalVariance = totals.Variance();
            var spreads = criteria.Select(c =>
            {
                var x = sheets.Select(s => (double)s.Scores[c.Id]).ToArray();
                double? share = totalVariance > 0 ? (double)c.Weight / weights * x.Covariance(totals) / totalVariance : null;
                return new CriterionSpread(c.Id, c.Name, c.Weight, x.StandardDeviation(), share);
            }).ToList();
            var driver = spreads.Where(s => s.ShareOfSpread is not null)
                .Aggregate((CriterionSpread?)null, (best, s) => best is null || s.ShareOfSpread > best.ShareOfSpread ? s : best);
            list.Add(new BidDisagreement(result.BidId, result.Title, result.Sheets, sd, result.Agreement, driver?.CriterionId, spreads));
        }
        return list;
    }
}
