using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Prioritise.Domain;
using Prioritise.Domain.Members;
using Prioritise.Grains;
using Prioritise.Silo.Auth;
using Prioritise.Silo.Hosting;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages;

/// <summary>
/// Sign-in through the organisation's identity provider (issue 17). <c>GET /sign-in/organisation</c>
/// sends the browser to the provider; the handler checks its answer at the callback and keeps it
/// briefly; <c>GET /sign-in/organisation/complete</c> then finds the member (by subject, or once by
/// verified email) and starts their session, or says whom to ask and makes no account.
/// </summary>
[AllowAnonymous]
public sealed class SignInOrganisationModel(IGrainFactory grains, IOptions<PrioritiseOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool Unknown { get; private set; }
    public bool EmailUnverified { get; private set; }
    public string? Email { get; private set; }
    public string Continue { get; private set; } = "/rounds";
    public string Contact => options.Value.Oidc.ContactText is { Length: > 0 } c ? c : "the committee secretary or the administrator";

    public IActionResult OnGet()
    {
        if (!options.Value.Oidc.IsConfigured) return NotFound();
        var back = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/rounds";
        return Challenge(new AuthenticationProperties { RedirectUri = "/sign-in/organisation/complete?returnUrl=" + Uri.EscapeDataString(back) },
            OrganisationSignIn.Scheme);
    }

    public async Task<IActionResult> OnGetCompleteAsync()
    {
        if (!options.Value.Oidc.IsConfigured) return NotFound();
        var answer = await HttpContext.AuthenticateAsync(OrganisationSignIn.CallbackScheme);
        // What the provider proved is used once: whatever happens next, it is dropped.
        await HttpContext.SignOutAsync(OrganisationSignIn.CallbackScheme);
        if (!answer.Succeeded || answer.Principal is null) return Redirect("/sign-in?organisation=failed");
        var (subject, email, verified) = OrganisationSignIn.Identity(answer.Principal);
        if (string.IsNullOrEmpty(subject)) return Redirect("/sign-in?organisation=failed");

        var directory = grains.IdentityDirectory();
        var bySubject = await directory.MemberByExternalId(subject) is { } a ? await grains.Member(a).GetProfile() : null;
        var byEmail = email is { Length: > 0 } && await directory.MemberByEmail(email) is { } b ? await grains.Member(b).GetProfile() : null;
        var match = IdentityMatch.Find(subject, bySubject, email, verified, byEmail);
        if (match is not { } found)
        {
            Unknown = true;
            Email = email;
            EmailUnverified = byEmail is not null && !verified;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        try
        {
            if (found.Link) await grains.Member(found.Member.Id).LinkExternalId(subject);
        }
        catch (DomainException)
        {
            // Linked to another account since the look-up: the same answer as for a stranger.
            Unknown = true;
            Email = email;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        var principal = await SessionCookie.SignInThroughProvider(found.Member.Id, subject, grains);
        var properties = new AuthenticationProperties();
        if (answer.Properties?.GetTokenValue("id_token") is { Length: > 0 } idToken)
            properties.Items[OrganisationSignIn.IdTokenItem] = idToken;
        await HttpContext.SignInAsync(SessionCookie.Scheme, principal, properties);
        Continue = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/rounds";
        // A page, not a redirect: the session cookie is SameSite=Strict, and a browser sends it on
        // none of a redirect chain that began at the provider's site; a navigation from this page is ours.
        Response.Headers["Refresh"] = "0;url=" + Continue;
        return Page();
    }
}
