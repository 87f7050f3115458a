using Orleans.Concurrency;
using Prioritise.Domain;
using Prioritise.Domain.Analytics;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;

namespace Prioritise.Grains;

public interface IRoundRegistryGrain : IGrainWithStringKey
{
    Task Add(string roundId);
    Task<IReadOnlyList<string>> List();

    /// <summary>Marks a seed load as started or finished, so an interrupted one is resumed at start.</summary>
    Task MarkSeeding(string roundId, bool inProgress);
    Task<IReadOnlyList<string>> SeedsInProgress();

    /// <summary>
    /// The start-up seed load's intent (MultiGrainStep): true when it is to run, on an empty store
    /// or to resume one that was interrupted (recorded as in progress); false once complete, or on
    /// a store that already held rounds.
    /// </summary>
    Task<bool> BeginSeedLoad();
    /// <summary>The "seed complete" marker: written once every seed round is wholly loaded.</summary>
    Task EndSeedLoad();
}
