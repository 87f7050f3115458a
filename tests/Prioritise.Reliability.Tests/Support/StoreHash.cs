using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Prioritise.Reliability.Tests.Support;

/// <summary>
/// The embedded store read from the outside: the rows of OrleansStorage and PrioritiseJournal in data/prioritise.db,
/// opened read-only while the silo runs (WAL mode lets a reader see the last committed state
/// beside the writer).
/// </summary>
public static class Store
{
    public static string File(string dataPath) => Path.Combine(dataPath, "prioritise.db");

    public static SqliteConnection OpenReadOnly(string dataPath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = File(dataPath),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>
    /// SHA-256 over every grain state row (GrainTypeString, GrainIdExtensionString, Version,
    /// PayloadBinary) and every journal entry (Stream, Sequence, Payload: the bids' sheets), in a
    /// fixed order, each field length-prefixed. Any write to any grain changes it.
    /// </summary>
    public static (string Hash, int Rows) Hash(string dataPath)
    {
        using var connection = OpenReadOnly(dataPath);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rows = 0;
        foreach (var query in new[]
        {
            """
            SELECT GrainTypeString, GrainIdExtensionString, Version, PayloadBinary
            FROM OrleansStorage
            ORDER BY GrainTypeString, GrainIdExtensionString, GrainIdN0, GrainIdN1, ServiceId
            """,
            "SELECT 'journal', Stream, Sequence, Payload FROM PrioritiseJournal ORDER BY ServiceId, Stream, Sequence",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = query;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows++;
                Field(hash, Encoding.UTF8.GetBytes(reader.GetString(0)));
                Field(hash, reader.IsDBNull(1) ? null : Encoding.UTF8.GetBytes(reader.GetString(1)));
                Field(hash, BitConverter.GetBytes(reader.GetInt64(2)));
                Field(hash, reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3));
            }
        }
        return (Convert.ToHexString(hash.GetHashAndReset()), rows);
    }

    private static void Field(IncrementalHash hash, byte[]? value)
    {
        hash.AppendData(BitConverter.GetBytes(value?.Length ?? -1));
        if (value is not null) hash.AppendData(value);
    }
}
