using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Members;
using Prioritise.Grains;
using Prioritise.Grains.Sessions;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>The key just issued, shown once: taken from the session's grain as it is shown, so a reload shows nothing.</summary>
public sealed class KeyIssuedModel(IGrainFactory grains) : SetupPage(grains)
{
    [BindProperty(SupportsGet = true, Name = "id")] public string MemberId { get; set; } = "";
    public MemberProfile? Profile { get; private set; }
    public string? Key { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!MayManageMembers) return Forbid(SessionCookie.Scheme);
        if (!Ids.IsValid(MemberId)) return NotFound();
        Profile = await Grains.Member(MemberId).GetProfile();
        if (Profile is null) return NotFound();
        Key = await Grains.Session(User.SessionId()!).TakeIssuedKey(MemberId);
        return Page();
    }
}
