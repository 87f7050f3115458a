using Npgsql;
using Prioritise.Grains.Storage;

namespace Prioritise.Cluster.Tests;

/// <summary>
/// Our own PostgreSQL schema (src/Prioritise.Grains/Storage/postgres-*.sql): its initialisation,
/// and the queries Orleans' providers will run, called as they call them.
/// </summary>
public sealed class SchemaTests
{
    [PostgresFact]
    public async Task Initialisation_is_safe_to_run_twice_at_once_and_again_and_keeps_the_data()
    {
        await using var db = await TestDatabase.Create();

        // Three silos starting together, then a fourth later.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostgresStore.EnsureSchemaAsync(db.ConnectionString)));
        Assert.Null(await PostgresStore.Check(db.ConnectionString, CancellationToken.None));
        var texts = await QueryTexts(db);
        Assert.Equal(PostgresStore.QueryKeys.Order(StringComparer.Ordinal), texts.Keys.Order(StringComparer.Ordinal));

        // State written between starts survives the next initialisation untouched.
        Assert.Equal(1, await Write(db, "round/kept", version: null, payload: [1, 2, 3]));
        await db.Scalar<long>("UPDATE OrleansQuery SET QueryText = 'stale' WHERE QueryKey = 'ReadFromStorageKey' RETURNING 1");
        await PostgresStore.EnsureSchemaAsync(db.ConnectionString);
        await PostgresStore.EnsureSchemaAsync(db.ConnectionString);

        var again = await QueryTexts(db);
        Assert.Equal(texts, again); // the stale text was upgraded back; nothing added twice
        Assert.Equal(1L, await db.Scalar<long>("SELECT count(*) FROM OrleansStorage"));
        var kept = await Read(db, "round/kept");
        Assert.Equal(1, kept.Version);
        Assert.Equal([1, 2, 3], kept.Payload);
        Assert.Equal(1L, await db.Scalar<long>("SELECT count(*) FROM pg_indexes WHERE indexname = 'ux_orleansstorage_grain'"));
        // The sessions' key ring is part of the schema, so silos starting together never race to create it.
        Assert.Equal(1L, await db.Scalar<long>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'prioritise_data_protection_keys'"));
    }

    [PostgresFact]
    public async Task Grain_state_writes_name_the_version_they_read_and_a_stale_one_changes_nothing()
    {
        await using var db = await TestDatabase.Create();
        await PostgresStore.EnsureSchemaAsync(db.ConnectionString);

        Assert.Equal(1, await Write(db, "bid/r/b", version: null, payload: [1]));
        Assert.Null(await Write(db, "bid/r/b", version: null, payload: [9]));   // a second first write: the row exists
        Assert.Equal(2, await Write(db, "bid/r/b", version: 1, payload: [2]));
        Assert.Null(await Write(db, "bid/r/b", version: 1, payload: [9]));      // a stale copy of the grain
        var read = await Read(db, "bid/r/b");
        Assert.Equal(2, read.Version);
        Assert.Equal([2], read.Payload);
        Assert.Equal(1, await Write(db, "bid/r/other", version: null, payload: [5])); // another grain, its own row

        // Two copies of a grain writing the same version at once: exactly one wins.
        var race = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Write(db, "bid/r/b", version: 2, payload: [(byte)(10 + i)])));
        Assert.Single(race, v => v == 3);
        Assert.Equal(7, race.Count(v => v is null));
        Assert.Equal(3, (await Read(db, "bid/r/b")).Version);
    }

    [PostgresFact]
    public async Task Journal_entries_come_back_in_order_and_a_taken_number_is_refused_even_in_a_race()
    {
        await using var db = await TestDatabase.Create();
        await PostgresStore.EnsureSchemaAsync(db.ConnectionString);
        var journal = new PostgresJournal(db.ConnectionString, "prioritise");
        var other = new PostgresJournal(db.ConnectionString, "another-service");

        await journal.Append("bid-sheets/b", 1, [1]);
        await journal.Append("bid-sheets/b", 2, [2]);
        await other.Append("bid-sheets/b", 1, [9]); // the same stream name in another service is its own
        await Assert.ThrowsAsync<Orleans.Storage.InconsistentStateException>(() => journal.Append("bid-sheets/b", 2, [7]));

        // Two copies of a grain writing entry 3 at once: exactly one wins.
        var race = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try { await journal.Append("bid-sheets/b", 3, [(byte)(30 + i)]); return true; }
            catch (Orleans.Storage.InconsistentStateException) { return false; }
        }));
        Assert.Single(race, won => won);

        var read = await journal.Read("bid-sheets/b");
        Assert.Equal(3, read.Count);
        Assert.Equal([1], read[0]);
        Assert.Equal([2], read[1]);
        Assert.Equal([[9]], await other.Read("bid-sheets/b"));
        Assert.Empty(await journal.Read("bid-sheets/none"));

        // Without the journal no sheet can be saved, so the store is not healthy.
        Assert.Null(await PostgresStore.Check(db.ConnectionString, CancellationToken.None));
        await db.Scalar<long>("DROP TABLE prioritise_journal; SELECT 1");
        Assert.Equal("The store lacks the journal table.", await PostgresStore.Check(db.ConnectionString, CancellationToken.None));
    }

    [PostgresFact]
    public async Task Membership_changes_need_the_current_table_version()
    {
        await using var db = await TestDatabase.Create();
        await PostgresStore.EnsureSchemaAsync(db.ConnectionString);
        var texts = await QueryTexts(db);

        Assert.Equal(1L, await Run(db, texts["InsertMembershipVersionKey"], Cluster()));
        Assert.Equal(0L, await Run(db, texts["InsertMembershipVersionKey"], Cluster())); // already there

        var now = DateTime.UtcNow;
        Assert.Equal(1L, await Run(db, texts["InsertMembershipKey"], Silo(11111, version: 0, now)));
        Assert.Equal(0L, await Run(db, texts["InsertMembershipKey"], Silo(11112, version: 0, now))); // stale version
        Assert.Equal(1L, await Run(db, texts["InsertMembershipKey"], Silo(11112, version: 1, now)));
        Assert.Equal(0L, await Run(db, texts["InsertMembershipKey"], Silo(11112, version: 2, now))); // already a member

        var update = Silo(11111, version: 2, now).Where(p => p.Name is not ("SiloName" or "HostName" or "ProxyPort" or "StartTime")).ToList();
        update.Add(("SuspectTimes", DBNull.Value));
        Assert.Equal(1L, await Run(db, texts["UpdateMembershipKey"], update.Select(p => p.Name == "Status" ? (p.Name, (object)6) : p).ToArray()));
        Assert.Equal(0L, await Run(db, texts["UpdateMembershipKey"], update.ToArray())); // version 2 is gone
        Assert.Equal(3L, await db.Scalar<long>("SELECT Version FROM OrleansMembershipVersionTable"));

        // Only silos that are not active and are stale are cleaned up.
        await Run(db, texts["CleanupDefunctSiloEntriesKey"], [.. Cluster(), ("IAmAliveTime", now.AddMinutes(1))]);
        Assert.Equal(11112L, await db.Scalar<long>("SELECT Port FROM OrleansMembershipTable"));
        await Run(db, texts["DeleteMembershipTableEntriesKey"], Cluster());
        Assert.Equal(0L, await db.Scalar<long>("SELECT count(*) FROM OrleansMembershipVersionTable"));
        Assert.Equal(0L, await db.Scalar<long>("SELECT count(*) FROM OrleansMembershipTable"));

        static (string, object)[] Cluster() => [("DeploymentId", "c1")];

        static (string Name, object Value)[] Silo(int port, int version, DateTime now) =>
        [
            ("DeploymentId", "c1"), ("Address", "127.0.0.1"), ("Port", port), ("Generation", 7), ("SiloName", $"silo-{port}"),
            ("HostName", "localhost"), ("Status", 3), ("ProxyPort", port + 1000), ("StartTime", now), ("IAmAliveTime", now),
            ("Version", version),
        ];
    }

    [PostgresFact]
    public async Task The_seed_lock_admits_one_silo_at_a_time_and_is_gone_once_released()
    {
        await using var db = await TestDatabase.Create();
        var seedLock = new PostgresSeedLock(db.ConnectionString);

        var first = await seedLock.Acquire(CancellationToken.None);
        var second = seedLock.Acquire(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(second.IsCompleted, "a second silo got the seed lock while the first held it");

        await first.DisposeAsync();
        var next = await second.WaitAsync(TimeSpan.FromSeconds(10));
        await next.DisposeAsync();
        // Released on the server, not parked in a connection pool with its session.
        Assert.Equal(0L, await db.Scalar<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"));
    }

    // The parameters Orleans' AdoNetGrainStorage binds: hashes as int, key parts as bigint, a null
    // string key for integer-keyed grains, the version read (or null) and the payload.
    private static (string, object)[] Key(string grainKey) =>
    [
        ("GrainIdHash", grainKey.Length * 7919), ("GrainIdN0", 0L), ("GrainIdN1", 0L), ("GrainTypeHash", 42),
        ("GrainTypeString", "test-grain"), ("GrainIdExtensionString", grainKey), ("ServiceId", ClusterIdentity.ServiceId),
    ];

    private static async Task<int?> Write(TestDatabase db, string grainKey, int? version, byte[] payload)
    {
        var texts = await QueryTexts(db);
        var result = await Run(db, texts["WriteToStorageKey"],
            [.. Key(grainKey), ("GrainStateVersion", version is { } v ? v : DBNull.Value), ("PayloadBinary", payload)]);
        return result is null ? null : Convert.ToInt32(result);
    }

    private static async Task<(int Version, byte[] Payload)> Read(TestDatabase db, string grainKey)
    {
        var texts = await QueryTexts(db);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(texts["ReadFromStorageKey"], connection);
        foreach (var (name, value) in Key(grainKey)) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row for {grainKey}");
        var row = (reader.GetInt32(reader.GetOrdinal("Version")), (byte[])reader["PayloadBinary"]);
        Assert.False(await reader.ReadAsync(), $"two rows for {grainKey}");
        return row;
    }

    /// <summary>Runs a stored query with named parameters, as the providers do; the first column of the first row, or null.</summary>
    private static async Task<object?> Run(TestDatabase db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetValue(0) : null;
    }

    private static async Task<Dictionary<string, string>> QueryTexts(TestDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new Dictionary<string, string>();
        while (await reader.ReadAsync()) texts.Add(reader.GetString(0), reader.GetString(1));
        return texts;
    }
}
