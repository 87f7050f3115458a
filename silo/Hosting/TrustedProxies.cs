using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;

namespace Prioritise.Silo.Hosting;

/// <summary>
/// Which peers may tell the silo who the client is (X-Forwarded-For), which scheme it used
/// (X-Forwarded-Proto) and which host it asked for (X-Forwarded-Host): loopback always, plus
/// Prioritise:TrustedProxies, addresses or networks in CIDR notation, as one comma-separated
/// value (<c>Prioritise__TrustedProxies=172.16.0.0/12,10.1.2.3</c>) or an array in appsettings.json.
/// From any other peer the headers are ignored. Read by ASP.NET Core's ForwardedHeadersMiddleware,
/// so the failed-key throttle, the session cookie's Secure flag and the links the silo writes
/// (redirects, the OpenAPI document's server) all see the client, not the proxy.
/// </summary>
public sealed class TrustedProxies
{
    public const string Setting = "Prioritise:TrustedProxies";

    public List<IPAddress> Addresses { get; } = [];
    public List<System.Net.IPNetwork> Networks { get; } = [];

    /// <summary>Every entry of the setting, whether written as one comma-separated value or as an array.</summary>
    public static IEnumerable<string> Entries(IConfiguration configuration)
    {
        var section = configuration.GetSection(Setting);
        var values = new List<string?> { section.Value };
        values.AddRange(section.GetChildren().Select(c => c.Value));
        return values.OfType<string>()
            .SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Parses the entries; a bad one is a <see cref="FormatException"/> whose message is one line naming the setting.</summary>
    public static TrustedProxies Parse(IEnumerable<string> entries)
    {
        var trusted = new TrustedProxies();
        foreach (var entry in entries)
        {
            if (entry.Contains('/'))
            {
                if (!System.Net.IPNetwork.TryParse(entry, out var network))
                    throw new FormatException($"{Setting}: '{entry}' is not an IP address or a network in CIDR notation (e.g. 172.16.0.0/12); fix or remove it.");
                trusted.Networks.Add(network);
                if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
                    trusted.Networks.Add(new System.Net.IPNetwork(network.BaseAddress.MapToIPv6(), network.PrefixLength + 96));
            }
            else
            {
                if (!IPAddress.TryParse(entry, out var address))
                    throw new FormatException($"{Setting}: '{entry}' is not an IP address or a network in CIDR notation (e.g. 172.16.0.0/12); fix or remove it.");
                trusted.Addresses.Add(address);
                if (address.AddressFamily == AddressFamily.InterNetwork) trusted.Addresses.Add(address.MapToIPv6());
            }
        }
        return trusted;
    }

    /// <summary>
    /// Sets up the middleware: loopback (the framework's defaults, 127.0.0.0/8 and ::1) and the
    /// configured proxies are trusted. Each trusted hop peels one address off X-Forwarded-For, so a
    /// chain of trusted proxies is followed and the first untrusted address is the client; whatever
    /// a client wrote into the header itself (to the left) is never believed.
    /// </summary>
    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        options.ForwardLimit = null;
        // Loopback: the framework trusts 127.0.0.0/8 and ::1 already; said again so it stays true.
        if (!options.KnownIPNetworks.Any(n => n.Contains(IPAddress.Loopback)))
            options.KnownIPNetworks.Add(new System.Net.IPNetwork(IPAddress.Parse("127.0.0.0"), 8));
        if (!options.KnownProxies.Contains(IPAddress.IPv6Loopback)) options.KnownProxies.Add(IPAddress.IPv6Loopback);
        options.KnownIPNetworks.Add(new System.Net.IPNetwork(IPAddress.Parse("::ffff:127.0.0.0"), 104));
        foreach (var address in Addresses) options.KnownProxies.Add(address);
        foreach (var network in Networks) options.KnownIPNetworks.Add(network);
    }
}
