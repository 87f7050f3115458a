using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo;

/// <summary>
/// GET /api/rounds/{r}/analysis is the one expensive read (thousands of bootstrap draws): ASP.NET
/// Core's rate limiter lets each caller run Prioritise:AnalysisPerCaller computations at once
/// (default 1) with Prioritise:AnalysisPerCallerQueue more waiting (default 1), and the silo run
/// Prioritise:AnalysisConcurrency at once in all (default 2) with Prioritise:AnalysisQueue waiting
/// (default 4). A caller waits in its own queue before taking a place in the silo's, so one caller's
/// queued requests never hold the places other callers need. Past that: 429 problem details with
/// Retry-After. The pages' analysis tab calls the round grain directly and is not counted here.
/// </summary>
public static class AnalysisLimits
{
    public const string Policy = "analysis";
    public const int RetryAfterSeconds = 2;

    public static IServiceCollection AddAnalysisLimits(this IServiceCollection services, PrioritiseOptions options)
    {
        // One limiter for the silo, shared by every caller's partition.
        var shared = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, options.AnalysisConcurrency),
            QueueLimit = Math.Max(0, options.AnalysisQueue),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, context => RateLimitPartition.Get(CallerOf(context), _ => new CallerThenShared(
                new ConcurrencyLimiter(new ConcurrencyLimiterOptions
                {
                    PermitLimit = Math.Max(1, options.AnalysisPerCaller),
                    QueueLimit = Math.Max(0, options.AnalysisPerCallerQueue),
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }),
                shared)));
            o.OnRejected = (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
                return new ValueTask(Problems.Write(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    "Too many analyses at once.",
                    "The analysis is already being computed for you, or the server is computing as many as it can; wait and try again."));
            };
        });
        return services;
    }

    private static string CallerOf(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? "caller:" + id
            : "address:" + context.Connection.RemoteIpAddress;

    /// <summary>The caller's limiter first, then the silo's; a lease holds both.</summary>
    private sealed class CallerThenShared(RateLimiter caller, RateLimiter shared) : RateLimiter
    {
        public override TimeSpan? IdleDuration => caller.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => caller.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            var first = caller.AttemptAcquire(permitCount);
            if (!first.IsAcquired) return first;
            var second = shared.AttemptAcquire(permitCount);
            if (second.IsAcquired) return new Both(first, second);
            first.Dispose();
            return second;
        }

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            var first = await caller.AcquireAsync(permitCount, cancellationToken);
            if (!first.IsAcquired) return first;
            RateLimitLease second;
            try
            {
                second = await shared.AcquireAsync(permitCount, cancellationToken);
            }
            catch
            {
                first.Dispose();
                throw;
            }
            if (second.IsAcquired) return new Both(first, second);
            first.Dispose();
            return second;
        }

        // The shared limiter outlives every caller's partition.
        protected override void Dispose(bool disposing)
        {
            if (disposing) caller.Dispose();
        }
    }

    private sealed class Both(RateLimitLease first, RateLimitLease second) : RateLimitLease
    {
        public override bool IsAcquired => true;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (!disposing) return;
            second.Dispose();
            first.Dispose();
        }
    }
}
