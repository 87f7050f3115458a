namespace Prioritise.Grains;

/// <summary>
/// Grain keys carry a type prefix and a '/' so that no key is ever digit-only (ADO.NET storage
/// reads digit-only string keys as integers, dotnet/orleans#9706) and no two grain kinds share one.
/// Ids are validated ([A-Za-z0-9_-]) before they get here, so '/' cannot appear inside one.
/// </summary>
public static class GrainKeys
{
    public static string Member(string memberId) => $"member/{memberId}";
    public static string Round(string roundId) => $"round/{roundId}";
    public static string Bid(string roundId, string bidId) => $"bid/{roundId}/{bidId}";
    public static string Moderation(string roundId) => $"moderation/{roundId}";
    public const string Registry = "registry/rounds";

    public static string[] Parts(string key) => key.Split('/');
}

public static class GrainFactoryExtensions
{
    public static IMemberGrain Member(this IGrainFactory f, string memberId) => f.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));
    public static IRoundGrain Round(this IGrainFactory f, string roundId) => f.GetGrain<IRoundGrain>(GrainKeys.Round(roundId));
    public static IBidGrain Bid(this IGrainFactory f, string roundId, string bidId) => f.GetGrain<IBidGrain>(GrainKeys.Bid(roundId, bidId));
    public static IModerationGrain Moderation(this IGrainFactory f, string roundId) => f.GetGrain<IModerationGrain>(GrainKeys.Moderation(roundId));
    public static IRoundRegistryGrain Registry(this IGrainFactory f) => f.GetGrain<IRoundRegistryGrain>(GrainKeys.Registry);
}
