using Npgsql;
using Orleans.Storage;

namespace Prioritise.Grains.Storage;

/// <summary>
/// The cluster's journal (table prioritise_journal in postgres-persistence.sql). Each append is
/// its own committed insert; the primary key refuses a second entry with the same number, so of
/// two copies of a grain racing after a silo failure only one can write it.
/// </summary>
public sealed class PostgresJournal(string connectionString, string serviceId) : IEventJournal
{
    public async Task<IReadOnlyList<byte[]>> Read(string stream)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT sequence, payload FROM prioritise_journal WHERE service_id = $1 AND stream = $2 ORDER BY sequence", connection);
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(stream);
        var entries = new List<byte[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) IEventJournal.AddNext(entries, stream, reader.GetInt64(0), (byte[])reader[1]);
        return entries;
    }

    public async Task Append(string stream, long sequence, byte[] payload)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO prioritise_journal (service_id, stream, sequence, payload, written_on)
            VALUES ($1, $2, $3, $4, now())
            ON CONFLICT (service_id, stream, sequence) DO NOTHING
            """, connection);
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(stream);
        command.Parameters.AddWithValue(sequence);
        command.Parameters.AddWithValue(payload);
        if (await command.ExecuteNonQueryAsync() == 0)
            throw new InconsistentStateException($"Journal stream {stream} already has entry {sequence}.");
    }
}
