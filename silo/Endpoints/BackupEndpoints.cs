using Microsoft.Extensions.Options;
using Prioritise.Grains.Storage;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo.Endpoints;

public static class BackupEndpoints
{
    /// <summary>POST /api/backups (admin): an online backup of the embedded store into data/backups/.</summary>
    public static void MapBackups(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/backups", ([AsParameters] ApiServices api, IOptions<PrioritiseOptions> options) =>
        {
            Prioritise.Domain.Rounds.RoundPolicy.RequireAdministrator(api.Caller.IsAdmin);
            if (options.Value.IsCluster)
                throw Prioritise.Domain.DomainException.Conflict("store",
                    "Online backup here is of the embedded SQLite store; a cluster's PostgreSQL database is backed up with pg_dump.");
            var data = options.Value.ResolvedDataPath;
            var file = Path.Combine(data, "backups", $"prioritise-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}.db");
            var backup = SqliteStore.Backup(data, file);
            return TypedResults.Created($"/api/backups/{backup.Name}", new { file = backup.FullName, bytes = backup.Length, at = DateTimeOffset.UtcNow });
        }).WithTags("Operations")
            .WithSummary("Take an online backup of the embedded store into data/backups/ (administrator).")
            .ProducesProblems(403, 409);
}
