using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Prioritise.Grains.Storage;

/// <summary>
/// Grain storage for the embedded store with group commit. One fsync per write caps SQLite near a
/// few thousand writes a second, so writes from every grain are queued to a single writer that
/// applies all that are waiting in one transaction and commits once. A grain's write completes
/// only after the transaction holding it has committed (WAL, synchronous=FULL), so an answer
/// sent after the write is as durable as with a commit per write: nothing is acknowledged early.
/// Each row is keyed by grain type, state name and grain key, so two grain kinds can never share
/// a row (compare dotnet/orleans#9737), and keys are never read as numbers (#9706). Versions are
/// the optimistic-concurrency ETag: a write naming a stale version changes nothing and fails.
/// Journal appends (<see cref="IEventJournal"/>) go through the same writer and the same commits.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IEventJournal, IDisposable
{
    private const int MaxBatch = 1024;
    private readonly string _connectionString;
    private readonly string _serviceId;
    private readonly IGrainStorageSerializer _serializer;
    private readonly ILogger _logger;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    // Wakes the writer thread. No spinning before it sleeps: a blocking wait on the channel's
    // task spun first, and on two cores that spin was 7% of the silo's CPU under the sheet load.
    private readonly ManualResetEventSlim _pending = new(false, spinCount: 0);
    private readonly ConcurrentBag<SqliteConnection> _readers = new();
    private readonly Thread _writer;

    public SqliteGrainStorage(string dataPath, string serviceId, IGrainStorageSerializer serializer, ILogger<SqliteGrainStorage> logger)
    {
        _connectionString = SqliteStore.ConnectionString(dataPath);
        _serviceId = serviceId;
        _serializer = serializer;
        _logger = logger;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "prioritise-sqlite-writer" };
        _writer.Start();
    }

    /// <summary>A state write (Key: the grain; ExpectedVersion: null for the first) or a journal
    /// append (Journal: Type is the stream, ExpectedVersion the entry's number).</summary>
    private sealed record PendingWrite(bool Journal, string Type, string Key, byte[]? Payload, long? ExpectedVersion, TaskCompletionSource<long> Done);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (type, key) = Identify(stateName, grainId);
        // SQLite's API is synchronous: read off the grain's scheduler so no grain thread blocks.
        var (payload, version) = await Task.Run(() => Read(type, key));
        if (version is null || payload is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = version?.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = false;
            return;
        }
        grainState.State = _serializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = version.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (type, key) = Identify(stateName, grainId);
        var payload = _serializer.Serialize(grainState.State).ToArray();
        var version = await Enqueue(type, key, payload, grainState.ETag);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task<IReadOnlyList<byte[]>> Read(string stream) => await Task.Run(() =>
    {
        var entries = new List<byte[]>();
        WithReader(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT Sequence, Payload FROM PrioritiseJournal
                WHERE ServiceId = $service AND Stream = $stream ORDER BY Sequence
                """;
            command.Parameters.AddWithValue("$service", _serviceId);
            command.Parameters.AddWithValue("$stream", stream);
            using var reader = command.ExecuteReader();
            while (reader.Read()) IEventJournal.AddNext(entries, stream, reader.GetInt64(0), (byte[])reader[1]);
        });
        return (IReadOnlyList<byte[]>)entries;
    });

    public Task Append(string stream, long sequence, byte[] payload)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return Enqueue(new PendingWrite(true, stream, "", payload, sequence, NewCompletion()));
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (type, key) = Identify(stateName, grainId);
        var version = await Enqueue(type, key, null, grainState.ETag);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private static (string Type, string Key) Identify(string stateName, GrainId grainId) =>
        ($"{grainId.Type}/{stateName}", grainId.Key.ToString()!);

    private Task<long> Enqueue(string type, string key, byte[]? payload, string? etag)
    {
        var expected = string.IsNullOrEmpty(etag) ? (long?)null : long.Parse(etag, CultureInfo.InvariantCulture);
        return Enqueue(new PendingWrite(false, type, key, payload, expected, NewCompletion()));
    }

    private static TaskCompletionSource<long> NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task<long> Enqueue(PendingWrite write)
    {
        if (!_queue.Writer.TryWrite(write))
            write.Done.SetException(new ObjectDisposedException(nameof(SqliteGrainStorage)));
        else
            _pending.Set();
        return write.Done.Task;
    }

    private (byte[]? Payload, int? Version) Read(string type, string key)
    {
        (byte[]? Payload, int? Version) found = (null, null);
        WithReader(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT PayloadBinary, Version FROM OrleansStorage
                WHERE ServiceId = $service AND GrainTypeString = $type AND GrainIdExtensionString = $key
                """;
            command.Parameters.AddWithValue("$service", _serviceId);
            command.Parameters.AddWithValue("$type", type);
            command.Parameters.AddWithValue("$key", key);
            using var reader = command.ExecuteReader();
            if (reader.Read()) found = (reader.IsDBNull(0) ? null : (byte[])reader[0], reader.GetInt32(1));
        });
        return found;
    }

    /// <summary>Connections are not thread-safe: each read borrows one of its own.</summary>
    private void WithReader(Action<SqliteConnection> read)
    {
        if (!_readers.TryTake(out var connection))
        {
            connection = new SqliteConnection(_connectionString);
            connection.Open();
        }
        try { read(connection); }
        finally { _readers.Add(connection); }
    }

    private void WriteLoop()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // Durable at commit: the write-ahead log is fsynced before COMMIT returns.
            pragma.CommandText = "PRAGMA synchronous = FULL;";
            pragma.ExecuteNonQuery();
        }
        using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE OrleansStorage SET PayloadBinary = $payload, Version = Version + 1,
                   ModifiedOn = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE ServiceId = $service AND GrainTypeString = $type AND GrainIdExtensionString = $key AND Version = $expected
            RETURNING Version
            """;
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                        GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
            VALUES (0, 0, 0, 0, $type, $key, $service, $payload, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 1)
            ON CONFLICT (ServiceId, GrainTypeString, GrainIdExtensionString) DO NOTHING
            RETURNING Version
            """;
        using var append = connection.CreateCommand();
        append.CommandText = """
            INSERT INTO PrioritiseJournal (ServiceId, Stream, Sequence, Payload, WrittenOn)
            VALUES ($service, $type, $expected, $payload, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            ON CONFLICT (ServiceId, Stream, Sequence) DO NOTHING
            RETURNING Sequence
            """;
        foreach (var command in new[] { update, insert, append })
        {
            command.Parameters.Add("$service", SqliteType.Text).Value = _serviceId;
            command.Parameters.Add("$type", SqliteType.Text);
            command.Parameters.Add("$key", SqliteType.Text);
            command.Parameters.Add("$payload", SqliteType.Blob);
        }
        update.Parameters.Add("$expected", SqliteType.Integer);
        append.Parameters.Add("$expected", SqliteType.Integer);

        var batch = new List<PendingWrite>(MaxBatch);
        var outcomes = new List<(PendingWrite Write, long? Version)>(MaxBatch);
        while (true)
        {
            if (!_queue.Reader.TryPeek(out _))
            {
                // Reset, then look again: a write that lands after the look sets the event after
                // the reset, so the wait cannot miss it.
                _pending.Reset();
                if (!_queue.Reader.TryPeek(out _))
                {
                    if (_queue.Reader.Completion.IsCompleted) return;
                    _pending.Wait();
                    continue;
                }
            }
            batch.Clear();
            outcomes.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write)) batch.Add(write);
            try
            {
                using (var transaction = connection.BeginTransaction(deferred: false))
                {
                    update.Transaction = transaction;
                    insert.Transaction = transaction;
                    append.Transaction = transaction;
                    foreach (var write in batch) outcomes.Add((write, Apply(write, update, insert, append)));
                    transaction.Commit();
                }
                foreach (var (write, version) in outcomes)
                {
                    if (version is { } v) write.Done.TrySetResult(v);
                    else write.Done.TrySetException(new InconsistentStateException(write.Journal
                        ? $"Journal stream {write.Type} already has entry {write.ExpectedVersion}."
                        : $"Version conflict writing {write.Type} {write.Key}: expected version {write.ExpectedVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"}."));
                }
            }
            catch (Exception e)
            {
                // The transaction rolled back: none of the batch was applied, and every caller hears so.
                _logger.LogError(e, "Group commit of {Count} writes failed; none was applied.", batch.Count);
                foreach (var write in batch) write.Done.TrySetException(e);
            }
        }
    }

    /// <summary>The new version, or null when the caller's version was stale.</summary>
    private static long? Apply(PendingWrite write, SqliteCommand update, SqliteCommand insert, SqliteCommand append)
    {
        var command = write.Journal ? append : write.ExpectedVersion is null ? insert : update;
        command.Parameters["$type"].Value = write.Type;
        command.Parameters["$key"].Value = write.Key;
        command.Parameters["$payload"].Value = (object?)write.Payload ?? DBNull.Value;
        if (write.ExpectedVersion is { } expected) command.Parameters["$expected"].Value = expected;
        var result = command.ExecuteScalar();
        return result is null or DBNull ? null : Convert.ToInt64(result, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _pending.Set();
        _writer.Join(TimeSpan.FromSeconds(10));
        while (_readers.TryTake(out var connection)) connection.Dispose();
    }
}
