// One silo process at a time from this assembly: the tests kill, restart and measure silos, and
// the machine they run on is shared; running them side by side would only add noise.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Prioritise.Reliability.Tests.Support;

/// <summary>One unseeded silo shared by the tests that need only a running service.</summary>
public sealed class SharedSilo() : SiloFixture(seedOnEmpty: false);

[CollectionDefinition(Name)]
public sealed class SharedSiloCollection : ICollectionFixture<SharedSilo>
{
    public const string Name = "reliability: shared silo";
}

/// <summary>Tests that start, kill and restart silos of their own.</summary>
[CollectionDefinition(Name)]
public sealed class OwnSiloCollection
{
    public const string Name = "reliability: own silos";
}

public static class Members
{
    /// <summary>Creates members (organisation "Org of {id}" unless given) and returns their keys by id.</summary>
    public static async Task<Dictionary<string, string>> Create(ApiClient api, params string[] ids)
    {
        var keys = new Dictionary<string, string>();
        foreach (var id in ids) keys[id] = await api.CreateMember(id, $"Org of {id}");
        return keys;
    }
}
