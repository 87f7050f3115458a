using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Prioritise.Grains.Storage;

/// <summary>The embedded store: one SQLite file in the data folder, in WAL mode.</summary>
public static class SqliteStore
{
    /// <summary>Orleans' ADO.NET invariant that it maps to Microsoft.Data.Sqlite.</summary>
    public const string Invariant = "System.Data.SQLite";
    public const string FileName = "prioritise.db";

    public static string ConnectionString(string dataPath) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(Path.GetFullPath(dataPath), FileName),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Creates the data folder and applies our schema; safe to run on every start.</summary>
    public static void EnsureSchema(string dataPath)
    {
        Directory.CreateDirectory(dataPath);
        using var connection = new SqliteConnection(ConnectionString(dataPath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = ReadSchema("sqlite-schema.sql");
        command.ExecuteNonQuery();
    }

    public static string ReadSchema(string name)
    {
        using var stream = typeof(SqliteStore).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Schema resource '{name}' is missing from {typeof(SqliteStore).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
