namespace Prioritise.Grains;

/// <summary>
/// The list of registered members (issue 14), so the members page can show the register without
/// scanning storage. A member adds itself once registered (a follow-up of its registration,
/// finished on its next activation if a crash came between: MultiGrainStep).
/// </summary>
public interface IMemberDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: adding a member already listed changes nothing.</summary>
    Task Add(string memberId);
    Task<IReadOnlyList<string>> List();
}

public static class MemberDirectoryKeys
{
    public const string Directory = "registry/members";

    public static IMemberDirectoryGrain MemberDirectory(this IGrainFactory grains) => grains.Get<IMemberDirectoryGrain>(Directory);
}
