using Microsoft.Data.Sqlite;

namespace Prioritise.Grains.Storage;

/// <summary>Whether the configured store answers: what /health asks.</summary>
public interface IStoreHealth
{
    /// <summary>"sqlite" or "postgres".</summary>
    string Store { get; }

    /// <summary>Null when the store answers and has its schema; otherwise what is wrong.</summary>
    Task<string?> Check(CancellationToken cancellationToken);
}

/// <summary>Lets one silo at a time do something that must not run twice at once (the seed load).</summary>
public interface IStoreLock
{
    Task<IAsyncDisposable> Acquire(CancellationToken cancellationToken);
}

public sealed class SqliteStoreHealth(string dataPath) : IStoreHealth
{
    public string Store => "sqlite";

    public async Task<string?> Check(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(SqliteStore.ConnectionString(dataPath));
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // Grain states and the journal (bids' sheets, moderation changes): without either, writes fail.
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('OrleansStorage', 'PrioritiseJournal')";
            var tables = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
            return tables == 2 ? null : "The store's schema is incomplete.";
        }
        catch (SqliteException e)
        {
            return $"The store does not answer: {e.Message}";
        }
    }
}

public sealed class PostgresStoreHealth(string connectionString) : IStoreHealth
{
    public string Store => "postgres";

    public async Task<string?> Check(CancellationToken cancellationToken)
    {
        try
        {
            return await PostgresStore.Check(connectionString, cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return $"The store does not answer: {e.Message}";
        }
    }
}

/// <summary>The embedded store has one silo: a lock within the process is enough.</summary>
public sealed class ProcessStoreLock : IStoreLock
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IAsyncDisposable> Acquire(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The cluster's silos share the database: a PostgreSQL advisory lock spans them all.</summary>
public sealed class PostgresSeedLock(string connectionString) : IStoreLock
{
    public Task<IAsyncDisposable> Acquire(CancellationToken cancellationToken) =>
        PostgresStore.Lock(connectionString, PostgresStore.SeedLock, cancellationToken);
}
