using Prioritise.Domain.Rounds;

namespace Prioritise.Domain.Analytics;

/// <summary>
/// Decision analytics for a round's scores before moderation (docs/analytics.md): how sure the
/// funding line is, how much it leans on the agreed weights, where the committee disagrees, how
/// its members score, and what the pot could buy. Advice beside the committee's list, never a
/// change to it: the normative method (docs/scoring-method.md) stays the committee's result.
/// </summary>
public sealed record RoundAnalysis(
    string RoundId,
    AnalysisOptions Options,
    decimal FundingCap,
    FundingLinePolicy FundingLinePolicy,
    FundingProbabilities Funding,
    WeightSensitivityResult Weights,
    IReadOnlyList<BidDisagreement> Disagreement,
    ScorerCalibrationResult Calibration,
    PortfolioResult Portfolio)
{
    /// <param name="bids">Every bid of the round with the sheets that count for it.</param>
    /// <param name="memberNames">Members' names by id, for the calibration table (an id stands in for a missing name).</param>
    /// <param name="parallel">Run the draws on every core; the result is the same either way.</param>
    public static RoundAnalysis Compute(
        RoundDefinition round, IReadOnlyList<BidSheets> bids, IReadOnlyDictionary<string, string> memberNames,
        AnalysisOptions options, bool parallel = true)
    {
        options = options.Checked();
        var scored = new ScoredRound(round, bids);
        return new RoundAnalysis(
            round.Id, options, round.FundingCap, round.FundingLinePolicy,
            FundingProbability.Compute(scored, options.Draws, options.Seed, parallel),
            WeightSensitivity.Compute(scored, options.Draws, options.Seed, options.Concentration, parallel),
            DisagreementDiagnosis.Compute(scored),
            ScorerCalibration.Compute(scored, memberNames, options.Normalised),
            PortfolioAdvice.Compute(scored));
    }
}
