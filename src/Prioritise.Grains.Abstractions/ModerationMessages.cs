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
    [property: Id(5)] IReadOnlyList<CapRevision> CapRevisions);

[GenerateSerializer, Immutable]
public sealed record ActionTaken([property: Id(0)] string ActionId, [property: Id(1)] ModerationView Moderation);
