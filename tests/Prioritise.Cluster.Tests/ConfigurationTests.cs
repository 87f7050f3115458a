namespace Prioritise.Cluster.Tests;

/// <summary>A silo given a configuration it cannot run with refuses to start, and names the key to fix.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("postgres", "Host=127.0.0.1;Database=x", "", "Prioritise:AdminKey is required with Prioritise:Store=postgres")]
    [InlineData("postgres", "", "some-admin-key", "Prioritise:ConnectionString is required with Prioritise:Store=postgres")]
    [InlineData("postgres", "Host=127.0.0.1;Nonsense=1", "some-admin-key", "Prioritise:ConnectionString is not a valid PostgreSQL connection string")]
    [InlineData("mongodb", "", "some-admin-key", "Prioritise:Store is 'mongodb'; use 'sqlite' (the embedded default) or 'postgres' (a cluster).")]
    public async Task A_silo_refuses_a_configuration_it_cannot_run_with(string store, string connectionString, string adminKey, string expected)
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment["Prioritise__Store"] = store;
        silo.ExtraEnvironment["Prioritise__ConnectionString"] = connectionString;
        silo.ExtraEnvironment["Prioritise__AdminKey"] = adminKey;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(silo.StartAsync);
        Assert.Contains("exited with code", refused.Message);
        Assert.Contains(expected, silo.Output);
    }
}
