using Microsoft.Extensions.Options;
using Prioritise.Grains.Seeding;
using Prioritise.Grains.Storage;

namespace Prioritise.Silo.Hosting;

/// <summary>Loads the seed rounds on first start with an empty store (Prioritise:SeedOnEmpty).</summary>
public sealed class SeedStartupTask(IOptions<PrioritiseOptions> options, SeedLoader loader, IStoreLock storeLock) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedOnEmpty) return;
        // The silos of a cluster start together and would all find the store empty: one loads the
        // seed while the others wait, then find it loaded (or resume it, if that silo died).
        await using var _ = await storeLock.Acquire(cancellationToken);
        await loader.LoadAllIfEmpty(options.Value.ResolvedSeedsPath, options.Value.SeedModeration);
    }
}
