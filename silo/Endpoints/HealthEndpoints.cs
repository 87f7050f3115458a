using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Prioritise.Grains.Storage;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo.Endpoints;

public static class HealthEndpoints
{
    /// <summary>200 when the silo is up and its store answers a query; 503 otherwise.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (IOptions<PrioritiseOptions> options, CancellationToken ct) =>
        {
            try
            {
                await using var connection = new SqliteConnection(SqliteStore.ConnectionString(options.Value.ResolvedDataPath));
                await connection.OpenAsync(ct);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM OrleansQuery";
                var queries = Convert.ToInt32(await command.ExecuteScalarAsync(ct));
                return queries >= 3
                    ? Results.Ok(new { status = "ok", store = "sqlite" })
                    : Results.Problem("The store has no schema.", statusCode: 503);
            }
            catch (SqliteException e)
            {
                return Results.Problem($"The store does not answer: {e.Message}", statusCode: 503);
            }
        }).AllowAnonymous().WithTags("Operations");
}
