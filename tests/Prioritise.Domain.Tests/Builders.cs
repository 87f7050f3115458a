using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Domain.Tests;

/// <summary>Small test-data builders: rounds, bids, sheets, seats and ready-made results.</summary>
public static class Builders
{
    /// <summary>The eight 2018 PIC criteria and their weights (they sum to 90).</summary>
    public static readonly (string Id, decimal Weight)[] PicCriteria =
    [
        ("physical-health", 15), ("mental-health", 15), ("prevention", 10), ("inequalities", 5),
        ("social-value", 5), ("empowerment", 5), ("equity-of-access", 5), ("financial-sustainability", 30),
    ];

    /// <summary>Criteria named c0, c1, ... with the given weights.</summary>
    public static IReadOnlyList<Criterion> Criteria(params decimal[] weights) =>
        weights.Select((w, i) => new Criterion($"c{i}", $"Criterion {i}", w)).ToList();

    public static RoundDefinition Round(
        IReadOnlyList<Criterion> criteria,
        decimal cap = 1_500_000m,
        FundingLinePolicy policy = FundingLinePolicy.StopAtFirstMiss,
        AgreementBands? bands = null,
        ScoreScale? scale = null) =>
        new("r1", "Test round", cap, scale ?? ScoreScale.Default, criteria, bands ?? AgreementBands.Default, policy);

    /// <summary>A round with one criterion "c0" of weight 1, so a sheet's total is its single score.</summary>
    public static RoundDefinition SingleCriterionRound(AgreementBands? bands = null) => Round(Criteria(1m), bands: bands);

    public static RoundDefinition PicRound() =>
        Round(PicCriteria.Select(c => new Criterion(c.Id, c.Id, c.Weight)).ToList());

    public static Bid Bid(
        string id = "b1", string? title = null, decimal amount = 100_000m,
        string sponsor = "Sponsor Trust", params string[] recipients) =>
        new(id, title ?? id, "Workstream", sponsor, recipients, amount, "");

    /// <summary>A sheet scoring criteria c0, c1, ... in order.</summary>
    public static SubmittedScores Sheet(string memberId, params int[] scores) =>
        new(memberId, scores.Select((x, i) => (Key: $"c{i}", x)).ToDictionary(p => p.Key, p => p.x));

    /// <summary>A sheet on the PIC criteria, scores in the order of <see cref="PicCriteria"/>.</summary>
    public static SubmittedScores PicSheet(string memberId, params int[] scores) =>
        new(memberId, PicCriteria.Select((c, i) => (c.Id, Score: scores[i])).ToDictionary(p => p.Id, p => p.Score));

    public static CommitteeSeat Seat(string id, string organisation, params Interest[] interests) =>
        new(id, id, organisation, interests, [CommitteeRole.Scorer]);

    /// <summary>A result built directly, for ranking and funding-line tests.</summary>
    public static BidResult Result(string title, double? mean, double? valuePerThousand = null, double? sd = null, decimal amount = 100_000m) =>
        new(title, title, amount, mean is null ? 0 : 2, mean, sd, AgreementBands.Default.Classify(sd),
            mean is null ? null : valuePerThousand ?? mean / (double)(amount / 1000m),
            new Dictionary<string, double>(), mean, mean);
}
