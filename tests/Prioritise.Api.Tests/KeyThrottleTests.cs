using System.Net;

namespace Prioritise.Api.Tests;

/// <summary>Guessing keys is slowed down: past the limit of unrecognised keys an address gets 429.</summary>
[Collection(OwnSiloCollection.Name)]
public sealed class KeyThrottleTests
{
    [Fact]
    public async Task After_the_limit_of_wrong_keys_even_a_good_key_gets_429_until_the_window_ends()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment["Prioritise__FailedKeyLimit"] = "5";
        silo.ExtraEnvironment["Prioritise__FailedKeyWindowSeconds"] = "3";
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);

        for (var i = 0; i < 5; i++)
            (await api.Get("/api/rounds", $"guess-{i}.nope")).Is(HttpStatusCode.Unauthorized);
        var throttled = await api.Get("/api/rounds", "guess-6.nope");
        throttled.Problem((HttpStatusCode)429);
        (await api.Get("/api/rounds", api.AdminKey)).Is((HttpStatusCode)429);

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        (await api.Get("/api/rounds", api.AdminKey)).Is(HttpStatusCode.OK);
    }

    private static Dictionary<string, string> From(string client) => new() { ["X-Forwarded-For"] = client };

    /// <summary>
    /// Behind nginx every request comes from the proxy's address. From a trusted proxy (loopback
    /// here, as it always is) the throttle counts the client X-Forwarded-For names, so one client's
    /// guesses lock out that client only. The configured networks are parsed beside loopback.
    /// </summary>
    [Fact]
    public async Task Behind_a_trusted_proxy_wrong_keys_from_one_client_lock_out_only_that_client()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment["Prioritise__FailedKeyLimit"] = "3";
        silo.ExtraEnvironment["Prioritise__FailedKeyWindowSeconds"] = "60";
        silo.ExtraEnvironment["Prioritise__TrustedProxies"] = "10.0.0.0/8, 192.0.2.7,2001:db8::/32";
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);

        for (var i = 0; i < 3; i++)
            (await api.SendWith(HttpMethod.Get, "/api/rounds", $"guess-{i}.nope", null, From("203.0.113.10"))).Is(HttpStatusCode.Unauthorized);
        (await api.SendWith(HttpMethod.Get, "/api/rounds", "guess-4.nope", null, From("203.0.113.10"))).Problem((HttpStatusCode)429);
        (await api.SendWith(HttpMethod.Get, "/api/rounds", api.AdminKey, null, From("203.0.113.10"))).Is((HttpStatusCode)429);

        // Another client behind the same proxy, and the proxy's own address, are not locked out.
        (await api.SendWith(HttpMethod.Get, "/api/rounds", api.AdminKey, null, From("203.0.113.20"))).Is(HttpStatusCode.OK);
        (await api.Get("/api/rounds", api.AdminKey)).Is(HttpStatusCode.OK);
        // What a client wrote into the header itself is not believed: the proxy appends the address it saw.
        (await api.SendWith(HttpMethod.Get, "/api/rounds", api.AdminKey, null, From("203.0.113.20, 203.0.113.10"))).Is((HttpStatusCode)429);
    }

    [Fact]
    public async Task A_bad_trusted_proxies_entry_stops_the_silo_with_one_line_naming_the_setting()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment["Prioritise__TrustedProxies"] = "172.16.0.0/12,proxy.example";
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(silo.StartAsync);
        Assert.Contains("exited with code 2", failure.Message);
        var errors = silo.Output.Split('\n').Where(l => l.StartsWith("[stderr]", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.Contains("Prioritise:TrustedProxies", line);
        Assert.Contains("'proxy.example'", line);
    }
}
