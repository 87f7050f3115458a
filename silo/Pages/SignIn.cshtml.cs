using Prioritise.Grains.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Prioritise.Silo.Auth;
using Prioritise.Silo.Hosting;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages;

public sealed class SignInModel(AdminKey adminKey, IGrainFactory grains, FailedKeyThrottle throttle, VerifiedKeys verifiedKeys,
    Microsoft.Extensions.Options.IOptions<PrioritiseOptions> options) : PageModel
{
    [BindProperty] public string? Key { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>"failed" when the identity provider refused or broke the sign-in (issue 17).</summary>
    [BindProperty(SupportsGet = true)] public string? Organisation { get; set; }
    public List<string> Errors { get; } = [];

    /// <summary>Whether "Sign in with your organisation" is offered (Prioritise:Oidc is set).</summary>
    public bool OrganisationSignIn => options.Value.Oidc.IsConfigured;
    public string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/rounds";

    public void OnGet()
    {
        if (Organisation == "failed" && OrganisationSignIn)
            Errors.Add("Signing in with your organisation did not work. Try again, or use your personal key.");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var client = HttpContext.Connection.RemoteIpAddress;
        if (throttle.IsBlocked(client))
        {
            Errors.Add("Too many keys were not recognised from this computer. Wait a minute and try again.");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)throttle.Window.TotalSeconds).ToString();
            return Page();
        }
        var principal = string.IsNullOrWhiteSpace(Key) || Key.Length > 512 ? null : await SessionCookie.SignInPrincipal(Key, adminKey, grains, verifiedKeys);
        if (principal is null)
        {
            throttle.RecordFailure(client);
            Errors.Add("That key is not recognised. Check it and try again.");
            return Page();
        }
        await HttpContext.SignInAsync(SessionCookie.Scheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/rounds");
    }
}
