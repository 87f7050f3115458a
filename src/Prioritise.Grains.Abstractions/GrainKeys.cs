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
    // Issue 15: an application, and each attachment's bytes in a row of their own.
    public static string Application(string roundId, string applicationId) => $"application/{roundId}/{applicationId}";
    public static string Attachment(string roundId, string applicationId, string attachmentId) => $"attachment/{roundId}/{applicationId}/{attachmentId}";

    // Issue 16: what happens after the decision.
    public static string Governance(string roundId) => $"governance/{roundId}";

    public static string[] Parts(string key) => key.Split('/');
}

public static class GrainFactoryExtensions
{
    public static IMemberGrain Member(this IGrainFactory f, string memberId) => f.Get<IMemberGrain>(GrainKeys.Member(memberId));
    public static IRoundGrain Round(this IGrainFactory f, string roundId) => f.Get<IRoundGrain>(GrainKeys.Round(roundId));
    public static IBidGrain Bid(this IGrainFactory f, string roundId, string bidId) => f.Get<IBidGrain>(GrainKeys.Bid(roundId, bidId));
    public static IModerationGrain Moderation(this IGrainFactory f, string roundId) => f.Get<IModerationGrain>(GrainKeys.Moderation(roundId));
    public static IApplicationGrain Application(this IGrainFactory f, string roundId, string applicationId) =>
        f.Get<IApplicationGrain>(GrainKeys.Application(roundId, applicationId));
    public static IAttachmentGrain Attachment(this IGrainFactory f, string roundId, string applicationId, string attachmentId) =>
        f.Get<IAttachmentGrain>(GrainKeys.Attachment(roundId, applicationId, attachmentId));
    public static IGovernanceGrain Governance(this IGrainFactory f, string roundId) => f.Get<IGovernanceGrain>(GrainKeys.Governance(roundId));
    public static IRoundRegistryGrain Registry(this IGrainFactory f) => f.Get<IRoundRegistryGrain>(GrainKeys.Registry);

    /// <summary>
    /// Orleans works out which grain class and interface id an interface means on every
    /// GetGrain, by formatting and parsing its type name (measured: a fifth of the strings the
    /// silo allocated under the sheet load). The answer never changes in a running process, so it
    /// is worked out once per interface and the reference built straight from the grain id.
    /// </summary>
    public static T Get<T>(this IGrainFactory f, string key) where T : IGrainWithStringKey
    {
        if (Resolved<T>.Types is { } types)
            return (T)f.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        var grain = f.GetGrain<T>(key);
        var reference = (GrainReference)(object)grain;
        // A client that has not yet seen the cluster's type map gets a stand-in ("sys.") type: not kept.
        if (!reference.GrainId.Type.ToString()!.StartsWith(GrainTypePrefix.SystemPrefix, StringComparison.Ordinal))
            Resolved<T>.Types = new ResolvedTypes(reference.GrainId.Type, reference.InterfaceType);
        return grain;
    }

    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class Resolved<T>
    {
        // A reference, so that a thread reads both halves or neither.
        public static volatile ResolvedTypes? Types;
    }
}
