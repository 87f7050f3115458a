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
        silo.Configure<ClusterMembershipOptions>(ConfigureFailureDetection);
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

    /// <summary>
    /// How fast a silo that died without leaving (SIGKILL, a lost container) is declared dead, which
    /// is how long calls to the grains it held fail or wait: until then the survivors still route
    /// those grains to it. Orleans' defaults (a probe every 5 s, suspected after 3 missed) took
    /// about 12 s; here each silo probes every other one every second, suspects it after 2 missed
    /// probes and two suspicions declare it dead, so a killed silo is dead in about 2-3 s. A probe
    /// of a killed process fails at once (the port refuses), so the probes are short, not the
    /// waiting. The survivors learn of the death by gossip at once and from the table every 5 s.
    /// A silo that is merely slow (a long GC pause on a busy machine) may be declared dead too: it
    /// then stops and its grains come back elsewhere from their stored state, which loses nothing.
    /// </summary>
    public static void ConfigureFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        if (o.MinProbeTimeout > o.ProbeTimeout) o.MinProbeTimeout = o.ProbeTimeout;
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 2;
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(20);
        o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
    }
}
