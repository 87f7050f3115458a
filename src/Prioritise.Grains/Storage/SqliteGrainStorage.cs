using System.Globalization;
using Orleans.Storage;

namespace Prioritise.Grains.Storage;

/// <summary>
/// Grain storage for the embedded store, writing through its one group-commit writer
/// (<see cref="SqliteWriter"/>): a grain's write completes only once the transaction holding it
/// has committed. Each row is keyed by grain type, state name and grain key, so two grain kinds
/// can never share a row (compare dotnet/orleans#9737), and keys are never read as numbers
/// (#9706). Versions are the optimistic-concurrency ETag: a write naming a stale version changes
/// nothing and fails. Journal appends (<see cref="SqliteJournal"/>) go through the same writer
/// and the same commits.
/// </summary>
public sealed class SqliteGrainStorage(SqliteWriter writer, IGrainStorageSerializer serializer) : IGrainStorage
{
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
        grainState.State = serializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = version.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (type, key) = Identify(stateName, grainId);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var version = await writer.Write(type, key, payload, grainState.ETag);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (type, key) = Identify(stateName, grainId);
        var version = await writer.Write(type, key, null, grainState.ETag);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private static (string Type, string Key) Identify(string stateName, GrainId grainId) =>
        ($"{grainId.Type}/{stateName}", grainId.Key.ToString()!);

    private (byte[]? Payload, int? Version) Read(string type, string key)
    {
        (byte[]? Payload, int? Version) found = (null, null);
        writer.WithReader(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT PayloadBinary, Version FROM OrleansStorage
                WHERE ServiceId = $service AND GrainTypeString = $type AND GrainIdExtensionString = $key
                """;
            command.Parameters.AddWithValue("$service", writer.ServiceId);
            command.Parameters.AddWithValue("$type", type);
            command.Parameters.AddWithValue("$key", key);
            using var reader = command.ExecuteReader();
            if (reader.Read()) found = (reader.IsDBNull(0) ? null : (byte[])reader[0], reader.GetInt32(1));
        });
        return found;
    }
}
