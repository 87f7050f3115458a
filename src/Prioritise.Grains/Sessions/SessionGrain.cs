namespace Prioritise.Grains.Sessions;

/// <summary>
/// One signed-in session of the pages, keyed by a random id the session cookie carries. The cookie
/// alone proves nothing once the session has ended: every page request asks this grain, which is
/// the one source of truth for every silo of a cluster (its state is in the shared store), so
/// signing out on one silo ends the session on all of them at once, and a copy of the cookie
/// replayed later is refused.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Records the session as open for <paramref name="principalId"/> (a member id, or "admin").</summary>
    Task Start(string principalId);
    /// <summary>Whether the session was started for <paramref name="principalId"/> and has not ended.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<bool> IsOpen(string principalId);
    /// <summary>Ends the session for good; written before it answers.</summary>
    Task End();
}

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

    async Task ISessionGrain.End()
    {
        if (store.State.EndedAt is not null) return;
        // Ended even if it was never started here: an unknown id stays refused either way.
        await store.Commit(store.State with { EndedAt = DateTimeOffset.UtcNow });
    }
}

public static class SessionKeys
{
    public static string Of(string sessionId) => $"session/{sessionId}";

    /// <summary>A new session id: 32 random bytes, URL-safe base64.</summary>
    public static string New() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ISessionGrain Session(this IGrainFactory grains, string sessionId) => grains.Get<ISessionGrain>(Of(sessionId));
}
