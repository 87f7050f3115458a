using Prioritise.Grains;

namespace Prioritise.Silo.Endpoints;

public static class CeilingEndpoints
{
    /// <summary>
    /// POST /api/ceiling: authenticated like every API call, then one grain call that does nothing.
    /// The load harness's yardstick for the host's own overhead.
    /// </summary>
    public static void MapCeiling(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/ceiling", async ([AsParameters] ApiServices api) =>
        {
            await api.Grains.Get<ICeilingGrain>("ceiling").Nothing();
            return TypedResults.NoContent();
        }).WithTags("Operations")
            .WithSummary("Do nothing after authentication: one empty grain call, the load harness's yardstick.");
}
