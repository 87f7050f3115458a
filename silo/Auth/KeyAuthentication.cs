using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Prioritise.Grains;
using Prioritise.Grains.Security;
using Prioritise.Silo.Hosting;

namespace Prioritise.Silo.Auth;

/// <summary>"Authorization: Bearer &lt;key&gt;": the administrator key, or a member's personal key.</summary>
public sealed class KeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AdminKey adminKey, IGrainFactory grains, FailedKeyThrottle throttle, VerifiedKeys verifiedKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string AdminClaim = "prioritise:admin";
    /// <summary>The organisation-wide secretary (issue 14): read from the member's record on each request.</summary>
    public const string SecretaryClaim = "prioritise:secretary";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        var client = Context.Connection.RemoteIpAddress;
        if (throttle.IsBlocked(client))
        {
            Context.Items[ThrottledItem] = true;
            return AuthenticateResult.Fail("Too many unrecognised keys from this address.");
        }
        string? key = null;
        if (header.Length <= 512 && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            key = header["Bearer ".Length..].Trim();
        else if (header.Length <= 512 && IsDashboard && BasicPassword(header) is { } password)
            key = password; // a browser on the dashboard: the key is the password, the user name is ignored
        if (key is null)
        {
            throttle.RecordFailure(client);
            return AuthenticateResult.Fail("Use 'Authorization: Bearer <key>'.");
        }

        if (adminKey.Matches(key))
            return Success("admin", isAdmin: true);

        if (MemberKeys.ClaimedMember(key) is { } memberId && await verifiedKeys.Verify(grains, memberId, MemberKeys.Hash(key)) is { Valid: true } check)
            return Success(memberId, isAdmin: false, check.Secretary);
        throttle.RecordFailure(client);
        return AuthenticateResult.Fail("The key is not recognised.");
    }

    private const string ThrottledItem = "prioritise:throttled";

    private static AuthenticateResult Success(string id, bool isAdmin, bool isSecretary = false)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, id) };
        if (isAdmin) claims.Add(new Claim(AdminClaim, "true"));
        if (isSecretary) claims.Add(new Claim(SecretaryClaim, "true"));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(ThrottledItem))
        {
            Context.Response.Headers.RetryAfter = ((int)throttle.Window.TotalSeconds).ToString();
            return Problems.Write(Context, StatusCodes.Status429TooManyRequests, "Too many unrecognised keys.",
                "This address presented too many unrecognised keys; wait and try again.");
        }
        // Lets a browser ask for the administrator key on the dashboard.
        if (IsDashboard) Response.Headers.WWWAuthenticate = "Basic realm=\"Prioritise dashboard\", charset=\"UTF-8\"";
        return Problems.Write(Context, StatusCodes.Status401Unauthorized, "A valid key is required.",
            "Send 'Authorization: Bearer <key>' with the administrator key or your personal key.");
    }

    private bool IsDashboard => Request.Path.StartsWithSegments(DashboardSetup.Path, StringComparison.OrdinalIgnoreCase);

    private static string? BasicPassword(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':');
            return colon >= 0 ? decoded[(colon + 1)..].Trim() : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Not allowed.", null);
}

public static class CallerExtensions
{
    /// <summary>The authenticated caller, as grains understand it.</summary>
    public static Caller Caller(this ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Endpoint reached without authentication.");
        return new Caller(id, user.HasClaim(KeyAuthenticationHandler.AdminClaim, "true"), user.HasClaim(KeyAuthenticationHandler.SecretaryClaim, "true"));
    }
}
