using Prioritise.Testing;

namespace Prioritise.Api.Tests;

/// <summary>One seeded silo shared by most test classes; each test makes its own rounds and members.</summary>
public sealed class SharedSilo : IAsyncLifetime
{
    public SiloProcess Silo { get; } = new(seedOnEmpty: true);
    public ApiClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Silo.StartAsync();
        Api = new ApiClient(Silo.CreateClient(), Silo.AdminKey);
    }

    public Task DisposeAsync()
    {
        Api?.Dispose();
        Silo.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SharedSiloCollection : ICollectionFixture<SharedSilo>
{
    public const string Name = "shared silo";
}
