namespace Prioritise.Silo;

/// <summary>
/// Headers on every answer. Pages get a strict Content-Security-Policy (scripts only from the silo, never inline; styles
/// and images from the silo only); the dashboard, which is Orleans' own single-page app, gets the
/// rest but not the CSP. Nothing is cached: results and keys are not for shared caches.
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers["X-Content-Type-Options"] = "nosniff";
                headers["X-Frame-Options"] = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                if (!context.Request.Path.StartsWithSegments("/dashboard"))
                    headers["Content-Security-Policy"] = PagePolicy;
                if (!context.Request.Path.StartsWithSegments("/site.css"))
                    headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next();
        });
}
