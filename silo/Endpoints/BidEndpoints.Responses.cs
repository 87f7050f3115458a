using Prioritise.Domain;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;

namespace Prioritise.Silo;

// What the bid and score-sheet routes (BidEndpoints) return.

/// <param name="Withdrawn">Withdrawn by the secretary (issue 14): kept for the record, no longer scored, out of the results.</param>
/// <param name="Version">Counts the bid's corrections (issue 14): a correction may send it as <c>expectedVersion</c>.</param>
public sealed record BidResponse(
    string Id, string Title, string Workstream, string SponsoringOrganisation, IReadOnlyList<string> RecipientOrganisations,
    decimal AmountRequested, string Summary, bool? Conflicted, string? ConflictReason, bool Withdrawn, long Version)
{
    public static BidResponse From(Bid b, bool? conflicted = null, string? reason = null) => new(
        b.Id, b.Title, b.Workstream, b.SponsoringOrganisation, b.RecipientOrganisations, b.AmountRequested, b.Summary, conflicted, reason,
        b.Withdrawn, b.Version);
}

public sealed record SheetResponse(
    string BidId, string MemberId, IReadOnlyDictionary<string, int> Scores, string? Comment, bool Submitted,
    DateTimeOffset UpdatedAt, int Revision, SubmittedSheetResponse? LastSubmitted)
{
    public static SheetResponse From(SheetView v) => new(
        v.Current.BidId, v.Current.MemberId, v.Current.Scores, v.Current.Comment, v.Current.Submitted, v.Current.UpdatedAt,
        v.Current.Revision, v.Submitted is { } s ? new SubmittedSheetResponse(s.Scores, s.Comment, s.UpdatedAt, s.Revision) : null);
}

public sealed record SubmittedSheetResponse(IReadOnlyDictionary<string, int> Scores, string? Comment, DateTimeOffset SubmittedAt, int Revision);

/// <summary>One bid (issue 15): as in the list, with <c>application</c> when it came from one and the reader may open it.</summary>
public sealed record BidWithApplicationResponse(
    string Id, string Title, string Workstream, string SponsoringOrganisation, IReadOnlyList<string> RecipientOrganisations,
    decimal AmountRequested, string Summary, bool? Conflicted, string? ConflictReason, bool Withdrawn, long Version, ApplicationResponse? Application)
{
    public static BidWithApplicationResponse From(BidView v, ApplicationResponse? application) => new(
        v.Bid.Id, v.Bid.Title, v.Bid.Workstream, v.Bid.SponsoringOrganisation, v.Bid.RecipientOrganisations, v.Bid.AmountRequested,
        v.Bid.Summary, v.Conflicted, v.ConflictReason, v.Bid.Withdrawn, v.Bid.Version, application);
}
