using System.Collections.Immutable;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Rounds;

namespace Prioritise.Grains.Rounds;

/// <summary>
/// A round's durable state: its definition, status, bids, committee, hand-recorded conflicts and
/// its own audit events. Score sheets live with each bid, so this stays small however many are sent.
/// </summary>
[GenerateSerializer]
public sealed record RoundState
{
    [Id(0)] public int SchemaVersion { get; init; } = 1;
    [Id(1)] public RoundDefinition? Definition { get; init; }
    [Id(2)] public RoundStatus Status { get; init; }
    [Id(3)] public ImmutableList<Bid> Bids { get; init; } = [];
    [Id(4)] public ImmutableList<CommitteeSeat> Committee { get; init; } = [];
    [Id(5)] public ImmutableList<DeclaredConflict> Conflicts { get; init; } = [];
    [Id(6)] public ImmutableList<AuditEvent> Events { get; init; } = [];
    [Id(7)] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>
    /// A multi-grain step the round has begun and not yet finished (<see cref="MultiGrainStep"/>):
    /// written with the step's own change, cleared once its follow-ups are done; null when none is.
    /// </summary>
    [Id(8)] public PendingStep? Pending { get; init; }
    /// <summary>Counts the round's committed changes (issue 14): a correction may name the version it was made against.</summary>
    [Id(9)] public long Version { get; init; }
    /// <summary>
    /// Each member's record version this round last took (issue 14): a corrected register reaches
    /// the round once however often its member grain tells it (<see cref="IRoundGrain.RefreshSeat"/>).
    /// </summary>
    [Id(10)] public ImmutableDictionary<string, long> RegisterVersions { get; init; } = ImmutableDictionary<string, long>.Empty;

    /// <summary>The bids still in the round: a withdrawn bid stays in <see cref="Bids"/> for the record, and leaves the results.</summary>
    public IEnumerable<Bid> LiveBids => Bids.Where(b => !b.Withdrawn);
    /// <summary>
    /// Messages this round's last change owes (issue 17: the invitations written with the opening of
    /// scoring), not yet handed to the outbox; emptied once the outbox has them (MultiGrainStep).
    /// </summary>
    [Id(20)] public ImmutableList<Prioritise.Domain.Mail.Letter> MailOwed { get; init; } = [];

    // ---- the call for bids and applications (issue 15) ----
    /// <summary>The secretary's form; null for <see cref="Prioritise.Domain.Applications.DefaultForm.Form"/>.</summary>
    [Id(11)] public Prioritise.Domain.Applications.ApplicationForm? Form { get; init; }
    /// <summary>The call for applications; null until first opened.</summary>
    [Id(12)] public Prioritise.Domain.Applications.CallForBids? Call { get; init; }
    /// <summary>The applications made to the call (their grains hold the rest), in the order they were started.</summary>
    [Id(13)] public ImmutableList<ApplicationEntry> Applications { get; init; } = [];

    public string? ConflictReason(CommitteeSeat seat, Bid bid) => ConflictRules.Reason(seat, bid, Conflicts);

    /// <summary>Whether a member's submitted sheet counts for a bid: a scorer now, and not conflicted on it.</summary>
    public bool SheetCounts(CommitteeSeat? seat, Bid bid) => ConflictRules.SheetCounts(seat, bid, Conflicts);

    public RoundState WithEvent(Caller caller, string action, string what, string? why = null, string? bidId = null, string? memberId = null) =>
        this with { Events = Events.Append("round", caller.Id, action, what, why, bidId, memberId) };
}

/// <summary>An application the round lists: whose it is, and whether the bid has been made from it.</summary>
[GenerateSerializer, Immutable]
public sealed record ApplicationEntry([property: Id(0)] string Id, [property: Id(1)] string ApplicantId, [property: Id(2)] bool BidMade = false);

/// <summary>
/// A round state's bids and seats by id, the one way the round finds them. Every sheet saved asks
/// for its bid and the member's seat; walking 2,000 bids in an immutable list for each was 3% of
/// the silo's CPU under the sheet load. Built once per state and never changed.
/// </summary>
public sealed class RoundLookup
{
    public RoundState State { get; }
    private readonly Dictionary<string, Bid> _bids;
    private readonly Dictionary<string, CommitteeSeat> _seats;

    private RoundLookup(RoundState state)
    {
        State = state;
        _bids = new Dictionary<string, Bid>(state.Bids.Count, StringComparer.Ordinal);
        foreach (var bid in state.Bids) _bids.TryAdd(bid.Id, bid);
        _seats = new Dictionary<string, CommitteeSeat>(state.Committee.Count, StringComparer.Ordinal);
        foreach (var seat in state.Committee) _seats.TryAdd(seat.MemberId, seat);
    }

    /// <summary>The lookup for <paramref name="state"/>: <paramref name="last"/> again if it was made for it.</summary>
    public static RoundLookup For(RoundState state, RoundLookup? last) =>
        last is not null && ReferenceEquals(last.State, state) ? last : new RoundLookup(state);

    public Bid? FindBid(string bidId) => _bids.GetValueOrDefault(bidId);
    public CommitteeSeat? FindSeat(string memberId) => _seats.GetValueOrDefault(memberId);

    // Touched only on the grain's turn, like the lookup itself.
    private readonly Dictionary<string, Reader> _readers = new(StringComparer.Ordinal);

    /// <summary>Who the caller is to this round's figures (<see cref="Disclosure"/>), worked out once per state.</summary>
    public Reader ReaderFor(Caller caller)
    {
        if (caller.IsAdmin) return Reader.Administrator(caller.Id);
        // The organisation-wide secretary's grant is read from their record on every request, so one
        // remembered with another grant is worked out again.
        if (_readers.TryGetValue(caller.Id, out var reader) && reader.IsOrganisationSecretary == caller.IsSecretary) return reader;
        reader = Reader.Member(caller.Id, FindSeat(caller.Id), State.Bids, State.Conflicts, caller.IsSecretary);
        _readers[caller.Id] = reader;
        return reader;
    }
}
