using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Members;
using Prioritise.Domain.Rounds;
using Prioritise.Grains;
using Prioritise.Grains.Security;
using Prioritise.Grains.Sessions;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>
/// Issuing a member a new key (issue 14): asked first, because it stops the current key working;
/// the POST issues it and redirects, so a reload issues nothing. The key waits, in the session's
/// grain's memory only, for the one page that shows it.
/// </summary>
public sealed class IssueKeyModel(IGrainFactory grains) : SetupPage(grains)
{
    [BindProperty(SupportsGet = true, Name = "id")] public string MemberId { get; set; } = "";
    public MemberProfile? Profile { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await Load() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Load() is { } refused) return refused;
        try
        {
            RoundPolicy.RequireKeyIssuer(Caller.IsAdmin, Caller.Id, MemberId, Profile!.Secretary);
        }
        catch (DomainException e)
        {
            AddRefusal(e);
            return Page();
        }
        var (key, hash) = MemberKeys.Issue(MemberId);
        await Grains.Member(MemberId).ReplaceKey(hash);
        await Grains.Session(User.SessionId()!).HoldIssuedKey(MemberId, key);
        return RedirectToPage("/Setup/KeyIssued", new { id = MemberId });
    }

    private async Task<IActionResult?> Load()
    {
        if (!MayManageMembers) return Forbid(SessionCookie.Scheme);
        if (!Ids.IsValid(MemberId)) return NotFound();
        Profile = await Grains.Member(MemberId).GetProfile();
        return Profile is null ? NotFound() : null;
    }
}
