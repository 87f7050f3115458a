using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Prioritise.Silo.Auth;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo.Pages;

/// <summary>
/// After the session here has ended (<see cref="SignOutModel"/>): the provider's end-session
/// endpoint, with the id_token as the hint (issue 17); the provider sends the browser back to the
/// sign-in page. Anonymous: the session is already gone by the time the browser gets here.
/// </summary>
[AllowAnonymous]
public sealed class SignOutOrganisationModel(IOptions<PrioritiseOptions> options) : PageModel
{
    public IActionResult OnGet()
    {
        if (!options.Value.Oidc.IsConfigured) return RedirectToPage("/SignIn");
        var properties = new AuthenticationProperties { RedirectUri = "/sign-in" };
        if (TempData[SignOutModel.IdTokenKey] is string idToken) properties.Items[OrganisationSignIn.IdTokenItem] = idToken;
        return SignOut(properties, OrganisationSignIn.Scheme);
    }
}
