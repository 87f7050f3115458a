using Microsoft.AspNetCore.Authorization;
using Orleans.Dashboard;
using Prioritise.Silo.Auth;

namespace Prioritise.Silo.Hosting;

public static class DashboardSetup
{
    public const string Path = "/dashboard";

    /// <summary>
    /// The Orleans dashboard at /dashboard: open in the embedded development default, otherwise
    /// for the administrator only (a member's key gets 403). It shows every grain and silo, which
    /// is more than any committee member may see. A browser cannot send a bearer key, so here the
    /// administrator key is also accepted as the password of HTTP Basic authentication.
    /// </summary>
    public static IEndpointConventionBuilder MapPrioritiseDashboard(this WebApplication app, PrioritiseOptions options)
    {
        var dashboard = app.MapOrleansDashboard(Path);
        return options.DashboardIsOpen
            ? dashboard.AllowAnonymous()
            : dashboard.RequireAuthorization(new AuthorizationPolicyBuilder(KeyAuthenticationHandler.SchemeName)
                .RequireClaim(KeyAuthenticationHandler.AdminClaim, "true").Build());
    }
}
