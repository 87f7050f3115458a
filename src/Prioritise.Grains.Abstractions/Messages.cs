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
    [property: Id(5)] long Version = 1,
    // The call for applications (issue 15): not opened, open, or closed, with its closing date.
    [property: Id(6)] Prioritise.Domain.Applications.CallForBids? Call = null,
    // Answered by open-scoring (issue 15): applications submitted and not yet screened, left out of scoring.
    [property: Id(7)] IReadOnlyList<string>? UnscreenedApplications = null);

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

// ---- the call for bids and applications (issue 15) ----

/// <summary>What the round tells an application grain (<see cref="IRoundGrain.ApplicationContext"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record ApplicationContext(
    [property: Id(0)] RoundDefinition Definition,
    [property: Id(1)] RoundStatus Status,
    [property: Id(2)] Prioritise.Domain.Applications.CallForBids Call,
    [property: Id(3)] Prioritise.Domain.Applications.ApplicationForm Form,
    [property: Id(4)] Reader Reader,
    // Whose the application is, as the round lists it; null when the round does not list it yet.
    [property: Id(5)] string? ListedApplicant,
    // A bid with the application's id exists that was not made from it.
    [property: Id(6)] bool BidIdTaken);

[GenerateSerializer, Immutable]
public sealed record ApplicationSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string ApplicantId,
    [property: Id(2)] string? Title,
    [property: Id(3)] Prioritise.Domain.Applications.ApplicationStatus Status,
    [property: Id(4)] decimal? AmountRequested,
    [property: Id(5)] DateTimeOffset? SubmittedAt,
    [property: Id(6)] long Version);

[GenerateSerializer, Immutable]
public sealed record AttachmentInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] long Size,
    [property: Id(3)] string Sha256,
    [property: Id(4)] string ContentType,
    [property: Id(5)] DateTimeOffset AddedAt,
    [property: Id(6)] string AddedBy);

[GenerateSerializer, Immutable]
public sealed record AttachmentContent([property: Id(0)] AttachmentInfo Info, [property: Id(1)] byte[] Bytes);

/// <summary>The whole application, as its readers see it.</summary>
[GenerateSerializer, Immutable]
public sealed record ApplicationView(
    [property: Id(0)] string Id,
    [property: Id(1)] string ApplicantId,
    [property: Id(2)] string? Title,
    [property: Id(3)] string? Workstream,
    [property: Id(4)] string? SponsoringOrganisation,
    [property: Id(5)] IReadOnlyList<string> RecipientOrganisations,
    [property: Id(6)] decimal? AmountRequested,
    [property: Id(7)] IReadOnlyDictionary<string, Prioritise.Domain.Applications.Answer> Answers,
    [property: Id(8)] Prioritise.Domain.Applications.ApplicationStatus Status,
    [property: Id(9)] IReadOnlyList<Prioritise.Domain.Applications.ScreeningStep> History,
    [property: Id(10)] IReadOnlyList<AttachmentInfo> Attachments,
    [property: Id(11)] long Version,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset? SubmittedAt,
    // The bid made from it, once accepted.
    [property: Id(14)] string? BidId);
