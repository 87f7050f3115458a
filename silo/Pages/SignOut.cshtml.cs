using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Prioritise.Silo.Auth;
using Prioritise.Silo.Hosting;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages;

public sealed class SignOutModel(IOptions<PrioritiseOptions> options) : PageModel
{
    public const string IdTokenKey = "prioritise:sign-out-id-token";

    public IActionResult OnGet() => RedirectToPage("/Rounds/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        var throughProvider = SessionCookie.IsThroughProvider(User) && options.Value.Oidc.IsConfigured;
        var session = throughProvider ? await HttpContext.AuthenticateAsync(SessionCookie.Scheme) : null;
        // Ends the session on the server, not only the browser's cookie: a copy of it no longer works.
        await SessionCookie.SignOut(HttpContext);
        if (!throughProvider)
        {
            TempData["Notice"] = "You have signed out.";
            return RedirectToPage("/SignIn");
        }
        // Then at the provider (issue 17), from a page rather than this form's redirect: the pages'
        // form-action policy would stop a form's redirect to another site.
        if (session?.Properties?.Items.TryGetValue(OrganisationSignIn.IdTokenItem, out var idToken) == true && idToken is { Length: > 0 })
            TempData[IdTokenKey] = idToken;
        Response.Headers["Refresh"] = "0;url=/sign-out/organisation";
        return Page();
    }
}
