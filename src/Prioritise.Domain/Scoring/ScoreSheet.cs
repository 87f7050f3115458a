namespace Prioritise.Domain.Scoring;

/// <summary>
/// One member's scores for one bid. A draft may be partial and counts for nothing; a submitted
/// sheet scores every criterion and replaces any earlier sheet of the same member for the bid.
/// </summary>
public sealed record ScoreSheet(
    string BidId,
    string MemberId,
    IReadOnlyDictionary<string, int> Scores,
    string? Comment,
    bool Submitted,
    DateTimeOffset UpdatedAt,
    int Revision);

/// <summary>The part of a submitted sheet the results need: who, and the scores.</summary>
public sealed record SubmittedScores(string MemberId, IReadOnlyDictionary<string, int> Scores);
