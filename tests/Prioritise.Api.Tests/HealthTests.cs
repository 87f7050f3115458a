using System.Net;

namespace Prioritise.Api.Tests;

/// <summary>/alive (liveness) and /health (readiness: the store and Orleans), anonymous, through ASP.NET Core health checks.</summary>
[Collection(OwnSiloCollection.Name)]
public sealed class HealthTests
{
    [Fact]
    public async Task Alive_and_health_answer_without_a_key_and_health_names_its_checks()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);

        var alive = await api.Get("/alive", key: null);
        alive.Is(HttpStatusCode.OK);
        Assert.Equal("ok", (string?)alive.Json["status"]);

        var health = await api.Get("/health", key: null);
        health.Is(HttpStatusCode.OK);
        Assert.Equal("application/json", health.MediaType);
        Assert.Equal("ok", (string?)health.Json["status"]);
        Assert.Equal("sqlite", (string?)health.Json["store"]);
        Assert.Equal("healthy", (string?)health.Json["checks"]!["store"]!["status"]);
        Assert.Contains("sqlite", (string?)health.Json["checks"]!["store"]!["description"]);
        Assert.Equal("healthy", (string?)health.Json["checks"]!["orleans"]!["status"]);
    }

    [Fact]
    public async Task Health_is_503_when_the_store_does_not_answer_and_alive_stays_200()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        // The journal's table dropped behind the silo's back: the store no longer has its schema.
        var store = Directory.GetFiles(silo.DataPath, "*.db").Single();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE PrioritiseJournal";
            await drop.ExecuteNonQueryAsync();
        }
        var health = await api.Get("/health", key: null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("unhealthy", (string?)health.Json["checks"]!["store"]!["status"]);
        (await api.Get("/alive", key: null)).Is(HttpStatusCode.OK);
    }
}
