using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Prioritise.Grains.Storage;

public static class StorageSetup
{
    /// <summary>
    /// Every grain persists through one ADO.NET provider with Orleans' own binary serializer. Each
    /// grain class names its own state ("round", "bid-sheets", "member", ...), so rows of different
    /// grains can never share a key.
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
        silo.Services.AddPrioritiseSerialization();
        return silo;
    }

    public static ISiloBuilder AddEmbeddedStorage(this ISiloBuilder silo, string dataPath)
    {
        SqliteStore.EnsureSchema(dataPath);
        return silo.AddPrioritiseStorage(SqliteStore.Invariant, SqliteStore.ConnectionString(dataPath));
    }
}
