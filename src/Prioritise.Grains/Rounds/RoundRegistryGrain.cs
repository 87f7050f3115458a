using System.Collections.Immutable;

namespace Prioritise.Grains.Rounds;

[GenerateSerializer]
public sealed record RoundRegistryState
{
    [Id(0)] public int SchemaVersion { get; init; } = 1;
    [Id(1)] public ImmutableList<string> RoundIds { get; init; } = [];
    [Id(2)] public ImmutableList<string> SeedsInProgress { get; init; } = [];
}

/// <summary>The list of rounds, so the service can say which exist without scanning storage.</summary>
public sealed class RoundRegistryGrain([PersistentState("round-registry", StorageNames.Default)] IPersistentState<RoundRegistryState> store)
    : Grain, IRoundRegistryGrain
{
    async Task IRoundRegistryGrain.Add(string roundId)
    {
        if (store.State.RoundIds.Contains(roundId)) return;
        await store.Commit(store.State with { RoundIds = store.State.RoundIds.Add(roundId) });
    }

    Task<IReadOnlyList<string>> IRoundRegistryGrain.List() => Task.FromResult<IReadOnlyList<string>>(store.State.RoundIds);

    async Task IRoundRegistryGrain.MarkSeeding(string roundId, bool inProgress)
    {
        var seeds = store.State.SeedsInProgress;
        var next = inProgress ? (seeds.Contains(roundId) ? seeds : seeds.Add(roundId)) : seeds.Remove(roundId);
        if (next != seeds) await store.Commit(store.State with { SeedsInProgress = next });
    }

    Task<IReadOnlyList<string>> IRoundRegistryGrain.SeedsInProgress() => Task.FromResult<IReadOnlyList<string>>(store.State.SeedsInProgress);
}
