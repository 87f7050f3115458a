namespace Prioritise.Domain.Rounds;

public sealed record Criterion(string Id, string Name, decimal Weight);

public sealed record ScoreScale(int Min = 1, int Max = 10)
{
    public static readonly ScoreScale Default = new();
    public bool Contains(int score) => score >= Min && score <= Max;
}

/// <remarks><see cref="Withheld"/> is never computed: it stands in a reader's view for a bid whose
/// figures are kept from them (<see cref="Disclosure"/>).</remarks>
public enum Agreement { High, Medium, Low, Insufficient, Withheld }

/// <summary>Agreement bands on the SD of scorer totals: High below the first bound, Medium below the second.</summary>
public sealed record AgreementBands(double HighBelow = 2.25, double MediumBelow = 2.95)
{
    public static readonly AgreementBands Default = new();

    public Agreement Classify(double? standardDeviation) => standardDeviation switch
    {
        null => Agreement.Insufficient,
        < 0 => throw new ArgumentOutOfRangeException(nameof(standardDeviation)),
        var sd when sd < HighBelow => Agreement.High,
        var sd when sd < MediumBelow => Agreement.Medium,
        _ => Agreement.Low,
    };
}

public enum FundingLinePolicy
{
    /// <summary>The committee's "top schemes": the first bid that does not fit ends the funded list.</summary>
    StopAtFirstMiss,
    /// <summary>A bid that does not fit is skipped; smaller bids below it may still be funded.</summary>
    SkipAndContinue,
}

public enum RoundStatus { Setup, Scoring, Moderation, Confirmed }

/// <summary>
/// Whether the committee scores the bids (issue 16). Some funds decide without scoring: the BCF
/// partnership agreed its five bids in 2018 with no score sheets, so a <see cref="None"/> round goes
/// from its accepted applications straight to the list the chair moderates, with no means or bands.
/// </summary>
public enum ScoringMode { Scored, None }

/// <summary>What an administrator fixes when setting up a round.</summary>
public sealed record RoundDefinition(
    string Id,
    string Name,
    decimal FundingCap,
    ScoreScale Scale,
    IReadOnlyList<Criterion> Criteria,
    AgreementBands Agreement,
    FundingLinePolicy FundingLinePolicy,
    // Shown on the pages and used for reminders; the chair still closes scoring (issue 14).
    DateTimeOffset? ScoringClosesAt = null,
    // Issue 16: fixed when the round is created; stored rounds written before it were all scored.
    ScoringMode Scoring = ScoringMode.Scored)
{

    public decimal TotalWeight => Criteria.Sum(c => c.Weight);

    public Criterion? FindCriterion(string id)
    {
        // Asked for every score of every sheet saved: a plain loop, no closure or enumerator per call.
        for (var i = 0; i < Criteria.Count; i++)
            if (Criteria[i].Id == id) return Criteria[i];
        return null;
    }
}
