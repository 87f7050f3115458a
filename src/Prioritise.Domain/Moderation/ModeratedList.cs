using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Domain.Moderation;

/// <summary>One row of the moderated list.</summary>
/// <param name="Award">What the row would draw if funded: its request, a partial award, or its share of a joint award.</param>
public sealed record ModeratedRow(
    int Position,
    BidResult Result,
    int PreModerationRank,
    decimal Award,
    bool Funded,
    bool Declined,
    decimal? Cumulative,
    string? JointGroup,
    decimal? JointGroupTotal,
    IReadOnlyList<string> Conditions);

/// <summary>The list after every action so far, with the line drawn and the money against the cap.</summary>
public sealed record ModeratedList(
    decimal FundingCap,
    FundingLinePolicy FundingLinePolicy,
    string? FundingLineAfter,
    IReadOnlyList<ModeratedRow> Rows)
{
    public decimal FundedTotal => Rows.Where(r => r.Funded).Sum(r => r.Award);
    public decimal Headroom => Math.Max(0, FundingCap - FundedTotal);
    public decimal OverCommitment => Math.Max(0, FundedTotal - FundingCap);

    public ModeratedRow? Find(string bidId) => Rows.FirstOrDefault(r => r.Result.BidId == bidId);
}
