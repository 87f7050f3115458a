using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Scoring;

namespace Prioritise.Domain.Rounds;

/// <summary>
/// Who is reading a round's figures: the administrator, or a member with their seat (null when
/// they are not on the committee) and the bids they are conflicted on.
/// </summary>
/// <param name="IsOrganisationSecretary">The organisation-wide secretary (issue 14): the secretary's part
/// in every round, with or without a seat (<see cref="RoundPolicy"/>).</param>
public sealed record Reader(string Id, bool IsAdmin, CommitteeSeat? Seat, ImmutableHashSet<string> ConflictedBids, bool IsOrganisationSecretary = false)
{
    public static Reader Administrator(string id) => new(id, true, null, ImmutableHashSet<string>.Empty);

    public bool Has(CommitteeRole role) => Seat?.Has(role) == true;

    /// <summary>A member's view of a round: their seat and every bid they are conflicted on.</summary>
    public static Reader Member(string id, CommitteeSeat? seat, IEnumerable<Bid> bids, IEnumerable<DeclaredConflict> declared, bool organisationSecretary = false) =>
        new(id, false, seat, seat is null
            ? ImmutableHashSet<string>.Empty
            : bids.Where(b => ConflictRules.IsConflicted(seat, b, declared)).Select(b => b.Id).ToImmutableHashSet(StringComparer.Ordinal),
            organisationSecretary);
}

/// <summary>
/// What of a round's scoring a reader may see: the one home of the blind-scoring and
/// conflict-of-interest rules for everything that leaves the service (results, analysis, the
/// moderated list, decisions, reports, audit, pages, comments). Every way out asks here.
///
/// The rules (docs/security.md, "Blind scoring"):
///  - while scoring is open nobody but the administrator sees any score, total, mean, SD, comment
///    or per-member figure of a sheet other than their own (a chair or finance member who also
///    scores is a scorer here; one who scores nothing sees progress counts only);
///  - at every stage a member conflicted on a bid sees none of that bid's figures or comments
///    (they leave the room for that item), though they see that it is on the list;
///  - named calibration (each scorer's mean total and leniency) goes to the chair and the
///    administrator; a scorer sees their own profile and the panel's figures;
///  - members' comments go to the chair and finance, with the scorer's name, once scoring closes.
/// </summary>
public static class Disclosure
{
    /// <summary>Scores, means and spreads are out once scoring has closed, and not before.</summary>
    public static bool ScoringClosed(RoundStatus status) => status >= RoundStatus.Moderation;

    /// <summary>Results, analysis, the moderated list and reports: the administrator always; the committee once scoring closes.</summary>
    /// <remarks>The organisation-wide secretary with no seat reads them as the committee does (issue 14).</remarks>
    public static bool MaySeeFigures(Reader reader, RoundStatus status) =>
        MaySeeFigures(reader.IsAdmin, reader.Seat, status) || (reader.IsOrganisationSecretary && ScoringClosed(status));

    public static bool MaySeeFigures(bool isAdmin, CommitteeSeat? seat, RoundStatus status) =>
        isAdmin || (seat is not null && ScoringClosed(status));

    /// <summary>Whether this bid's own figures are kept from the reader (they are conflicted on it).</summary>
    /// <summary>
    /// Whether a reader may open the application a bid was made from, and its attachments (issue
    /// 15): the administrator and the secretary, who screened it; the chair and scorers unless they
    /// are conflicted on the bid (they leave the room for it, so they do not read it either); its
    /// applicant (<paramref name="applicantId"/>). Finance judge the money, not the application.
    /// </summary>
    public static bool MayReadApplication(Reader reader, string bidId, string applicantId)
    {
        if (reader.IsAdmin || reader.IsOrganisationSecretary || reader.Has(CommitteeRole.Secretary) || reader.Id == applicantId) return true;
        if (!reader.Has(CommitteeRole.Chair) && !reader.Has(CommitteeRole.Scorer)) return false;
        return !Withholds(reader, bidId);
    }

    public static bool Withholds(Reader reader, string bidId) => !reader.IsAdmin && reader.ConflictedBids.Contains(bidId);

    /// <summary>Each scorer's figures by name: the chair and the administrator only.</summary>
    public static bool MaySeeNamedCalibration(Reader reader) => reader.IsAdmin || reader.Has(CommitteeRole.Chair);

    /// <summary>Members' comments, with their names: the chair, finance and the administrator, once scoring closes.</summary>
    public static bool MaySeeComments(Reader reader, RoundStatus status) =>
        ScoringClosed(status) && (reader.IsAdmin || reader.Has(CommitteeRole.Chair) || reader.Has(CommitteeRole.Finance));

    private static readonly ConditionalWeakTable<BidResult, BidResult> WithheldResults = new();

    /// <summary>
    /// A bid's result with its figures taken out: id, title and amount stay (the bid is on the
    /// list); sheets, means, spread and band go. One instance per result, so what is written
    /// once for a result (the moderated list's JSON) is written once for its withheld form too.
    /// </summary>
    public static BidResult Withheld(BidResult result) =>
        WithheldResults.GetValue(result, r => r with
        {
            Sheets = 0,
            WeightedMean = null,
            StandardDeviation = null,
            Agreement = Agreement.Withheld,
            ValuePerThousand = null,
            CriterionMeans = ImmutableDictionary<string, double>.Empty,
            MinTotal = null,
            MaxTotal = null,
        });

    /// <summary>The results as this reader may see them (the same instance when nothing is withheld).</summary>
    public static RoundResults Results(RoundResults results, Reader reader)
    {
        if (!AnyWithheld(reader, results.Bids.Select(b => b.Result.BidId))) return results;
        return results with
        {
            Bids = results.Bids.Select(b => Withholds(reader, b.Result.BidId) ? b with { Result = Withheld(b.Result) } : b).ToList(),
        };
    }

    public static ModeratedList List(ModeratedList list, Reader reader) =>
        AnyWithheld(reader, list.Rows.Select(r => r.Result.BidId)) ? list with { Rows = Rows(list.Rows, reader) } : list;

    public static Decision Decision(Decision decision, Reader reader) =>
        AnyWithheld(reader, decision.Rows.Select(r => r.Result.BidId)) ? decision with { Rows = Rows(decision.Rows, reader) } : decision;

    private static IReadOnlyList<ModeratedRow> Rows(IReadOnlyList<ModeratedRow> rows, Reader reader) =>
        rows.Select(r => Withholds(reader, r.Result.BidId) ? r with { Result = Withheld(r.Result) } : r).ToList();

    private static bool AnyWithheld(Reader reader, IEnumerable<string> bidIds) =>
        !reader.IsAdmin && reader.ConflictedBids.Count > 0 && bidIds.Any(reader.ConflictedBids.Contains);

    /// <summary>
    /// The analysis as this reader may see it: per-bid figures of bids they are conflicted on are
    /// left out, and only the chair and the administrator see other scorers' profiles by name.
    /// Panel-wide figures (reliability, the portfolios' totals, thresholds) stay.
    /// </summary>
    public static RoundAnalysis Analysis(RoundAnalysis analysis, Reader reader)
    {
        if (reader.IsAdmin) return analysis;
        bool Shown(string bidId) => !Withholds(reader, bidId);
        var calibration = analysis.Calibration with
        {
            Scorers = MaySeeNamedCalibration(reader)
                ? analysis.Calibration.Scorers
                : analysis.Calibration.Scorers.Where(s => s.MemberId == reader.Id).ToList(),
            Normalised = analysis.Calibration.Normalised?.Where(n => Shown(n.BidId)).ToList(),
        };
        Portfolio? Hide(Portfolio? p) => p is not null && p.BidIds.Any(id => !Shown(id)) ? p with { Value = null } : p;
        return analysis with
        {
            Portfolio = analysis.Portfolio with
            {
                Committee = Hide(analysis.Portfolio.Committee)!,
                Best = Hide(analysis.Portfolio.Best),
                ValueForMoney = Hide(analysis.Portfolio.ValueForMoney)!,
            },
            Funding = analysis.Funding with { Bids = analysis.Funding.Bids.Where(b => Shown(b.BidId)).ToList() },
            Weights = analysis.Weights with { Perturbed = analysis.Weights.Perturbed.Where(b => Shown(b.BidId)).ToList() },
            Disagreement = analysis.Disagreement.Where(d => Shown(d.BidId)).ToList(),
            Calibration = calibration,
        };
    }

    private static bool IsSheetEvent(AuditEvent e) =>
        e.Action is AuditActions.SheetSubmitted or AuditActions.SheetReplaced or AuditActions.DraftSaved;

    /// <summary>
    /// The audit trail as this reader may see it. A sheet event says who saved a sheet and when;
    /// its scores and comment are shown to the administrator, to the member whose sheet it is,
    /// and, once scoring has closed, to readers not conflicted on the bid.
    /// </summary>
    public static IReadOnlyList<AuditEvent> Audit(IReadOnlyList<AuditEvent> events, RoundStatus status, Reader reader)
    {
        if (reader.IsAdmin) return events;
        var closed = ScoringClosed(status);
        return events.Select(e =>
        {
            if (!IsSheetEvent(e) || e.MemberId == reader.Id) return e;
            if (closed && (e.BidId is null || !Withholds(reader, e.BidId))) return e;
            return e with { What = Redacted(e.Action), Why = null };
        }).ToList();
    }

    private static string Redacted(string action) => action switch
    {
        AuditActions.SheetSubmitted => "Sheet submitted.",
        AuditActions.SheetReplaced => "Sheet replaced.",
        _ => "Draft saved.",
    };

    /// <summary>The comments this reader may see, leaving out those on bids they are conflicted on.</summary>
    public static IReadOnlyList<BidComment> Comments(IReadOnlyList<BidComment> comments, RoundStatus status, Reader reader) =>
        MaySeeComments(reader, status) ? comments.Where(c => !Withholds(reader, c.BidId)).ToList() : [];
}

/// <summary>A scorer's comment on a bid, with their name, as the chair and finance read it after close.</summary>
public sealed record BidComment(string BidId, string MemberId, string Name, string Comment, DateTimeOffset At);
