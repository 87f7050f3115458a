using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Runtime.Hosting;
using Microsoft.Extensions.Logging;

namespace Prioritise.Grains.Storage;

public static class StorageSetup
{
    /// <summary>
    /// The cluster store: every grain persists through Orleans' ADO.NET provider (PostgreSQL) with
    /// Orleans' own binary serializer. Each grain class names its own state ("round", "bid-sheets",
    /// "member", ...), so rows of different grains can never share a key.
    /// </summary>
    public static ISiloBuilder AddPrioritiseStorage(this ISiloBuilder silo, string invariant, string connectionString)
    {
        silo.AddAdoNetGrainStorage(StorageNames.Default, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<IServiceProvider>((o, services) =>
            {
                o.Invariant = invariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
            }));
        silo.Services.AddSingleton<IEventJournal>(new PostgresJournal(connectionString, ClusterIdentity.ServiceId));
        // A key replaced on one silo cannot be forgotten on the others: every request asks the member grain.
        silo.Services.AddSingleton(Security.VerifiedKeys.Off());
        silo.Services.AddPrioritiseSerialization();
        return silo;
    }

    /// <summary>
    /// The embedded default: SQLite through our own group-commit storage (one fsync per batch of
    /// writes rather than per write), with the same serializer and row layout as the ADO.NET path,
    /// and the journal in the same file.
    /// </summary>
    public static ISiloBuilder AddEmbeddedStorage(this ISiloBuilder silo, string dataPath)
    {
        SqliteStore.EnsureSchema(dataPath);
        // One writer, so grain states and journal appends share its thread and its commits.
        silo.Services.AddSingleton(services => new SqliteWriter(
            dataPath,
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<ILogger<SqliteWriter>>()));
        silo.Services.AddSingleton(services => new SqliteGrainStorage(
            services.GetRequiredService<SqliteWriter>(),
            new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>())));
        silo.Services.AddGrainStorage(StorageNames.Default, (services, _) => services.GetRequiredService<SqliteGrainStorage>());
        silo.Services.AddSingleton<IEventJournal>(services => new SqliteJournal(services.GetRequiredService<SqliteWriter>()));
        // One silo holds every member grain and every front end, so a replaced key is forgotten exactly.
        silo.Services.AddSingleton(Security.VerifiedKeys.SingleSilo());
        silo.Services.AddPrioritiseSerialization();
        return silo;
    }
}
