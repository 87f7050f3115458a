using Orleans.Concurrency;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains;

/// <summary>
/// A round's moderation session: the chair's actions on the ranking frozen when scoring closed,
/// against the funding cap, and finance's numbered decisions.
/// </summary>
public interface IModerationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Called by the round once scoring has closed; a second call changes nothing. Interleaved: the
    /// round may call it while finishing a close that this grain itself asked it to finish
    /// (MultiGrainStep); concurrent calls share one write.
    /// </summary>
    [AlwaysInterleave]
    Task Start(Caller caller, RoundResults ranking);

    /// <summary>Whether finance's decision stands (null before moderation starts); durable state only, for the round.</summary>
    [AlwaysInterleave]
    Task<bool?> DecisionConfirmed();
    Task<ModerationView> Get(Caller caller);
    /// <summary>A retried request with the same idempotency key returns the first answer and applies nothing.</summary>
    Task<ActionTaken> Act(Caller caller, ModerationCommand command, string? idempotencyKey);
    Task<Decision> Confirm(Caller caller, ConfirmCommand command, string? idempotencyKey);
    /// <summary>(issue 14) The chair marks the list ready for finance; marking again while it stands changes nothing.</summary>
    Task<ModerationView> MarkReady(Caller caller, ReadyCommand command);
    /// <summary>(issue 14) The chair withdraws the mark; without a standing mark it changes nothing.</summary>
    Task<ModerationView> WithdrawReady(Caller caller);
    Task<Decision> GetDecision(Caller caller, int number);
    Task<IReadOnlyList<Decision>> GetDecisions(Caller caller);
    Task<CapRevision> ReviseCap(Caller caller, CapRevisionCommand command);

    /// <summary>(issue 16) Every decision as frozen, for the governance grain (which applies disclosure); durable state only.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<Decision>> Decisions();

    /// <summary>Read by the round while assembling its audit trail; reads only durable state.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<AuditEvent>> GetAudit();
}
