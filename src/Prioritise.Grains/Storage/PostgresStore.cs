using System.Data;
using Npgsql;

namespace Prioritise.Grains.Storage;

/// <summary>
/// The cluster store: one PostgreSQL database shared by every silo, holding both the cluster's
/// membership and the grains' state (postgres-*.sql).
/// </summary>
public static class PostgresStore
{
    /// <summary>Orleans' ADO.NET invariant for Npgsql.</summary>
    public const string Invariant = ClusterIdentity.PostgresInvariant;

    /// <summary>Applied in this order: the query table first, since the others fill it.</summary>
    public static readonly IReadOnlyList<string> SchemaFiles = ["postgres-main.sql", "postgres-clustering.sql", "postgres-persistence.sql"];

    /// <summary>Every query the clustering and storage providers read; /health checks they are all there.</summary>
    public static readonly IReadOnlyList<string> QueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
    ];

    // Advisory lock keys: (a constant for Prioritise, one per purpose). Any value works as long as
    // every silo uses the same one; these are "Prio" in ASCII and a small number.
    private const int LockSpace = 0x5072696F;
    internal const int SchemaLock = 1;
    internal const int SeedLock = 2;

    /// <summary>
    /// Creates or upgrades the schema. Safe to run twice, and safe when several silos start at once:
    /// the whole script runs in one transaction under a transaction-scoped advisory lock, so one
    /// silo applies it while the others wait, then find nothing left to do. Waits (bounded) for the
    /// database to accept connections, since in a compose file it may start alongside the silos.
    /// </summary>
    public static void EnsureSchema(string connectionString, TimeSpan? waitForDatabase = null) =>
        EnsureSchemaAsync(connectionString, waitForDatabase).GetAwaiter().GetResult();

    public static async Task EnsureSchemaAsync(string connectionString, TimeSpan? waitForDatabase = null, CancellationToken cancellationToken = default)
    {
        var script = string.Join(Environment.NewLine, SchemaFiles.Select(SqliteStore.ReadSchema));
        await using var connection = await OpenWithRetry(connectionString, waitForDatabase ?? TimeSpan.FromSeconds(60), cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@space, @key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("space", LockSpace);
            lockCommand.Parameters.AddWithValue("key", SchemaLock);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = new NpgsqlCommand(script, connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Holds a session-scoped advisory lock until disposed: one silo of the cluster at a time does
    /// what it guards. If the silo dies, its connection closes and PostgreSQL releases the lock.
    /// The connection is not pooled: a pooled one would go back to the pool on dispose with its
    /// session, and so the lock, still alive until something happened to reuse it.
    /// </summary>
    public static async Task<IAsyncDisposable> Lock(string connectionString, int key, CancellationToken cancellationToken)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        var connection = await OpenWithRetry(unpooled, TimeSpan.FromSeconds(60), cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@space, @key)", connection);
            command.Parameters.AddWithValue("space", LockSpace);
            command.Parameters.AddWithValue("key", key);
            // Waiting for another silo's seed load is the point, but not for ever: a load that
            // takes ten minutes has gone wrong, and this silo should say so rather than hang.
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection; // closing the (unpooled) session releases the lock
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Null when the store answers, holds every query the providers need and the journal; otherwise what is wrong.</summary>
    public static async Task<string?> Check(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery WHERE QueryKey = ANY(@keys)", connection);
        command.Parameters.AddWithValue("keys", QueryKeys.ToArray());
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetString(0));
        var missing = QueryKeys.Where(k => !found.Contains(k)).ToList();
        if (missing.Count > 0) return $"The store lacks the queries {string.Join(", ", missing)}.";
        await using var journal = new NpgsqlCommand("SELECT to_regclass('prioritise_journal') IS NOT NULL", connection);
        return (bool)(await journal.ExecuteScalarAsync(cancellationToken))! ? null : "The store lacks the journal table.";
    }

    private static async Task<NpgsqlConnection> OpenWithRetry(string connectionString, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        for (var attempt = 1; ; attempt++)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return connection;
            }
            catch (Exception e) when (e is NpgsqlException { IsTransient: true } or TimeoutException && DateTime.UtcNow < deadline)
            {
                await connection.DisposeAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 200 * attempt)), cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
    }
}
