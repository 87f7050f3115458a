using Prioritise.Domain.Analytics;
using Prioritise.Domain.Rounds;

namespace Prioritise.Silo;

// GET /api/rounds/{r}/analysis: the domain's analyses, one row per bid for what is per bid, the
// rest as the domain gives it. Full precision; nothing here recomputes anything.

/// <summary>How the analysis was run, so a reader can repeat it (same seed, same answer) and read it right.</summary>
public sealed record AnalysisMethod(
    int Draws,
    int Seed,
    bool Normalised,
    double Concentration,
    double IntervalLevel,
    double CoinTossLower,
    double CoinTossUpper,
    string Resampling,
    string Quantiles,
    string WeightPerturbation,
    string Reliability,
    string Value)
{
    public static AnalysisMethod From(RoundAnalysis a) => new(
        a.Options.Draws, a.Options.Seed, a.Options.Normalised, a.Options.Concentration, a.Funding.IntervalLevel,
        FundingProbability.CoinTossLower, FundingProbability.CoinTossUpper,
        "Each draw resamples every bid's submitted sheets with replacement (as many as it has), then ranks and draws the funding line by the round's method, cap and policy, before moderation.",
        "R-1 (inverse empirical distribution): the 2.5%, 50% and 97.5% points are values that occurred.",
        "Dirichlet with alpha_c = concentration * w_c / sum(w), centred on the agreed weights.",
        ScorerCalibration.IccForm + "; Kendall's W with tie correction on the largest complete block of members and bids.",
        PortfolioAdvice.ValueDefinition);
}

/// <summary>Where a bid stands under each analysis.</summary>
/// <param name="ProbabilityFunded">Share of bootstrap draws in which it is above the funding line.</param>
/// <param name="ForDiscussion">A coin-toss: 0.2 &lt; probabilityFunded &lt; 0.8.</param>
/// <param name="ProbabilityFundedWeightsPerturbed">Share of draws of perturbed weights in which it is funded.</param>
/// <param name="Normalised">Its rank and funding on z-score normalised totals; present when asked for.</param>
public sealed record AnalysisBidRow(
    string BidId,
    string Title,
    decimal AmountRequested,
    double? WeightedMean,
    int Rank,
    bool Funded,
    double ProbabilityFunded,
    bool ForDiscussion,
    RankInterval? RankInterval,
    MeanInterval? MeanInterval,
    double ProbabilityFundedWeightsPerturbed,
    bool InBestPortfolio,
    bool InValueForMoney,
    NormalisedRow? Normalised);

public sealed record NormalisedRow(double? MeanZ, int Rank, bool Funded);

public sealed record WeightSensitivityResponse(double Concentration, IReadOnlyList<CriterionSensitivity> Criteria);

public sealed record AnalysisResponse(
    string RoundId,
    AnalysisMethod Method,
    decimal FundingCap,
    FundingLinePolicy FundingLinePolicy,
    IReadOnlyList<AnalysisBidRow> Bids,
    WeightSensitivityResponse WeightSensitivity,
    IReadOnlyList<BidDisagreement> Disagreement,
    IReadOnlyList<ScorerProfile> Scorers,
    PanelReliability Reliability,
    PortfolioResult Portfolio)
{
    public static AnalysisResponse From(RoundAnalysis a)
    {
        var perturbed = a.Weights.Perturbed.ToDictionary(p => p.BidId, p => p.ProbabilityFunded);
        var normalised = a.Calibration.Normalised?.ToDictionary(n => n.BidId);
        var best = (a.Portfolio.Best?.BidIds ?? []).ToHashSet();
        var valueForMoney = a.Portfolio.ValueForMoney.BidIds.ToHashSet();
        var rows = a.Funding.Bids.Select(b => new AnalysisBidRow(
            b.BidId, b.Title, b.AmountRequested, b.WeightedMean, b.Rank, b.Funded, b.ProbabilityFunded, b.ForDiscussion,
            b.RankInterval, b.MeanInterval, perturbed[b.BidId], best.Contains(b.BidId), valueForMoney.Contains(b.BidId),
            normalised?[b.BidId] is { } n ? new NormalisedRow(n.MeanZ, n.NormalisedRank, n.NormalisedFunded) : null)).ToList();
        return new AnalysisResponse(a.RoundId, AnalysisMethod.From(a), a.FundingCap, a.FundingLinePolicy, rows,
            new WeightSensitivityResponse(a.Weights.Concentration, a.Weights.Criteria), a.Disagreement,
            a.Calibration.Scorers, a.Calibration.Reliability, a.Portfolio);
    }
}
