using Orleans.TestingHost;
using Prioritise.Grains.Storage;

namespace Prioritise.Grains.Tests;

/// <summary>
/// One in-process Orleans cluster (one silo, SQLite store in a fresh temp folder) shared by every
/// test in the "cluster" collection. Tests isolate themselves with their own round and member ids.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public string DataPath { get; } = Clusters.NewDataPath();
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await Clusters.Start(DataPath);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Clusters.TryDelete(DataPath);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

public static class Clusters
{
    public static string NewDataPath() =>
        Path.Combine(Path.GetTempPath(), "prioritise-grain-tests", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Starts a one-silo cluster whose store lives in <paramref name="dataPath"/>. Storage rows are
    /// keyed by service id, so a cluster meant to read an earlier one's store must pass the same one.
    /// </summary>
    public static async Task<InProcessTestCluster> Start(string dataPath, string? serviceId = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        if (serviceId is not null) builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) => silo.AddEmbeddedStorage(dataPath));
        builder.ConfigureClient(client => client.Services.AddPrioritiseSerialization());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static void TryDelete(string dataPath)
    {
        try { Directory.Delete(dataPath, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
