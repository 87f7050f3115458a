using Prioritise.Grains.Storage;

namespace Prioritise.Silo.Endpoints;

public static class HealthEndpoints
{
    /// <summary>200 when the silo is up and its store (SQLite or PostgreSQL, as configured) answers a query; 503 otherwise.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (IStoreHealth store, CancellationToken ct) =>
        {
            // A store that hangs must not hang the health check with it.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            string? problem;
            try { problem = await store.Check(timeout.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { problem = "The store did not answer within 5 s."; }
            return problem is null
                ? Results.Ok(new { status = "ok", store = store.Store })
                : Results.Problem(problem, statusCode: 503, title: "The store does not answer.");
        }).AllowAnonymous().WithTags("Operations")
            .WithSummary("Whether the silo is up and its store answers (anonymous).")
            .ProducesProblems(503);
}
