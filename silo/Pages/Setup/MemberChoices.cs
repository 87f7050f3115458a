using Prioritise.Domain.Members;
using Prioritise.Grains;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>The registered members, by name: the member directory's (every registration, the seeds' included, lists itself).</summary>
public static class MemberChoices
{
    public static async Task<IReadOnlyList<MemberProfile>> All(IGrainFactory grains)
    {
        var ids = await grains.MemberDirectory().List();
        var profiles = await Task.WhenAll(ids.Select(id => grains.Member(id).GetProfile()));
        return profiles.OfType<MemberProfile>().OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }
}
