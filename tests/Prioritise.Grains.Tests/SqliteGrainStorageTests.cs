using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;
using Prioritise.Grains.Rounds;
using Prioritise.Grains.Storage;

namespace Prioritise.Grains.Tests;

/// <summary>The embedded store's group-commit storage, on a real SQLite file.</summary>
public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "prioritise-storage-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly ServiceProvider _services;
    private readonly IGrainStorageSerializer _serializer;

    public SqliteGrainStorageTests()
    {
        SqliteStore.EnsureSchema(_data);
        _services = new ServiceCollection().AddSerializer().AddPrioritiseSerialization().BuildServiceProvider();
        _serializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>());
    }

    private Store Open() => new(new SqliteWriter(_data, "prioritise", NullLogger<SqliteWriter>.Instance), _serializer);

    /// <summary>The store as the silo wires it: grain storage and journal over one writer.</summary>
    private sealed class Store(SqliteWriter writer, IGrainStorageSerializer serializer) : IDisposable
    {
        private readonly SqliteGrainStorage _states = new(writer, serializer);
        private readonly SqliteJournal _journal = new(writer);

        public Task ReadStateAsync<T>(string stateName, GrainId id, IGrainState<T> state) => _states.ReadStateAsync(stateName, id, state);
        public Task WriteStateAsync<T>(string stateName, GrainId id, IGrainState<T> state) => _states.WriteStateAsync(stateName, id, state);
        public Task<IReadOnlyList<byte[]>> Read(string stream) => _journal.Read(stream);
        public Task Append(string stream, long sequence, byte[] payload) => _journal.Append(stream, sequence, payload);
        public void Dispose() => writer.Dispose();
    }


    private static RoundRegistryState Registry(params string[] ids) => new() { RoundIds = [.. ids] };

    [Fact]
    public async Task A_write_is_read_back_after_reopening_and_versions_count_up()
    {
        var id = GrainId.Create("registry", "registry/rounds");
        using (var storage = Open())
        {
            var state = new GrainState<RoundRegistryState>(Registry("a"));
            await storage.WriteStateAsync("round-registry", id, state);
            Assert.Equal("1", state.ETag);
            state.State = Registry("a", "b");
            await storage.WriteStateAsync("round-registry", id, state);
            Assert.Equal("2", state.ETag);
        }
        using (var reopened = Open())
        {
            var read = new GrainState<RoundRegistryState>(new RoundRegistryState());
            await reopened.ReadStateAsync("round-registry", id, read);
            Assert.True(read.RecordExists);
            Assert.Equal("2", read.ETag);
            Assert.Equal(["a", "b"], read.State!.RoundIds);
        }
    }

    [Fact]
    public async Task A_write_naming_a_stale_version_is_refused_and_changes_nothing()
    {
        var id = GrainId.Create("registry", "registry/rounds");
        using var storage = Open();
        var first = new GrainState<RoundRegistryState>(Registry("a"));
        await storage.WriteStateAsync("round-registry", id, first);
        var second = new GrainState<RoundRegistryState>(Registry("b")) { ETag = first.ETag };
        await storage.WriteStateAsync("round-registry", id, second);

        var stale = new GrainState<RoundRegistryState>(Registry("stale")) { ETag = first.ETag };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("round-registry", id, stale));
        var fresh = new GrainState<RoundRegistryState>(Registry("x")) { ETag = null };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("round-registry", id, fresh));

        var read = new GrainState<RoundRegistryState>(new RoundRegistryState());
        await storage.ReadStateAsync("round-registry", id, read);
        Assert.Equal(["b"], read.State!.RoundIds);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task Same_key_under_another_state_name_or_grain_type_and_digit_only_keys_never_collide()
    {
        using var storage = Open();
        var writes = new (string Type, string Key, string State, string Value)[]
        {
            ("round", "7", "round", "round 7"), ("round", "007", "round", "round 007"),
            ("member", "7", "member", "member 7"), ("round", "7", "other-state", "other state of round 7"),
        };
        foreach (var (type, key, stateName, value) in writes)
            await storage.WriteStateAsync(stateName, GrainId.Create(type, key), new GrainState<RoundRegistryState>(Registry(value)));
        foreach (var (type, key, stateName, value) in writes)
        {
            var read = new GrainState<RoundRegistryState>(new RoundRegistryState());
            await storage.ReadStateAsync(stateName, GrainId.Create(type, key), read);
            Assert.Equal([value], read.State!.RoundIds);
        }
    }

    [Fact]
    public async Task Many_concurrent_writes_are_committed_together_and_every_one_is_there_after_reopening()
    {
        const int grains = 500;
        using (var storage = Open())
        {
            await Task.WhenAll(Enumerable.Range(0, grains).Select(i =>
                storage.WriteStateAsync("round-registry", GrainId.Create("registry", $"r/{i}"), new GrainState<RoundRegistryState>(Registry($"v{i}")))));
        }
        using var reopened = Open();
        for (var i = 0; i < grains; i++)
        {
            var read = new GrainState<RoundRegistryState>(new RoundRegistryState());
            await reopened.ReadStateAsync("round-registry", GrainId.Create("registry", $"r/{i}"), read);
            Assert.Equal([$"v{i}"], read.State!.RoundIds);
        }
    }

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Journal_entries_are_read_back_in_order_after_reopening_and_a_taken_number_is_refused()
    {
        using (var storage = Open())
        {
            await storage.Append("bid-sheets/b1", 1, Bytes("first"));
            await storage.Append("bid-sheets/b1", 2, Bytes("second"));
            await storage.Append("bid-sheets/b2", 1, Bytes("other stream"));
            // A stale copy of the grain writing entry 2 again: refused, and nothing changes.
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.Append("bid-sheets/b1", 2, Bytes("stale")));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.Append("bid-sheets/b1", 0, Bytes("zero")));
        }
        using var reopened = Open();
        Assert.Equal(["first", "second"], (await reopened.Read("bid-sheets/b1")).Select(System.Text.Encoding.UTF8.GetString));
        Assert.Equal(["other stream"], (await reopened.Read("bid-sheets/b2")).Select(System.Text.Encoding.UTF8.GetString));
        Assert.Empty(await reopened.Read("bid-sheets/none"));
    }

    [Fact]
    public async Task A_stream_with_a_missing_entry_is_refused_rather_than_replayed_without_it()
    {
        using var storage = Open();
        await storage.Append("bid-sheets/gap", 1, Bytes("first"));
        await storage.Append("bid-sheets/gap", 3, Bytes("third"));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.Read("bid-sheets/gap"));
        Assert.Equal("Journal stream bid-sheets/gap has no entry 2.", refused.Message);
    }

    [Fact]
    public async Task Journal_appends_and_state_writes_racing_together_are_all_there_after_reopening()
    {
        const int streams = 200;
        using (var storage = Open())
        {
            await Task.WhenAll(Enumerable.Range(0, streams).SelectMany(i => new[]
            {
                storage.Append($"s/{i}", 1, Bytes($"a{i}")).ContinueWith(t => t.IsFaulted ? t : storage.Append($"s/{i}", 2, Bytes($"b{i}"))).Unwrap(),
                storage.WriteStateAsync("round-registry", GrainId.Create("registry", $"j/{i}"), new GrainState<RoundRegistryState>(Registry($"v{i}"))),
            }));
        }
        using var reopened = Open();
        for (var i = 0; i < streams; i++)
        {
            Assert.Equal([$"a{i}", $"b{i}"], (await reopened.Read($"s/{i}")).Select(System.Text.Encoding.UTF8.GetString));
            var read = new GrainState<RoundRegistryState>(new RoundRegistryState());
            await reopened.ReadStateAsync("round-registry", GrainId.Create("registry", $"j/{i}"), read);
            Assert.Equal([$"v{i}"], read.State!.RoundIds);
        }
    }

    [Fact]
    public async Task Health_needs_both_the_state_table_and_the_journal()
    {
        var health = new SqliteStoreHealth(_data);
        Assert.Null(await health.Check(CancellationToken.None));
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(SqliteStore.ConnectionString(_data)))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE PrioritiseJournal";
            await drop.ExecuteNonQueryAsync();
        }
        Assert.Equal("The store's schema is incomplete.", await health.Check(CancellationToken.None));
    }

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
