using Microsoft.AspNetCore.Authentication;

namespace Prioritise.Silo.Web;

/// <summary>
/// Where the error pages apply (issue 14): every path a person opens in a browser. The API, the
/// health probes, the OpenAPI document and Orleans' dashboard keep the answers their clients read
/// (problem details, plain status codes), exactly as before.
/// </summary>
public static class ErrorPages
{
    private static readonly string[] MachinePaths = ["/api", "/health", "/alive", "/openapi", Hosting.DashboardSetup.Path];

    public static bool IsPagePath(PathString path) => !MachinePaths.Any(p => path.StartsWithSegments(p));

    /// <summary>
    /// After routing: a page path that matched no page and no file. Signed in (the session checked as
    /// for any page), an empty 404, which the status-code pages turn into the error page; signed out,
    /// the session's challenge (to sign-in). Without this the fallback policy would answer the API's 401.
    /// </summary>
    public static IApplicationBuilder UseUnknownPagePaths(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is not null || !IsPagePath(context.Request.Path))
            {
                await next();
                return;
            }
            var session = await context.AuthenticateAsync(SessionCookie.Scheme);
            if (!session.Succeeded)
            {
                await context.ChallengeAsync(SessionCookie.Scheme);
                return;
            }
            context.User = session.Principal;
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
}
