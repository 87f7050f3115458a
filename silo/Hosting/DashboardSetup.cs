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
    /// administrator key is also accepted as the password of HTTP Basic authentication, and an
    /// administrator signed in to the pages may open it with their session.
    /// </summary>
    public static IEndpointConventionBuilder MapPrioritiseDashboard(this WebApplication app, PrioritiseOptions options)
    {
        var dashboard = app.MapOrleansDashboard(Path);
        return options.DashboardIsOpen
            ? dashboard.AllowAnonymous()
            // "Admin": the administrator key as a Bearer key or Basic password, or a signed-in session.
            : dashboard.RequireAuthorization("Admin");
    }
}
