using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Prioritise.Grains;
using Prioritise.Grains.Security;
using Prioritise.Silo.Auth;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo.Web;

/// <summary>
/// The pages' session: a person signs in once with their personal key and gets an HttpOnly,
/// SameSite=Strict cookie. The cookie carries the key's hash (encrypted by ASP.NET Core data
/// protection), and every request checks it still matches, so reissuing a key ends old sessions.
/// The API never accepts this cookie: it takes only the Bearer key, so no page can be made to call it.
/// </summary>
public static class SessionCookie
{
    public const string Scheme = "Session";
    public const string Policy = "Session";
    private const string KeyHashClaim = "prioritise:key-hash";

    public static AuthenticationBuilder AddSessionCookie(this AuthenticationBuilder auth) =>
        auth.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "prioritise-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/sign-in";
            o.LogoutPath = "/sign-out";
            o.AccessDeniedPath = "/sign-in";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = Validate;
            // Signed in but not allowed: say so with 403, rather than bouncing to the sign-in page.
            o.Events.OnRedirectToAccessDenied = async context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"en-GB\"><head><title>Not allowed - Prioritise</title><link rel=\"stylesheet\" href=\"/site.css\"></head>" +
                    "<body><main><h1>You do not have access to this page</h1><p>Your role on this committee does not include it. " +
                    "<a href=\"/rounds\">Back to your rounds</a></p></main></body></html>");
            };
        });

    /// <summary>Checks a presented key; on success the principal for the session, else null.</summary>
    public static async Task<ClaimsPrincipal?> SignInPrincipal(string key, AdminKey adminKey, IGrainFactory grains, VerifiedKeys verifiedKeys)
    {
        key = key.Trim();
        var hash = MemberKeys.Hash(key);
        string id;
        bool admin;
        if (adminKey.Matches(key)) (id, admin) = ("admin", true);
        else if (MemberKeys.ClaimedMember(key) is { } memberId && await verifiedKeys.Check(grains, memberId, hash)) (id, admin) = (memberId, false);
        else return null;

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, id), new(KeyHashClaim, Convert.ToBase64String(hash)) };
        if (admin) claims.Add(new Claim(KeyAuthenticationHandler.AdminClaim, "true"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    private static async Task Validate(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var hashText = principal?.FindFirstValue(KeyHashClaim);
        var still = false;
        if (principal is not null && hashText is not null)
        {
            var hash = Convert.FromBase64String(hashText);
            var caller = principal.Caller();
            var services = context.HttpContext.RequestServices;
            still = caller.IsAdmin
                ? services.GetRequiredService<AdminKey>().MatchesHash(hash)
                : await services.GetRequiredService<VerifiedKeys>().Check(services.GetRequiredService<IGrainFactory>(), caller.Id, hash);
        }
        if (!still)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
