using Orleans.Concurrency;
using Prioritise.Domain;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains;

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
