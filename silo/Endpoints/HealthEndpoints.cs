using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prioritise.Grains;
using Prioritise.Grains.Storage;

namespace Prioritise.Silo.Endpoints;

/// <summary>
/// ASP.NET Core health checks, anonymous and in every environment. <c>/alive</c> (liveness) runs
/// no check at all: the process answers HTTP. <c>/health</c> (readiness) asks the store (a trivial
/// query) and Orleans (a call to a stateless grain that does nothing), each within 5 s; 200 when
/// both answer, 503 when either does not. The body names each check and its result.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddPrioritiseHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<OrleansHealthCheck>("orleans", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);
        return services;
    }

    /// <summary>
    /// Route handlers (not MapHealthChecks), so that both are in the OpenAPI document; each runs
    /// ASP.NET Core's <see cref="HealthCheckService"/> with its own predicate.
    /// </summary>
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/alive", (HttpContext context, HealthCheckService health) => Run(context, health, _ => false))
            .AllowAnonymous().WithTags("Operations")
            .WithSummary("Liveness: the process answers HTTP (anonymous; no storage call).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        app.MapGet("/health", (HttpContext context, HealthCheckService health) => Run(context, health, r => r.Tags.Contains(ReadyTag)))
            .AllowAnonymous().WithTags("Operations")
            .WithSummary("Readiness: the store and Orleans answer (anonymous); 503 naming the check that failed.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status503ServiceUnavailable, contentType: "application/json");
    }

    private static async Task Run(HttpContext context, HealthCheckService health, Func<HealthCheckRegistration, bool> predicate)
    {
        var report = await health.CheckHealthAsync(predicate, context.RequestAborted);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        // As MapHealthChecks does: a probe's answer is never cached.
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
        context.Response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
        await Write(context, report);
    }

    /// <summary>{"status":"ok","store":"sqlite","checks":{"store":{"status":"healthy","description":"sqlite answers"},...}}</summary>
    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        // "ok" when healthy, as /health has always answered; the store's kind as before, when checked.
        var body = new
        {
            status = report.Status == HealthStatus.Healthy ? "ok" : Name(report.Status),
            store = context.RequestServices.GetService<IStoreHealth>()?.Store,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = Name(e.Value.Status),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    /// <summary>The configured store (SQLite or PostgreSQL) answers a trivial query and has its schema.</summary>
    private sealed class StoreHealthCheck(IStoreHealth store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            var problem = await store.Check(cancellationToken);
            return problem is null
                ? HealthCheckResult.Healthy($"{store.Store} answers")
                : HealthCheckResult.Unhealthy($"{store.Store}: {problem}");
        }
    }

    /// <summary>Orleans places and runs a grain call (a stateless worker that does nothing).</summary>
    private sealed class OrleansHealthCheck(IGrainFactory grains) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                await grains.Get<ICeilingGrain>("health").Nothing().WaitAsync(cancellationToken);
                return HealthCheckResult.Healthy("a grain call answers");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"a grain call failed: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
