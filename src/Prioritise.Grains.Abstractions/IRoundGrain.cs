using Orleans.Concurrency;
using Prioritise.Domain;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Validation;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains;

public interface IRoundGrain : IGrainWithStringKey
{
    /// <summary>Commands are validated here, where they enter the grain (one validator per command), and nowhere else.</summary>
    Task<RoundView> Create(Caller caller, CreateRound command);
    /// <summary>The round if it exists (durable state only; safe to ask from grains the round itself calls).</summary>
    [AlwaysInterleave]
    Task<RoundView?> Find();
    Task<RoundView> Get(Caller caller);
    Task Appoint(Caller caller, string memberId, AppointMember command);
    Task<IReadOnlyList<CommitteeMemberView>> GetCommittee(Caller caller);
    /// <summary>The bid's id is the command's, or a new one when it has none.</summary>
    Task<Bid> AddBid(Caller caller, AddBid command);
    Task<IReadOnlyList<BidView>> GetBids(Caller caller);
    Task RecordConflict(Caller caller, RecordConflict command);
    Task<RoundView> OpenScoring(Caller caller);
    /// <summary>
    /// Hands the outbox a reminder (issue 17) for every scorer with sheets outstanding and an email,
    /// while scoring is open; <paramref name="occasion"/> names which of the configured reminders it
    /// is, so each goes once per member (by Message-ID). Returns how many letters were handed over.
    /// </summary>
    Task<int> QueueReminders(string occasion);

    // ---- corrections (issue 14; docs/api.md "Corrections"): each audited with its reason ----
    /// <summary>Changes what the status allows (Corrections in the domain); 409 for a stale expected version.</summary>
    Task<RoundView> Correct(Caller caller, CorrectRound command);
    Task<Bid> CorrectBid(Caller caller, string bidId, CorrectBid command);
    /// <summary>Marks the bid withdrawn (kept, out of results); only before scoring closes.</summary>
    Task<Bid> WithdrawBid(Caller caller, string bidId, string? reason);
    /// <summary>Removes a seat; a scorer's sheets stay in the audit and leave the results.</summary>
    Task RemoveSeat(Caller caller, string memberId, string? reason);
    /// <summary>
    /// A member's corrected record reaches their seat (the follow-up of a member correction,
    /// MultiGrainStep): idempotent, the round takes each record version once. Until scoring closes
    /// the seat takes the corrected register; afterwards the round keeps the register as it stood
    /// and notes the correction in its audit.
    /// </summary>
    Task RefreshSeat(string memberId, RegisterCorrection correction);
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

    // ---- the call for bids and applications (issue 15; docs/api.md "Calls for bids and applications") ----
    /// <summary>The secretary sets the form, only in setup; the round's criteria bound its criterion sections.</summary>
    Task<ApplicationForm> SetApplicationForm(Caller caller, SetApplicationForm command);
    /// <summary>The form in force: the secretary's, or <see cref="DefaultForm.Form"/>.</summary>
    Task<ApplicationForm> GetApplicationForm(Caller caller);
    Task<RoundView> OpenCall(Caller caller, OpenCall command);
    Task<RoundView> CloseCall(Caller caller);

    /// <summary>
    /// What an application grain needs of the round to decide a request: who the caller is, the
    /// status, the call, the form, the criteria, and whether the application is known here (and
    /// whose it is) or its id is taken by a bid. Asked by application grains that may be mid-request
    /// while the round asks them for their summaries: so interleaved, reading durable state only.
    /// </summary>
    [AlwaysInterleave]
    Task<ApplicationContext> ApplicationContext(Caller caller, string applicationId);

    /// <summary>
    /// An application grain's follow-up after it first writes itself: the round lists it (and whose
    /// it is) from now on. Idempotent; refused when the id is another applicant's.
    /// </summary>
    Task NoteApplication(string applicationId, string applicantId);

    /// <summary>
    /// The follow-up of accepting an application (MultiGrainStep): adds the bid made from it, with
    /// the application's id. Idempotent: a bid already made from this application is answered as it is.
    /// </summary>
    Task<Bid> AddApplicationBid(Caller caller, string applicationId, AddBid command);

    /// <summary>The applications the caller may see (all of them, or an applicant's own), with their status.</summary>
    Task<IReadOnlyList<ApplicationSummary>> ListApplications(Caller caller);

    /// <summary>Whether the bid was made from an application, and whose (null when it was typed in).</summary>
    Task<string?> ApplicantOfBid(Caller caller, string bidId);

    /// <summary>(issue 16) Each bid made from an application, with its applicant: for outcomes and returns. Durable state only.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyDictionary<string, string>> ApplicantsOfBids();

    /// <summary>(issue 16) The committee's seats, for the board paper's make-up by organisation. Durable state only.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<CommitteeSeat>> Seats();
}
