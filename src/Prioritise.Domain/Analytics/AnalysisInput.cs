using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Domain.Analytics;

/// <summary>One bid and the submitted sheets that count for it (the round's CountingSheets).</summary>
public sealed record BidSheets(Bid Bid, IReadOnlyList<SubmittedScores> Sheets);

/// <summary>
/// What the committee may choose about an analysis. Every option has a default so that the same
/// request always gives the same answer: the draws are seeded, never taken from the clock.
/// </summary>
/// <param name="Draws">Resamples of the committee's sheets (and perturbations of its weights); 2,000 to 20,000.</param>
/// <param name="Seed">Seeds every random source, so one seed is one reproducible run.</param>
/// <param name="Normalised">Also rank the bids on each scorer's z-scores, beside the raw scores.</param>
/// <param name="Concentration">
/// How tightly the perturbed weights stay around the agreed ones (the Dirichlet's total alpha): at
/// 100 a criterion holding a third of the weight moves by about +/-14% of itself (one SD).
/// </param>
public sealed record AnalysisOptions(
    int Draws = AnalysisOptions.DefaultDraws,
    int Seed = AnalysisOptions.DefaultSeed,
    bool Normalised = false,
    double Concentration = AnalysisOptions.DefaultConcentration)
{
    public const int DefaultDraws = 2_000;
    public const int MinDraws = 2_000;
    public const int MaxDraws = 20_000;
    public const int DefaultSeed = 2018;
    public const double DefaultConcentration = 100;
    public const double MinConcentration = 1;
    public const double MaxConcentration = 1_000_000;

    public static readonly AnalysisOptions Default = new();

    /// <summary>Refuses options outside their ranges with field-keyed errors (400 at the API).</summary>
    public AnalysisOptions Checked()
    {
        var errors = new Dictionary<string, string[]>();
        if (Draws is < MinDraws or > MaxDraws)
            errors["draws"] = [$"'draws' must be from {MinDraws:N0} to {MaxDraws:N0}."];
        if (!double.IsFinite(Concentration) || Concentration is < MinConcentration or > MaxConcentration)
            errors["concentration"] = [$"'concentration' must be from {MinConcentration} to {MaxConcentration:N0}."];
        if (errors.Count > 0)
            throw new DomainException(Refusal.Invalid, string.Join(" ", errors.Values.SelectMany(e => e)), errors);
        return this;
    }
}
