using Prioritise.Grains;
using Prioritise.Silo.Auth;

namespace Prioritise.Silo.Endpoints;

/// <summary>
/// What every API handler needs beside its route values and body, bound with [AsParameters]
/// (as in TodoApi and eShop): the request and the grains. The route ids are already checked by
/// <see cref="RouteIdFilter"/> when a handler runs.
/// </summary>
public readonly record struct ApiServices(HttpContext Http, IGrainFactory Grains)
{
    /// <summary>The authenticated caller, as grains understand it.</summary>
    public Caller Caller => Http.User.Caller();

    public IRoundGrain Round(string roundId) => Grains.Round(roundId);

    public IModerationGrain Moderation(string roundId) => Grains.Moderation(roundId);

    public IGovernanceGrain Governance(string roundId) => Grains.Governance(roundId);

    public IBidGrain Bid(string roundId, string bidId) => Grains.Bid(roundId, bidId);

    public IMemberGrain Member(string memberId) => Grains.Member(memberId);
}
