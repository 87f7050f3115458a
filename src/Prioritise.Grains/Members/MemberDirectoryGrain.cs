using System.Collections.Immutable;

namespace Prioritise.Grains.Members;

[GenerateSerializer]
public sealed record MemberDirectoryState
{
    [Id(0)] public int SchemaVersion { get; init; } = 1;
    [Id(1)] public ImmutableList<string> MemberIds { get; init; } = [];
}

/// <summary>The list of members, in the order they were registered.</summary>
public sealed class MemberDirectoryGrain([PersistentState("member-directory", StorageNames.Default)] IPersistentState<MemberDirectoryState> store)
    : Grain, IMemberDirectoryGrain
{
    async Task IMemberDirectoryGrain.Add(string memberId)
    {
        if (store.State.MemberIds.Contains(memberId)) return;
        await store.Commit(store.State with { MemberIds = store.State.MemberIds.Add(memberId) });
    }

    Task<IReadOnlyList<string>> IMemberDirectoryGrain.List() => Task.FromResult<IReadOnlyList<string>>(store.State.MemberIds);
}
