using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo.Auth;

/// <summary>
/// Sign-in through the organisation's identity provider (issue 17): OpenID Connect, authorisation
/// code with PKCE, offered only when <c>Prioritise:Oidc:Authority</c>, <c>ClientId</c> and
/// <c>ClientSecret</c> are set. The handler (Microsoft.AspNetCore.Authentication.OpenIdConnect)
/// does state, nonce, PKCE and the id_token's signature, issuer and audience. What it proves is
/// kept for a few minutes in a cookie of its own (<see cref="CallbackScheme"/>), never as a session:
/// the sign-in page then finds the member (<see cref="Prioritise.Domain.Members.IdentityMatch"/>),
/// and only a member gets a session (<see cref="Web.SessionCookie"/>), with roles from the round's
/// committee as with a key. Nothing in the provider's claims beyond who the person is counts.
/// </summary>
public static class OrganisationSignIn
{
    public const string Scheme = "Organisation";
    public const string CallbackScheme = "OrganisationCallback";
    public const string CallbackPath = "/sign-in/organisation/callback";
    public const string SignedOutCallbackPath = "/sign-out/organisation/callback";
    /// <summary>Where the provider's id_token is kept with the session, for the end-session request's hint.</summary>
    public const string IdTokenItem = "prioritise:id-token";

    public static AuthenticationBuilder AddOrganisationSignIn(this AuthenticationBuilder auth, OidcOptions oidc)
    {
        if (!oidc.IsConfigured) return auth;
        auth.AddCookie(CallbackScheme, o =>
        {
            o.Cookie.Name = "prioritise-organisation";
            o.Cookie.HttpOnly = true;
            // Lax: it is set on the provider's redirect back, a top-level navigation from another site.
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            o.SlidingExpiration = false;
        });
        auth.AddOpenIdConnect(Scheme, "Your organisation", o =>
        {
            o.Authority = oidc.Authority!.Trim();
            o.ClientId = oidc.ClientId!.Trim();
            o.ClientSecret = oidc.ClientSecret;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back in the query of a top-level GET, so SameSite=Lax cookies carry the
            // correlation and nonce; a form_post from another site would need SameSite=None.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("email");
            o.SignInScheme = CallbackScheme;
            o.CallbackPath = CallbackPath;
            o.SignedOutCallbackPath = SignedOutCallbackPath;
            o.SignedOutRedirectUri = "/sign-in";
            // The claims as the provider names them (sub, email, email_verified), not mapped to WS-* names.
            o.MapInboundClaims = false;
            o.SaveTokens = true;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnRedirectToIdentityProviderForSignOut = context =>
            {
                // The session's own copy of the id_token: the provider knows whose session to end.
                if (context.Properties.Items.TryGetValue(IdTokenItem, out var idToken) && idToken is { Length: > 0 })
                    context.ProtocolMessage.IdTokenHint = idToken;
                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = context =>
            {
                // A refused or broken answer from the provider: say so on the sign-in page, not with a stack trace.
                context.HandleResponse();
                context.Response.Redirect("/sign-in?organisation=failed");
                return Task.CompletedTask;
            };
        });
        return auth;
    }

    /// <summary>Who the provider says signed in: its subject, email and whether it verified that email.</summary>
    public static (string? Subject, string? Email, bool EmailVerified) Identity(ClaimsPrincipal principal)
    {
        var verified = principal.FindFirstValue("email_verified");
        return (principal.FindFirstValue("sub"), principal.FindFirstValue("email"),
            string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase));
    }
}
