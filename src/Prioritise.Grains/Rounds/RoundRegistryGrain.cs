using System.Collections.Immutable;

namespace Prioritise.Grains.Rounds;

[GenerateSerializer]
public sealed record RoundRegistryState
{
    [Id(0)] public int SchemaVersion { get; init; } = 1;
    [Id(1)] public ImmutableList<string> RoundIds { get; init; } = [];
    [Id(2)] public ImmutableList<string> SeedsInProgress { get; init; } = [];
    /// <summary>Where the start-up seed load stands: its intent and its "seed complete" marker (MultiGrainStep).</summary>
    [Id(3)] public SeedLoadStatus SeedLoad { get; init; }
}

public enum SeedLoadStatus { NotStarted, InProgress, Complete }

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

    async Task<bool> IRoundRegistryGrain.BeginSeedLoad()
    {
        switch (store.State.SeedLoad)
        {
            case SeedLoadStatus.Complete: return false;
            case SeedLoadStatus.InProgress: return true;
        }
        // Never begun: only on an empty store, or one a load from before this marker left half done.
        if (store.State.RoundIds.Count > 0 && store.State.SeedsInProgress.Count == 0) return false;
        await store.Commit(store.State with { SeedLoad = SeedLoadStatus.InProgress });
        return true;
    }

    async Task IRoundRegistryGrain.EndSeedLoad()
    {
        if (store.State.SeedLoad != SeedLoadStatus.Complete)
            await store.Commit(store.State with { SeedLoad = SeedLoadStatus.Complete });
    }
}
