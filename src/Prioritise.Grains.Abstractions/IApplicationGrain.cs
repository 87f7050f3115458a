using Orleans.Concurrency;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Validation;

namespace Prioritise.Grains;

/// <summary>
/// One application to a round's call (issue 15), key <c>application/{r}/{a}</c>: its answers,
/// status, screening history and attachments' details (their bytes are <see cref="IAttachmentGrain"/>s).
/// </summary>
public interface IApplicationGrain : IGrainWithStringKey
{
    /// <summary>Starts the application (its applicant, while the call is open) or changes it (while draft or returned); submits it when asked.</summary>
    Task<ApplicationView> Save(Caller caller, SaveApplication command, bool creating);
    Task<ApplicationView> Get(Caller caller);
    /// <summary>The secretary's accept, return or reject. Accepting makes the bid (a multi-grain step).</summary>
    Task<ApplicationView> Screen(Caller caller, ScreenApplication command);
    /// <summary>Keeps a file, its type judged by its content (415 otherwise).</summary>
    Task<AttachmentInfo> Attach(Caller caller, string? fileName, byte[] content);
    Task<AttachmentContent> GetAttachment(Caller caller, string attachmentId);

    /// <summary>Finishes a start or an accept a crash left half done (MultiGrainStep); idempotent. Asked by the seed loader.</summary>
    Task ResumePendingSteps();

    /// <summary>Asked by the round (listing, opening scoring): durable state only, so interleaved with the grain's own requests.</summary>
    [AlwaysInterleave]
    Task<ApplicationSummary?> Summary();
    /// <summary>The application's audit events, for the round's trail; interleaved like <see cref="Summary"/>.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<AuditEvent>> GetAudit();
}

/// <summary>An attachment's bytes, kept in grain storage of their own so they live in the round's store and travel with a backup.</summary>
public interface IAttachmentGrain : IGrainWithStringKey
{
    /// <summary>Writes the bytes once; the same bytes again change nothing.</summary>
    Task Put(AttachmentContent content);
    Task<AttachmentContent?> Get();
}
