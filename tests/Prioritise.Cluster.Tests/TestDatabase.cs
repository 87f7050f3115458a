using Npgsql;

// Three silos per test are enough work for two cores: the classes here run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Prioritise.Cluster.Tests;

/// <summary>
/// A test that needs PostgreSQL. Without PRIORITISE_TEST_POSTGRES it is skipped, and says why:
/// a skipped cluster test must never pass for a green one.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "PRIORITISE_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set, so there is no PostgreSQL to run a cluster on. Set it to an Npgsql connection string " +
                   "of a user who may create databases (`bash .ci/run` starts one on loopback and sets it; so does " +
                   "`. .ci/postgres.sh && prioritise_start_postgres`).";
    }
}

/// <summary>A fresh database for one test, made from PRIORITISE_TEST_POSTGRES's server and dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    public string Name { get; }
    public string ConnectionString { get; }

    private TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task<TestDatabase> Create()
    {
        var server = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)
                     ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set.");
        var name = "prioritise_test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new TestDatabase(server, name);
    }

    public async Task<T> Scalar<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
