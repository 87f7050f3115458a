namespace Prioritise.Grains.Storage;

/// <summary>
/// The embedded store's journal (<see cref="IEventJournal"/>): entries in the PrioritiseJournal
/// table of the same SQLite file, appended through the store's one writer
/// (<see cref="SqliteWriter"/>), so they share its group commits with the grain states.
/// </summary>
public sealed class SqliteJournal(SqliteWriter writer) : IEventJournal
{
    public async Task<IReadOnlyList<byte[]>> Read(string stream) => await Task.Run(() =>
    {
        var entries = new List<byte[]>();
        writer.WithReader(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT Sequence, Payload FROM PrioritiseJournal
                WHERE ServiceId = $service AND Stream = $stream ORDER BY Sequence
                """;
            command.Parameters.AddWithValue("$service", writer.ServiceId);
            command.Parameters.AddWithValue("$stream", stream);
            using var reader = command.ExecuteReader();
            while (reader.Read()) IEventJournal.AddNext(entries, stream, reader.GetInt64(0), (byte[])reader[1]);
        });
        return (IReadOnlyList<byte[]>)entries;
    });

    public Task Append(string stream, long sequence, byte[] payload)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return writer.Append(stream, sequence, payload);
    }
}
