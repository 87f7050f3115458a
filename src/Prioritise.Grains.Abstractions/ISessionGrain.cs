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

    /// <summary>
    /// Holds a key just issued for the one page that shows it, after the POST that issued it
    /// redirected (issue 14). In memory only, never written to storage, never in a cookie or URL.
    /// </summary>
    Task HoldIssuedKey(string memberId, string key);
    /// <summary>The key held for <paramref name="memberId"/>, removed as it is taken: a reload gets null.</summary>
    Task<string?> TakeIssuedKey(string memberId);
}

public static class SessionKeys
{
    public static string Of(string sessionId) => $"session/{sessionId}";

    /// <summary>A new session id: 32 random bytes, URL-safe base64.</summary>
    public static string New() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ISessionGrain Session(this IGrainFactory grains, string sessionId) => grains.Get<ISessionGrain>(Of(sessionId));
}
