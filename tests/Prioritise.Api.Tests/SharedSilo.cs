using Prioritise.Testing;

namespace Prioritise.Api.Tests;

/// <summary>One seeded silo shared by most test classes; each test makes its own rounds and members.</summary>
public sealed class SharedSilo() : SiloFixture(seedOnEmpty: true);

[CollectionDefinition(Name)]
public sealed class SharedSiloCollection : ICollectionFixture<SharedSilo>
{
    public const string Name = "shared silo";
}
