using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo.Auth;

/// <summary>
/// Slows down guessing keys: each client address may present a limited number of unrecognised
/// keys per window (API or sign-in page alike); past that, it gets 429 until the window ends,
/// even with a good key. Built on ASP.NET Core's rate limiting primitives
/// (System.Threading.RateLimiting), partitioned by client address.
/// </summary>
public sealed class FailedKeyThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _failures;

    public FailedKeyThrottle(IOptions<PrioritiseOptions> options)
    {
        var limit = Math.Max(1, options.Value.FailedKeyLimit);
        var window = TimeSpan.FromSeconds(Math.Max(1, options.Value.FailedKeyWindowSeconds));
        Window = window;
        _failures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(ip => RateLimitPartition.GetFixedWindowLimiter(ip,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0, AutoReplenishment = true }));
    }

    public TimeSpan Window { get; }

    public bool IsBlocked(IPAddress? client) =>
        _failures.GetStatistics(client ?? IPAddress.None)?.CurrentAvailablePermits <= 0;

    public void RecordFailure(IPAddress? client)
    {
        using var _ = _failures.AttemptAcquire(client ?? IPAddress.None);
    }

    public void Dispose() => _failures.Dispose();
}
