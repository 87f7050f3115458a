using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains.Rounds;

/// <summary>
/// A round's results as the sheets arrive: the bids' submitted sheets (pushed by the bid grains
/// on every change, asked for once after activation), each bid's result worked out when its sheets
/// arrive, whether each member's sheet counts, the last results and the members' comments. The
/// round grain holds one and touches it only on its own turn (no locks); it tells it when its state
/// has changed (<see cref="RoundChanged"/>), since any change to the round can change every result.
/// </summary>
public sealed class RoundResultsCache
{
    private readonly Dictionary<string, SubmittedSet> _submitted = new(StringComparer.Ordinal);
    private bool _submittedLoaded;

    /// <summary>Whether a member's sheet counts for a bid (a scorer, not conflicted), as last worked out.</summary>
    private readonly Dictionary<(string BidId, string MemberId), bool> _counts = new();

    /// <summary>Each bid's result with the revision of the sheets it was computed from.</summary>
    private readonly Dictionary<string, (long Revision, BidResult Result)> _bidResults = new(StringComparer.Ordinal);

    /// <summary>
    /// Bumped by anything that can change the results (a bid's submitted sheets, the round's
    /// state); the last results are handed out again, the same instance, while it stands still,
    /// so a settled round is not recomputed, and not re-serialised, for every reader.
    /// </summary>
    public long Version { get; private set; }

    private (long Version, RoundResults Results)? _lastResults;
    private (long Version, List<BidComment> All)? _comments;

    /// <summary>
    /// The round's state was committed: committee, conflicts, bids or criteria may have changed, so
    /// every bid's result is stale. (Sheets pushed while the write was in flight used the old
    /// state; the grain calls this after the write, so they are cleared too.)
    /// </summary>
    public void RoundChanged()
    {
        _bidResults.Clear();
        Version++;
        _counts.Clear();
    }

    /// <summary>Keeps the newer of the sets it has and this one; true if this one was newer.</summary>
    public bool Remember(string bidId, SubmittedSet sheets)
    {
        if (_submitted.TryGetValue(bidId, out var known) && known.Revision >= sheets.Revision) return false;
        _submitted[bidId] = sheets;
        Version++;
        return true;
    }

    /// <summary>
    /// A bid's sheets changed: its result is worked out now, as its sheets arrive, so a results
    /// read while sheets pour in only ranks. <paramref name="lookup"/> is the committed state's: a
    /// change to the round clears every result, so none outlives the state it used.
    /// </summary>
    public void SheetsChanged(RoundLookup lookup, string bidId, SubmittedSet sheets)
    {
        if (Remember(bidId, sheets) && lookup.State.Definition is not null && lookup.FindBid(bidId) is { } bid)
            ResultFor(lookup, bid);
    }

    /// <summary>After activation, asks each bid once for its submitted sheets; later changes are pushed.</summary>
    public async Task LoadSubmitted(IEnumerable<Bid> bids, Func<string, Task<SubmittedSet>> ask)
    {
        if (_submittedLoaded) return;
        var ids = bids.Select(b => b.Id).ToList();
        var sets = await Task.WhenAll(ids.Select(ask));
        for (var i = 0; i < ids.Count; i++) Remember(ids[i], sets[i]);
        _submittedLoaded = true;
    }

    public IReadOnlyList<SubmittedScores> SubmittedFor(string bidId) =>
        _submitted.TryGetValue(bidId, out var set) ? set.Sheets : [];

    /// <summary>
    /// The results, the same instance again while nothing has changed since the last. Each bid's
    /// result was worked out when its sheets arrived (<see cref="SheetsChanged"/>), so this ranks
    /// and draws the line over results already in hand: a read while sheets pour in no longer
    /// recomputes every bid that changed since the last one.
    /// </summary>
    public RoundResults Results(RoundLookup lookup)
    {
        if (_lastResults is { } last && last.Version == Version) return last.Results;
        var results = Compute(lookup);
        _lastResults = (Version, results);
        return results;
    }

    /// <summary>Results from the submitted sheets, reusing each bid's result while its sheets and the round are unchanged.</summary>
    public RoundResults Compute(RoundLookup lookup) =>
        FundingLine.Results(lookup.State.Definition!, lookup.State.LiveBids.Select(bid => ResultFor(lookup, bid)));

    private BidResult ResultFor(RoundLookup lookup, Bid bid)
    {
        var revision = _submitted.GetValueOrDefault(bid.Id)?.Revision ?? 0;
        if (_bidResults.TryGetValue(bid.Id, out var cached) && cached.Revision == revision) return cached.Result;
        var result = ScoringMethod.Compute(lookup.State.Definition!, bid, CountingSheets(lookup, bid));
        _bidResults[bid.Id] = (revision, result);
        return result;
    }

    /// <summary>The sheets that count for a bid (<see cref="RoundState.SheetCounts"/>), each member's answer remembered until the round changes.</summary>
    public List<SubmittedScores> CountingSheets(RoundLookup lookup, Bid bid) =>
        SubmittedFor(bid.Id).Where(s => Counts(lookup, bid, s.MemberId)).ToList();

    private bool Counts(RoundLookup lookup, Bid bid, string memberId)
    {
        if (_counts.TryGetValue((bid.Id, memberId), out var counts)) return counts;
        counts = lookup.State.SheetCounts(lookup.FindSeat(memberId), bid);
        _counts[(bid.Id, memberId)] = counts;
        return counts;
    }

    /// <summary>Each seat with the bids it is conflicted on and how many of the sheets it owes are in.</summary>
    /// <remarks>Withdrawn bids are owed no sheets (issue 14).</remarks>
    public IReadOnlyList<CommitteeMemberView> Committee(RoundState state) => state.Committee.Select(seat =>
    {
        var live = state.LiveBids.ToList();
        var conflicts = live
            .Select(b => (Bid: b, Reason: state.ConflictReason(seat, b)))
            .Where(x => x.Reason is not null)
            .Select(x => new DeclaredConflictView(x.Bid.Id, x.Reason!)).ToList();
        var expected = seat.Has(CommitteeRole.Scorer) ? live.Count - conflicts.Count : 0;
        var submitted = seat.Has(CommitteeRole.Scorer)
            ? live.Count(b => state.ConflictReason(seat, b) is null && SubmittedFor(b.Id).Any(s => s.MemberId == seat.MemberId))
            : 0;
        return new CommitteeMemberView(seat, conflicts, submitted, expected);
    }).ToList();

    /// <summary>Each bid's scorer totals, lowest first, from the sheets that count; none for bids withheld from <paramref name="reader"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> ScorerTotals(RoundLookup lookup, Reader reader)
    {
        var criteria = lookup.State.Definition!.Criteria;
        return lookup.State.LiveBids.Where(b => !Disclosure.Withholds(reader, b.Id)).ToDictionary(b => b.Id, b => (IReadOnlyList<double>)CountingSheets(lookup, b)
            .Select(s => ScoringMethod.ScorerTotal(criteria, s.Scores)).Order().ToList());
    }

    /// <summary>
    /// Every member's comment on every bid, from the sheets that count, gathered from the bids
    /// (<paramref name="ask"/>) once per results version: sheets are sealed once scoring closes,
    /// so this is gathered once per round state.
    /// </summary>
    public async Task<List<BidComment>> Comments(RoundLookup lookup, Func<string, Task<IReadOnlyList<SheetComment>>> ask)
    {
        if (_comments is { } known && known.Version == Version) return known.All;
        var version = Version;
        var bids = lookup.State.LiveBids.ToList();
        var sheets = await Task.WhenAll(bids.Select(b => ask(b.Id)));
        var all = new List<BidComment>();
        for (var i = 0; i < bids.Count; i++)
            foreach (var sheet in sheets[i])
                // Only sheets that count: a member conflicted on the bid, or off the committee, is not heard on it.
                if (Counts(lookup, bids[i], sheet.MemberId))
                    all.Add(new BidComment(bids[i].Id, sheet.MemberId, lookup.FindSeat(sheet.MemberId)?.Name ?? sheet.MemberId, sheet.Comment, sheet.At));
        _comments = (version, all);
        return all;
    }
}
