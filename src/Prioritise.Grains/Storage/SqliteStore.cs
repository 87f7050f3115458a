using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Prioritise.Grains.Storage;

/// <summary>The embedded store: one SQLite file in the data folder, in WAL mode.</summary>
public static class SqliteStore
{
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

    /// <summary>
    /// An online backup: SQLite's backup API copies a consistent snapshot page by page while
    /// writers carry on, so scoring need not stop. Restoring is starting a silo on a data folder
    /// that holds the copy as prioritise.db.
    /// </summary>
    public static FileInfo Backup(string dataPath, string destinationFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destinationFile))!);
        using var source = new SqliteConnection(ConnectionString(dataPath));
        source.Open();
        var destination = new SqliteConnectionStringBuilder { DataSource = destinationFile, Pooling = false }.ToString();
        using (var target = new SqliteConnection(destination))
        {
            target.Open();
            source.BackupDatabase(target);
            // A backup stands alone: no write-ahead log beside it.
            using var command = target.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = DELETE;";
            command.ExecuteNonQuery();
        }
        return new FileInfo(destinationFile);
    }

    public static string ReadSchema(string name)
    {
        using var stream = typeof(SqliteStore).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Schema resource '{name}' is missing from {typeof(SqliteStore).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
