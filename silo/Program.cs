using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Orleans.Dashboard;
using Prioritise.Grains.Seeding;
using Prioritise.Grains.Storage;
using Prioritise.Silo;
using Prioritise.Silo.Auth;
using Prioritise.Silo.Endpoints;
using Prioritise.Silo.Hosting;
using Prioritise.Silo.Web;
using Microsoft.AspNetCore.DataProtection;

// Configuration comes from appsettings.json at the repository root (copied beside the silo at
// build), then environment variables (Prioritise__AdminKey), then the command line.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
var options = builder.Configuration.GetSection(PrioritiseOptions.Section).Get<PrioritiseOptions>() ?? new PrioritiseOptions();
builder.Services.Configure<PrioritiseOptions>(builder.Configuration.GetSection(PrioritiseOptions.Section));

// Behind nginx (or any proxy) the client is in X-Forwarded-For: believed from loopback and from
// Prioritise:TrustedProxies only. A bad entry stops the silo with one line naming the setting.
TrustedProxies trustedProxies;
try
{
    trustedProxies = TrustedProxies.Parse(TrustedProxies.Entries(builder.Configuration));
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
builder.Services.Configure<ForwardedHeadersOptions>(trustedProxies.Configure);

using (var startupLog = LoggerFactory.Create(l => l.AddConsole()))
    builder.Services.AddSingleton(AdminKey.Resolve(options, startupLog.CreateLogger("Prioritise")));

builder.UseOrleans(silo =>
{
    // The embedded SQLite store (one silo), or PostgreSQL for a cluster (Prioritise:Store).
    silo.AddPrioritiseStore(options);
    silo.AddStartupTask<SeedStartupTask>();
    silo.AddDashboard();
});
builder.Services.AddSingleton<SeedLoader>();
builder.Services.AddSingleton<SeedStartupTask>();

// The embedded default listens on http://localhost:5080 unless --urls or ASPNETCORE_URLS says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://localhost:5080");
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails();
// After the default writer: refusals are problem details even when Accept excludes JSON.
builder.Services.AddSingleton<IProblemDetailsWriter, FallbackProblemDetailsWriter>();
builder.Services.AddExceptionHandler<RefusalExceptionHandler>();
builder.Services.AddOpenApi(OpenApiDocs.Configure);

builder.Services.AddSingleton<FailedKeyThrottle>();
builder.Services.AddAnalysisLimits(options);
builder.Services.AddAuthentication(KeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, KeyAuthenticationHandler>(KeyAuthenticationHandler.SchemeName, null)
    .AddSessionCookie()
    // The dashboard takes either; forwarding picks one, so exactly one of them answers a challenge.
    .AddPolicyScheme("KeyOrSession", "Key or session", o => o.ForwardDefaultSelector = context =>
        string.IsNullOrEmpty(context.Request.Headers.Authorization) && context.Request.Cookies.ContainsKey("prioritise-session")
            ? SessionCookie.Scheme
            : KeyAuthenticationHandler.SchemeName);
builder.Services.AddAuthorizationBuilder()
    // Every API route needs a Bearer key unless it says otherwise (/health, the OpenAPI document).
    .SetFallbackPolicy(new AuthorizationPolicyBuilder(KeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build())
    // The pages need a signed-in session.
    .AddPolicy(SessionCookie.Policy, p => p.AddAuthenticationSchemes(SessionCookie.Scheme).RequireAuthenticatedUser())
    // The dashboard: an administrator, by key or by session.
    .AddPolicy("Admin", p => p.AddAuthenticationSchemes("KeyOrSession")
        .RequireClaim(KeyAuthenticationHandler.AdminClaim, "true"));
// Sessions must outlive a restart of the silo, and in a cluster be readable by every silo.
var dataProtection = builder.Services.AddDataProtection().SetApplicationName("prioritise");
if (options.IsCluster)
    builder.Services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o =>
        o.XmlRepository = new PostgresKeyRing(options.ConnectionString!));
else
    dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.ResolvedDataPath, "keys")));
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/", SessionCookie.Policy);
    o.Conventions.AllowAnonymousToPage("/SignIn");
});

var app = builder.Build();

// First: everything after it (the throttle, the cookie's Secure flag, redirects) sees the client.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
// After authentication: the analysis limits are per caller.
app.UseRateLimiter();
app.UseKnownRequestCharsets();

app.MapOpenApi().AllowAnonymous();
app.MapHealth();
app.MapMembers();
app.MapRounds();
app.MapBids();
app.MapModeration();
app.MapReports();
app.MapBackups();
app.MapCeiling();
app.MapRazorPages();
app.MapPrioritiseDashboard(options);

app.Run();
return 0;

/// <summary>Visible to the HTTP tests, which start this program on loopback.</summary>
public partial class Program;
