using Prioritise.Domain.Members;

namespace Prioritise.Domain.Rounds;

/// <summary>A conflict the chair recorded by hand for one member and one bid.</summary>
public sealed record DeclaredConflict(string MemberId, string BidId, string Reason, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// The committee's terms of reference: nobody scores a bid whose money would go to their own
/// organisation; a pecuniary or indirect interest in a recipient counts the same; the chair may
/// record any other conflict by hand. Organisation names match ignoring case and outer spaces.
/// </summary>
public static class ConflictRules
{
    public static string? Reason(CommitteeSeat member, Bid bid, IEnumerable<DeclaredConflict> declared)
    {
        var recipients = Recipients(bid);
        if (recipients.Contains(Normalise(member.Organisation)))
            return $"Member's organisation ({member.Organisation.Trim()}) would receive the funding.";

        var interest = member.Interests.FirstOrDefault(i =>
            i.Type is InterestType.Pecuniary or InterestType.Indirect && recipients.Contains(Normalise(i.Organisation)));
        if (interest is not null)
            return $"Declared {(interest.Type == InterestType.Pecuniary ? "pecuniary" : "indirect")} interest in {interest.Organisation.Trim()}: {interest.Description}";

        var byHand = declared.FirstOrDefault(d => d.MemberId == member.MemberId && d.BidId == bid.Id);
        return byHand is null ? null : $"Recorded by the chair: {byHand.Reason}";
    }

    /// <summary>
    /// Whether a member's submitted sheet counts for a bid: they sit on the committee as a scorer,
    /// and are not conflicted on it (scoring-method.md). Everything that assembles results uses this.
    /// </summary>
    public static bool SheetCounts(CommitteeSeat? seat, Bid bid, IEnumerable<DeclaredConflict> declared) =>
        seat is not null && seat.Has(CommitteeRole.Scorer) && !IsConflicted(seat, bid, declared);

    public static bool IsConflicted(CommitteeSeat member, Bid bid, IEnumerable<DeclaredConflict> declared) =>
        Reason(member, bid, declared) is not null;

    private static HashSet<string> Recipients(Bid bid)
    {
        var orgs = bid.RecipientOrganisations.Count > 0 ? bid.RecipientOrganisations : [bid.SponsoringOrganisation];
        return orgs.Select(Normalise).ToHashSet(StringComparer.Ordinal);
    }

    private static string Normalise(string organisation) => organisation.Trim().ToUpperInvariant();
}
