using Orleans.Concurrency;
using Prioritise.Domain;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

/// (The messages of IRoundGrain, IBidGrain and IMemberGrain; IModerationGrain's are beside it.)
namespace Prioritise.Grains;

[GenerateSerializer, Immutable]
public sealed record RoundView(
    [property: Id(0)] RoundDefinition Definition,
    [property: Id(1)] RoundStatus Status,
    [property: Id(2)] int Bids,
    [property: Id(3)] int CommitteeMembers,
    [property: Id(4)] DateTimeOffset CreatedAt,
    // Counts the round's changes: a correction may name the version it expects (issue 14).
    [property: Id(5)] long Version = 1);

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

/// <summary>A member's corrected record, sent to each round they sit on (issue 14): who corrected it, what changed and why.</summary>
[GenerateSerializer, Immutable]
public sealed record RegisterCorrection(
    [property: Id(0)] Prioritise.Domain.Members.MemberProfile Profile,
    [property: Id(1)] Caller By,
    [property: Id(2)] string What,
    [property: Id(3)] string Reason);

/// <summary>A presented member key checked: whether it is the member's, and their organisation-wide secretary grant (issue 14).</summary>
[GenerateSerializer, Immutable]
public sealed record KeyCheck([property: Id(0)] bool Valid, [property: Id(1)] bool Secretary);
