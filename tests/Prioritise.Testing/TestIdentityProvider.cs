using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Prioritise.Testing;

/// <summary>A person the test provider knows: their subject, email and whether the provider verified it.</summary>
public sealed record ProviderUser(string UserName, string Subject, string Email, bool EmailVerified = true, string Name = "Test Person");

/// <summary>
/// A real OpenID Connect provider on loopback, started by the test (OpenIddict's server, issue 17):
/// discovery, authorisation code with PKCE, the token endpoint with a client secret, signed
/// id_tokens, and end-session. Test support only, never in the service. It runs in OpenIddict's
/// degraded mode (no database), so the checks a store would make are made here: the client id and
/// secret, and redirect URIs on loopback only. Its sign-in page asks for a user name (no password:
/// the test is the only person here) and remembers nobody, so every sign-in shows it.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "prioritise";
    public const string ClientSecret = "prioritise-test-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ProviderUser> _users = new(StringComparer.OrdinalIgnoreCase);

    private TestIdentityProvider(WebApplication app, int port) => (_app, Port) = (app, port);

    public int Port { get; }
    public string Authority => $"http://127.0.0.1:{Port}/";
    /// <summary>How many times a browser reached the end-session endpoint.</summary>
    public int EndSessions;
    /// <summary>How many codes were exchanged at the token endpoint.</summary>
    public int TokensIssued;

    public void Add(ProviderUser user) => _users[user.UserName] = user;

    /// <summary>The environment that points a silo at this provider.</summary>
    public IDictionary<string, string> SiloEnvironment() => new Dictionary<string, string>
    {
        ["Prioritise__Oidc__Authority"] = Authority,
        ["Prioritise__Oidc__ClientId"] = ClientId,
        ["Prioritise__Oidc__ClientSecret"] = ClientSecret,
        ["Prioritise__Oidc__RequireHttpsMetadata"] = "false",
        ["Prioritise__Oidc__ContactText"] = "the committee secretary (secretary@example.org)",
    };

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var port = SiloProcess.FreePorts(1)[0];
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        TestIdentityProvider? self = null;
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetIssuer(new Uri($"http://127.0.0.1:{port}/"));
            o.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/logout");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.DisableAccessTokenEncryption();
            o.EnableDegradedMode();
            o.UseAspNetCore()
                .DisableTransportSecurityRequirement()
                .EnableAuthorizationEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough();
            // Degraded mode: what a store of applications would check, checked here.
            o.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(c =>
            {
                if (c.ClientId != ClientId) c.Reject(Errors.InvalidClient, "Unknown client.");
                else if (!OnLoopback(c.RedirectUri)) c.Reject(Errors.InvalidRequest, "The redirect_uri is not on loopback.");
                return default;
            }));
            o.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.ValidateTokenRequestContext>(h => h.UseInlineHandler(c =>
            {
                if (c.ClientId != ClientId || c.Request.ClientSecret != ClientSecret) c.Reject(Errors.InvalidClient, "Wrong client or secret.");
                else Interlocked.Increment(ref self!.TokensIssued);
                return default;
            }));
            o.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.ValidateEndSessionRequestContext>(h => h.UseInlineHandler(c =>
            {
                if (c.PostLogoutRedirectUri is { } uri && !OnLoopback(uri)) c.Reject(Errors.InvalidRequest, "The post_logout_redirect_uri is not on loopback.");
                return default;
            }));
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        self = new TestIdentityProvider(app, port);
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)self.Authorize);
        app.MapMethods("/connect/logout", [HttpMethods.Get, HttpMethods.Post], (HttpContext context) =>
        {
            Interlocked.Increment(ref self.EndSessions);
            return Results.SignOut(new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = "/" },
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
        await app.StartAsync();
        return self;
    }

    private static bool OnLoopback(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && (u.IsLoopback || IPAddress.TryParse(u.Host, out var ip) && IPAddress.IsLoopback(ip));

    private async Task<IResult> Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an authorisation request.");
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        var userName = form?["username"].ToString();
        if (string.IsNullOrEmpty(userName) || !_users.TryGetValue(userName, out var user))
            return Results.Content(LoginPage(request, userName), "text/html; charset=utf-8");

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.EmailVerified, user.EmailVerified)
            .SetClaim(Claims.Name, user.Name)
            // A provider's claim of a role: the service must take no notice of it.
            .SetClaim(Claims.Role, "admin");
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // The request's parameters go back in hidden fields, so the POST is the same authorisation request.
    private static string LoginPage(OpenIddictRequest request, string? tried)
    {
        var fields = string.Concat(request.GetParameters().Select(p =>
            $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(p.Key)}\" value=\"{WebUtility.HtmlEncode((string?)p.Value)}\">"));
        var error = string.IsNullOrEmpty(tried) ? "" : "<p id=\"error\">Unknown user.</p>";
        return "<!DOCTYPE html><html lang=\"en\"><head><title>Test organisation sign-in</title></head><body>" +
               "<h1>Test organisation</h1>" + error +
               "<form method=\"post\" action=\"/connect/authorize\">" + fields +
               "<label for=\"username\">User name</label> <input id=\"username\" name=\"username\" autocomplete=\"username\">" +
               " <button type=\"submit\" id=\"provider-sign-in\">Sign in</button></form></body></html>";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
