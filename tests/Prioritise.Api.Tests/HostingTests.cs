using System.Net;

namespace Prioritise.Api.Tests;

[Collection(OwnSiloCollection.Name)]
public sealed class HostingTests
{
    /// <summary>
    /// api.md: "The HTTP address follows ASP.NET Core's usual --urls / ASPNETCORE_URLS". This silo
    /// gets only ASPNETCORE_URLS (no --urls); it must listen there and nowhere else.
    /// </summary>
    [Fact]
    public async Task AspNetCoreUrls_alone_chooses_the_http_address()
    {
        using var silo = new SiloProcess(seedOnEmpty: false, urlsOnCommandLine: false);
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        (await api.Get("/health", key: null)).Is(HttpStatusCode.OK);
        Assert.Contains($"Now listening on: http://127.0.0.1:{silo.HttpPort}", silo.Output);
    }

    [Fact]
    public async Task Admin_key_from_configuration_is_the_only_admin_key()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        (await api.Get("/api/rounds", api.AdminKey)).Is(HttpStatusCode.OK);
        (await api.Get("/api/rounds", api.AdminKey.ToUpperInvariant())).Problem(HttpStatusCode.Unauthorized);
        // A configured key is used as given: no generated key file appears.
        Assert.False(File.Exists(Path.Combine(silo.DataPath, "admin.key")));
        Assert.DoesNotContain(silo.AdminKey, silo.Output);
    }
}
