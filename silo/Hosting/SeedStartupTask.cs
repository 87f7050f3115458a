using Microsoft.Extensions.Options;
using Prioritise.Grains.Seeding;

namespace Prioritise.Silo.Hosting;

/// <summary>Loads the seed rounds on first start with an empty store (Prioritise:SeedOnEmpty).</summary>
public sealed class SeedStartupTask(IOptions<PrioritiseOptions> options, SeedLoader loader) : IStartupTask
{
    public Task Execute(CancellationToken cancellationToken) =>
        options.Value.SeedOnEmpty ? loader.LoadAllIfEmpty(options.Value.ResolvedSeedsPath, options.Value.SeedModeration) : Task.CompletedTask;
}
