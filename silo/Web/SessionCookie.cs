using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Prioritise.Grains;
using Prioritise.Grains.Security;
using Prioritise.Grains.Sessions;
using Prioritise.Silo.Auth;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo.Web;

/// <summary>
/// The pages' session: a person signs in once with their personal key and gets an HttpOnly,
/// SameSite=Strict cookie. The cookie carries the key's hash (encrypted by ASP.NET Core data
/// protection), and every request checks it still matches, so reissuing a key ends old sessions.
/// The API never accepts this cookie: it takes only the Bearer key, so no page can be made to call it.
/// Each session also has a random id, recorded open in its <see cref="ISessionGrain"/> at sign-in
/// and asked about on every request; signing out ends it there, so a copy of the cookie is refused
/// afterwards on every silo.
/// </summary>
public static class SessionCookie
{
    public const string Scheme = "Session";
    public const string Policy = "Session";
    private const string KeyHashClaim = "prioritise:key-hash";
    private const string SessionClaim = "prioritise:session";
    /// <summary>A session begun through the organisation's identity provider carries its subject instead of a key's hash (issue 17).</summary>
    public const string SubjectClaim = "prioritise:subject";

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
                // A page's 403 is the error page, with the site's header and sign-out (issue 14);
                // only the dashboard, which has no such page, gets this one.
                if (ErrorPages.IsPagePath(context.Request.Path)) return;
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
        bool admin, secretary = false;
        if (adminKey.Matches(key)) (id, admin) = ("admin", true);
        else if (MemberKeys.ClaimedMember(key) is { } memberId && await verifiedKeys.Verify(grains, memberId, hash) is { Valid: true } check)
            (id, admin, secretary) = (memberId, false, check.Secretary);
        else return null;

        // Recorded before the cookie is issued: a session the store does not know is never open.
        var sessionId = SessionKeys.New();
        await grains.Session(sessionId).Start(id);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, id), new(KeyHashClaim, Convert.ToBase64String(hash)), new(SessionClaim, sessionId),
        };
        if (admin) claims.Add(new Claim(KeyAuthenticationHandler.AdminClaim, "true"));
        if (secretary) claims.Add(new Claim(KeyAuthenticationHandler.SecretaryClaim, "true"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The signed-in session's id (the key of its <see cref="ISessionGrain"/>), null for the API's Bearer callers.</summary>
    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(SessionClaim);

    /// <summary>
    /// The session of a member who signed in through the organisation's identity provider (issue 17):
    /// recorded open in its session grain first, like a key's; checked on every request against the
    /// member's linked subject, so unlinking the member ends it.
    /// </summary>
    public static async Task<ClaimsPrincipal> SignInThroughProvider(string memberId, string subject, IGrainFactory grains)
    {
        var sessionId = SessionKeys.New();
        await grains.Session(sessionId).Start(memberId);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new(ClaimTypes.NameIdentifier, memberId), new(SubjectClaim, subject), new(SessionClaim, sessionId)], Scheme));
    }

    /// <summary>Whether this session began at the organisation's identity provider (so signing out ends it there too).</summary>
    public static bool IsThroughProvider(ClaimsPrincipal user) => user.FindFirstValue(SubjectClaim) is { Length: > 0 };

    /// <summary>Ends the signed-in session on the server (every silo refuses its cookie from now on), then drops the cookie.</summary>
    public static async Task SignOut(HttpContext context)
    {
        if (context.User.FindFirstValue(SessionClaim) is { Length: > 0 } sessionId)
            await context.RequestServices.GetRequiredService<IGrainFactory>().Session(sessionId).End();
        await context.SignOutAsync(Scheme);
    }

    private static ClaimsPrincipal WithSecretary(ClaimsPrincipal principal, bool secretary)
    {
        var claims = principal.Claims.Where(c => c.Type != KeyAuthenticationHandler.SecretaryClaim).ToList();
        if (secretary) claims.Add(new Claim(KeyAuthenticationHandler.SecretaryClaim, "true"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    private static async Task Validate(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var hashText = principal?.FindFirstValue(KeyHashClaim);
        var subject = principal?.FindFirstValue(SubjectClaim);
        // A cookie issued before sessions had ids has none: it is refused, and its owner signs in again.
        var sessionId = principal?.FindFirstValue(SessionClaim);
        var still = false;
        if (principal is not null && hashText is null && subject is { Length: > 0 } && sessionId is { Length: > 0 })
        {
            // Through the identity provider: still this member's linked identity, and still open.
            var caller = principal.Caller();
            var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
            var profile = caller.IsAdmin ? null : await grains.Member(caller.Id).GetProfile();
            still = profile is not null && string.Equals(profile.ExternalId, subject, StringComparison.Ordinal)
                    && await grains.Session(sessionId).IsOpen(caller.Id);
        }
        else if (principal is not null && hashText is not null && sessionId is { Length: > 0 })
        {
            var hash = Convert.FromBase64String(hashText);
            var caller = principal.Caller();
            var services = context.HttpContext.RequestServices;
            var grains = services.GetRequiredService<IGrainFactory>();
            var check = caller.IsAdmin
                ? new KeyCheck(services.GetRequiredService<AdminKey>().MatchesHash(hash), false)
                : await services.GetRequiredService<VerifiedKeys>().Verify(grains, caller.Id, hash);
            // Asked on every request, never remembered: the grain is the only word on whether it ended.
            still = check.Valid && await grains.Session(sessionId).IsOpen(caller.Id);
            // The secretary grant is the member's record's, as it stands now (issue 14): a grant
            // made or removed since sign-in counts from this request on.
            if (still && check.Secretary != caller.IsSecretary)
                context.ReplacePrincipal(WithSecretary(principal, check.Secretary));
        }
        if (!still)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
