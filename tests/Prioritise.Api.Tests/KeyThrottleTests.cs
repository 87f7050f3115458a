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
}
