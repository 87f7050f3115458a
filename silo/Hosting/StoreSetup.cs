using System.Net;
using Orleans.Configuration;
using Prioritise.Grains.Storage;

namespace Prioritise.Silo.Hosting;

/// <summary>Where the silo keeps its state and how it finds the other silos, from Prioritise:Store.</summary>
public static class StoreSetup
{
    /// <summary>
    /// <c>sqlite</c> (default): one silo with localhost clustering and the embedded SQLite store.
    /// <c>postgres</c>: a cluster; membership and grain state both live in one PostgreSQL database,
    /// whose schema this creates or upgrades before the silo starts. The grains are the same.
    /// </summary>
    public static ISiloBuilder AddPrioritiseStore(this ISiloBuilder silo, PrioritiseOptions options)
    {
        options.Validate();
        if (!options.IsCluster)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: ClusterIdentity.ServiceId, clusterId: ClusterIdentity.EmbeddedClusterId);
            silo.AddEmbeddedStorage(options.ResolvedDataPath);
            silo.Services.AddSingleton<IStoreHealth>(new SqliteStoreHealth(options.ResolvedDataPath));
            silo.Services.AddSingleton<IStoreLock, ProcessStoreLock>();
            return silo;
        }

        var connectionString = options.ConnectionString!;
        PostgresStore.EnsureSchema(connectionString);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = ClusterIdentity.ServiceId;
            o.ClusterId = options.ClusterId.Trim();
        });
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresStore.Invariant;
            o.ConnectionString = connectionString;
        });
        if (options.AdvertisedAddress is { Length: > 0 } advertised)
            // Listen where we advertise: on a shared machine (the tests) every silo stays on loopback.
            silo.ConfigureEndpoints(IPAddress.Parse(advertised.Trim()), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        else
            // In a container: listen everywhere, advertise the container's own address.
            silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        silo.AddPrioritiseStorage(PostgresStore.Invariant, connectionString);
        silo.Services.AddSingleton<IStoreHealth>(new PostgresStoreHealth(connectionString));
        silo.Services.AddSingleton<IStoreLock>(new PostgresSeedLock(connectionString));
        return silo;
    }
}
