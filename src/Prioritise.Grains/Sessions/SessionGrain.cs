namespace Prioritise.Grains.Sessions;

[GenerateSerializer]
public sealed record SessionState
{
    [Id(0)] public string? PrincipalId { get; init; }
    [Id(1)] public DateTimeOffset StartedAt { get; init; }
    [Id(2)] public DateTimeOffset? EndedAt { get; init; }
}

public sealed class SessionGrain([PersistentState("session", StorageNames.Default)] IPersistentState<SessionState> store)
    : Grain, ISessionGrain
{
    async Task ISessionGrain.Start(string principalId)
    {
        // A session id is 256 random bits, never reused; a second start of the same one changes nothing.
        if (store.State.PrincipalId is not null) return;
        await store.Commit(store.State with { PrincipalId = principalId, StartedAt = DateTimeOffset.UtcNow });
    }

    Task<bool> ISessionGrain.IsOpen(string principalId) =>
        Task.FromResult(store.State.EndedAt is null && string.Equals(store.State.PrincipalId, principalId, StringComparison.Ordinal));

    // Keys just issued, waiting for their one display: memory only (a key is never stored in plain
    // text); lost with the activation, which costs only issuing the key again.
    private readonly Dictionary<string, string> _issuedKeys = new(StringComparer.Ordinal);

    Task ISessionGrain.HoldIssuedKey(string memberId, string key)
    {
        if (store.State.PrincipalId is null || store.State.EndedAt is not null) throw new InvalidOperationException("No open session.");
        _issuedKeys[memberId] = key;
        return Task.CompletedTask;
    }

    Task<string?> ISessionGrain.TakeIssuedKey(string memberId) =>
        Task.FromResult(_issuedKeys.Remove(memberId, out var key) && store.State.EndedAt is null ? key : null);

    async Task ISessionGrain.End()
    {
        _issuedKeys.Clear();
        if (store.State.EndedAt is not null) return;
        // Ended even if it was never started here: an unknown id stays refused either way.
        await store.Commit(store.State with { EndedAt = DateTimeOffset.UtcNow });
    }
}
