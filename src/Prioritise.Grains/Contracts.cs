using Orleans.Concurrency;
using Prioritise.Domain;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains;

public interface IMemberGrain : IGrainWithStringKey
{
    /// <summary>Registers the person; the key itself never reaches the grain, only its hash.</summary>
    Task<MemberProfile> Register(MemberProfile profile, byte[] keyHash);
    Task<MemberProfile?> GetProfile();
    Task<bool> VerifyKey(byte[] keyHash);
    Task ReplaceKey(byte[] keyHash);
    Task NoteAppointment(string roundId);
    Task<IReadOnlyList<string>> GetRounds();
}

public interface IRoundRegistryGrain : IGrainWithStringKey
{
    Task Add(string roundId);
    Task<IReadOnlyList<string>> List();

    /// <summary>Marks a seed load as started or finished, so an interrupted one is resumed at start.</summary>
    Task MarkSeeding(string roundId, bool inProgress);
    Task<IReadOnlyList<string>> SeedsInProgress();

    /// <summary>
    /// The start-up seed load's intent (MultiGrainStep): true when it is to run, on an empty store
    /// or to resume one that was interrupted (recorded as in progress); false once complete, or on
    /// a store that already held rounds.
    /// </summary>
    Task<bool> BeginSeedLoad();
    /// <summary>The "seed complete" marker: written once every seed round is wholly loaded.</summary>
    Task EndSeedLoad();
}

[GenerateSerializer, Immutable]
public sealed record RoundView(
    [property: Id(0)] RoundDefinition Definition,
    [property: Id(1)] RoundStatus Status,
    [property: Id(2)] int Bids,
    [property: Id(3)] int CommitteeMembers,
    [property: Id(4)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable]
public sealed record BidView(
    [property: Id(0)] Bid Bid,
    [property: Id(1)] bool? Conflicted,
    [property: Id(2)] string? ConflictReason);

[GenerateSerializer, Immutable]
public sealed record CommitteeMemberView(
    [property: Id(0)] CommitteeSeat Seat,
    [property: Id(1)] IReadOnlyList<DeclaredConflictView> Conflicts,
    [property: Id(2)] int SheetsSubmitted,
    [property: Id(3)] int SheetsExpected);

[GenerateSerializer, Immutable]
public sealed record DeclaredConflictView([property: Id(0)] string BidId, [property: Id(1)] string Reason);

/// <summary>What a bid's sheets need from the round to accept a sheet.</summary>
[GenerateSerializer, Immutable]
public sealed record SheetPermit([property: Id(0)] RoundDefinition Definition);

[GenerateSerializer, Immutable]
public sealed record SubmittedSet([property: Id(0)] long Revision, [property: Id(1)] IReadOnlyList<SubmittedScores> Sheets);

[GenerateSerializer, Immutable]
public sealed record SheetComment([property: Id(0)] string MemberId, [property: Id(1)] string Comment, [property: Id(2)] DateTimeOffset At);

[GenerateSerializer, Immutable]
public sealed record SheetView(
    [property: Id(0)] ScoreSheet Current,
    [property: Id(1)] ScoreSheet? Submitted);

public interface IRoundGrain : IGrainWithStringKey
{
    Task<RoundView> Create(Caller caller, RoundDefinition definition);
    /// <summary>The round if it exists (durable state only; safe to ask from grains the round itself calls).</summary>
    [AlwaysInterleave]
    Task<RoundView?> Find();
    Task<RoundView> Get(Caller caller);
    Task Appoint(Caller caller, string memberId, IReadOnlyList<CommitteeRole> roles);
    Task<IReadOnlyList<CommitteeMemberView>> GetCommittee(Caller caller);
    Task<Bid> AddBid(Caller caller, Bid bid);
    Task<IReadOnlyList<BidView>> GetBids(Caller caller);
    Task RecordConflict(Caller caller, RecordConflict conflict);
    Task<RoundView> OpenScoring(Caller caller);
    /// <summary>Closes scoring: a multi-grain step (MultiGrainStep); a retry of a close a crash left half done finishes it.</summary>
    Task<RoundView> CloseScoring(Caller caller);

    /// <summary>
    /// Finishes any multi-grain step a crash left half done (a close whose moderation never
    /// started; a status that disagrees with the moderation's decision). Idempotent. Asked by the
    /// moderation when it finds itself not started after scoring has closed.
    /// </summary>
    Task ResumePendingSteps();
    Task<RoundResults> GetResults(Caller caller);

    /// <summary>The bids the caller has submitted a sheet for (their own progress; never anyone's scores).</summary>
    Task<IReadOnlyList<string>> GetMySubmittedBids(Caller caller);

    /// <summary>Each bid's scorer totals, without names, for the spread chart: only once scoring has closed.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<double>>> GetScorerTotals(Caller caller);

    /// <summary>
    /// Decision analytics on the results (who may: as for results). Interleaved: it reads durable
    /// state only and computes off the grain's turn, so the round keeps answering meanwhile.
    /// </summary>
    [AlwaysInterleave]
    Task<RoundAnalysis> GetAnalysis(Caller caller, AnalysisOptions options);
    Task<IReadOnlyList<AuditEvent>> GetAudit(Caller caller);

    /// <summary>Members' comments on the bids, with their names: the chair, finance and admin, once scoring has closed.</summary>
    Task<IReadOnlyList<BidComment>> GetComments(Caller caller);

    /// <summary>The caller's seat on the committee (null for admins and outsiders); reads only durable state.</summary>
    [AlwaysInterleave]
    Task<CommitteeSeat?> SeatOf(string memberId);

    /// <summary>Who the caller is to this round's figures (null when there is no such round); reads only durable state.</summary>
    [AlwaysInterleave]
    Task<Reader?> ReaderOf(Caller caller);

    /// <summary>Moderation reports finance's confirmation (or a cap revision reopening moderation).</summary>
    Task SetDecided(bool confirmed);

    /// <summary>Asked by a bid's sheets before accepting one; reads only durable round state.</summary>
    [AlwaysInterleave]
    Task<SheetPermit> PermitSheet(string memberId, string bidId);

    /// <summary>A bid's submitted sheets changed; keeps the round's results without a call per score.</summary>
    [AlwaysInterleave]
    Task SubmittedSheetsChanged(string bidId, SubmittedSet sheets);
}

/// <summary>The score sheets of one bid (its drafts, its submitted sheets and their history).</summary>
public interface IBidGrain : IGrainWithStringKey
{
    Task<SheetView> SaveSheet(Caller caller, string memberId, SaveSheet command);
    Task<SheetView> GetSheet(Caller caller, string memberId);
    Task<SubmittedSet> GetSubmitted();
    Task<IReadOnlyList<AuditEvent>> GetAudit();

    /// <summary>The comments of the submitted sheets (the round decides who may read them).</summary>
    Task<IReadOnlyList<SheetComment>> GetComments();

    /// <summary>Returns once every earlier call on this bid has finished: the close-scoring barrier.</summary>
    Task Seal();
}
