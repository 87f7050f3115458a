using Orleans.Concurrency;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Moderation;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains;

[GenerateSerializer, Immutable]
public sealed record ModerationView(
    [property: Id(0)] ModeratedList List,
    [property: Id(1)] IReadOnlyList<ModerationAction> Actions,
    [property: Id(2)] long Version,
    [property: Id(3)] bool Confirmed,
    [property: Id(4)] IReadOnlyList<int> Decisions,
    [property: Id(5)] IReadOnlyList<CapRevision> CapRevisions,
    // (issue 14) The chair's mark as it stands (null: not marked, or changed since), and whether a
    // mark was given and then withdrawn (the chair is mid-change; finance cannot confirm).
    [property: Id(6)] ReadyMark? ReadyForFinance = null,
    [property: Id(7)] bool ReadyWithdrawn = false);

[GenerateSerializer, Immutable]
public sealed record ActionTaken([property: Id(0)] string ActionId, [property: Id(1)] ModerationView Moderation);
