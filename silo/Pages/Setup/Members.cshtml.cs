using Microsoft.AspNetCore.Mvc;
using Prioritise.Domain;
using Prioritise.Domain.Members;
using Prioritise.Grains;
using Prioritise.Grains.Security;
using Prioritise.Grains.Sessions;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages.Setup;

/// <summary>The register of members (issue 14): the administrator and the organisation's secretary register members and issue keys.</summary>
public sealed class MembersModel(IGrainFactory grains) : SetupPage(grains)
{
    public IReadOnlyList<MemberProfile> Members { get; private set; } = [];
    [BindProperty] public string? NewId { get; set; }
    [BindProperty] public string? NewName { get; set; }
    [BindProperty] public string? NewOrganisation { get; set; }
    [BindProperty] public string? NewEmail { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!MayManageMembers) return Forbid(SessionCookie.Scheme);
        Members = await MemberChoices.All(Grains);
        return Page();
    }

    /// <summary>Registers a member; their first key is shown once, on the page this redirects to.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!MayManageMembers) return Forbid(SessionCookie.Scheme);
        var id = string.IsNullOrWhiteSpace(NewId) ? Ids.New() : NewId.Trim();
        var command = new CreateMember(id, NewName, NewOrganisation, null, string.IsNullOrWhiteSpace(NewEmail) ? null : NewEmail.Trim());
        if (!Ids.IsValid(id)) Problem("id", $"'id' {Ids.Rule}.");
        else
        {
            var (key, hash) = MemberKeys.Issue(id);
            if (await TryChange(() => Grains.Member(id).Register(command, hash)))
            {
                await Grains.Session(User.SessionId()!).HoldIssuedKey(id, key);
                TempData["Notice"] = $"{command.Name!.Trim()} is registered.";
                return RedirectToPage("/Setup/KeyIssued", new { id });
            }
        }
        Members = await MemberChoices.All(Grains);
        return Page();
    }
}
