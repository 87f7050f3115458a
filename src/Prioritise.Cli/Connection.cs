using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Prioritise.Grains;
using Prioritise.Grains.Storage;

namespace Prioritise.Cli;

/// <summary>
/// Where the silos are: the embedded silo's gateway on localhost, or a cluster found through its
/// membership table in PostgreSQL. The same Prioritise:* keys as the silo (appsettings.json beside
/// the tool, then environment variables such as Prioritise__GatewayPort), then the command line.
/// </summary>
public sealed record Connection(bool Cluster, int GatewayPort, string? ConnectionString, string ClusterId)
{
    public static Connection From(Arguments args)
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build()
            .GetSection("Prioritise");

        var postgres = args.Option("--postgres");
        var gatewayPort = args.IntOption("--gateway-port", 1, 65535);
        var clusterId = args.Option("--cluster-id");
        if (postgres is not null && gatewayPort is not null)
            throw new UsageException("Give --postgres (a cluster) or --gateway-port (the embedded silo), not both.");

        var store = config["Store"]?.Trim();
        var cluster = postgres is not null
                      || (gatewayPort is null && string.Equals(store, "postgres", StringComparison.OrdinalIgnoreCase));
        var connectionString = postgres ?? config["ConnectionString"];
        if (cluster && string.IsNullOrWhiteSpace(connectionString))
            throw new UsageException("Cluster mode needs a PostgreSQL connection string: --postgres \"Host=...;Database=...;Username=...;Password=...\" or Prioritise__ConnectionString.");
        if (!cluster && clusterId is not null)
            throw new UsageException("--cluster-id applies to a cluster (--postgres) only.");

        var configuredPort = int.TryParse(config["GatewayPort"], out var p) ? p : 30000;
        return new Connection(
            cluster,
            gatewayPort ?? configuredPort,
            cluster ? connectionString : null,
            clusterId ?? (config["ClusterId"] is { Length: > 0 } id ? id : ClusterIdentity.DefaultClusterId));
    }

    private static readonly TimeSpan ConnectGrace = TimeSpan.FromSeconds(5);

    public string Describe() => Cluster
        ? $"the cluster '{ClusterId}' (membership in PostgreSQL)"
        : $"the embedded silo's gateway on localhost:{GatewayPort}";

    /// <summary>Starts an Orleans client; the caller disposes the host to disconnect.</summary>
    public async Task<IHost> Connect(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "prioritise-cli",
        });
        // The tool's own output goes to stdout; only real trouble from the client goes to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        // A failed start is reported by the tool in one sentence, not as the host's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);

        builder.UseOrleansClient(client =>
        {
            // Orleans' default keeps trying for ever; a person at a terminal wants an answer. A
            // gateway briefly away (a silo restarting) gets a few seconds' grace.
            var giveUpAt = DateTime.UtcNow + ConnectGrace;
            client.UseConnectionRetryFilter(async (_, ct) =>
            {
                if (DateTime.UtcNow >= giveUpAt) return false;
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                return true;
            });
            if (Cluster)
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ServiceId = ClusterIdentity.ServiceId;
                    o.ClusterId = ClusterId;
                });
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = ClusterIdentity.PostgresInvariant;
                    o.ConnectionString = ConnectionString!;
                });
            }
            else
            {
                client.UseLocalhostClustering(GatewayPort, ClusterIdentity.ServiceId, ClusterIdentity.EmbeddedClusterId);
            }
        });
        // The same codecs as the silos: domain records travel as JSON.
        builder.Services.AddPrioritiseSerialization();

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
