using Prioritise.Domain.Members;

namespace Prioritise.Domain.Rounds;

/// <summary>A conflict the chair recorded by hand for one member and one bid.</summary>
public sealed record DeclaredConflict(string MemberId, string BidId, string Reason, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// The committee's terms of reference: nobody scores a bid whose money would go to their own
/// organisation; a pecuniary or indirect interest in a recipient counts the same; the chair may
/// record any other conflict by hand. Organisation names match as <see cref="Organisations.Same"/> says:
/// ignoring case, width, runs of spaces of any kind, and invisible characters.
/// </summary>
public static class ConflictRules
{
    public static string? Reason(CommitteeSeat member, Bid bid, IEnumerable<DeclaredConflict> declared)
    {
        // Asked for every sheet saved and every sheet counted: plain loops, nothing allocated
        // unless there is a conflict to explain.
        if (Receives(bid, member.Organisation))
            return $"Member's organisation ({member.Organisation.Trim()}) would receive the funding.";

        for (var i = 0; i < member.Interests.Count; i++)
        {
            var interest = member.Interests[i];
            // An interest that has ended stays on the register for the record but no longer conflicts
            // (issue 14); the register records only ends that have happened (InterestValidator).
            if (interest.EndedOn is null && (interest.Type is InterestType.Pecuniary or InterestType.Indirect) && Receives(bid, interest.Organisation))
                return $"Declared {(interest.Type == InterestType.Pecuniary ? "pecuniary" : "indirect")} interest in {interest.Organisation.Trim()}: {interest.Description}";
        }

        foreach (var byHand in declared)
            if (byHand.MemberId == member.MemberId && byHand.BidId == bid.Id)
                return $"Recorded by the chair: {byHand.Reason}";
        return null;
    }

    /// <summary>
    /// Whether a member's submitted sheet counts for a bid: they sit on the committee as a scorer,
    /// and are not conflicted on it (scoring-method.md). Everything that assembles results uses this.
    /// </summary>
    public static bool SheetCounts(CommitteeSeat? seat, Bid bid, IEnumerable<DeclaredConflict> declared) =>
        seat is not null && seat.Has(CommitteeRole.Scorer) && !IsConflicted(seat, bid, declared);

    public static bool IsConflicted(CommitteeSeat member, Bid bid, IEnumerable<DeclaredConflict> declared) =>
        Reason(member, bid, declared) is not null;

    /// <summary>Whether the bid's money would go to the organisation: its named recipients, else its sponsor.</summary>
    private static bool Receives(Bid bid, string organisation)
    {
        if (bid.RecipientOrganisations.Count == 0) return SameOrganisation(bid.SponsoringOrganisation, organisation);
        for (var i = 0; i < bid.RecipientOrganisations.Count; i++)
            if (SameOrganisation(bid.RecipientOrganisations[i], organisation)) return true;
        return false;
    }

    // One rule for what makes two names one organisation (Organisations.Same): width, case, spacing
    // and invisible characters ignored. Each name's normal form is made once per string and kept,
    // so this stays allocation-free for the sheets saved after the first.
    private static bool SameOrganisation(string a, string b) => Organisations.Same(a, b);
}
