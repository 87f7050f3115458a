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
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prioritise.Grains;
using Prioritise.Grains.Mail;
using Prioritise.Domain.Mail;
using Prioritise.Silo.Mail;
using Microsoft.Extensions.DependencyInjection.Extensions;

// Configuration comes from appsettings.json at the repository root (copied beside the silo at
// build), then environment variables (Prioritise__AdminKey), then the command line.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
// A configuration the silo cannot run with stops it here, before anything starts, with one line
// on stderr naming the setting and exit code 2 (not an unhandled exception's stack trace and 134).
PrioritiseOptions options;
try
{
    options = builder.Configuration.GetSection(PrioritiseOptions.Section).Get<PrioritiseOptions>() ?? new PrioritiseOptions();
    options.Validate();
}
catch (ConfigurationException e)
{
    Console.Error.WriteLine(ConfigurationException.Line(string.Join(" ", e.Problems)));
    return 2;
}
catch (InvalidOperationException e)
{
    // The binder: "Failed to convert configuration value 'abc' at 'Prioritise:SiloPort' to type 'System.Int32'."
    Console.Error.WriteLine(ConfigurationException.Line(e.Message));
    return 2;
}
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
    Console.Error.WriteLine(ConfigurationException.Line(e.Message));
    return 2;
}
builder.Services.Configure<ForwardedHeadersOptions>(trustedProxies.Configure);

// The same Logging section as the host's (Logging__Console__FormatterName=json makes these JSON too).
AdminKey adminKey;
using (var startupLog = LoggerFactory.Create(l => l.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole()))
    adminKey = AdminKey.Resolve(options, startupLog.CreateLogger("Prioritise"));
builder.Services.AddSingleton(adminKey);

// OpenTelemetry: traces and metrics over OTLP, only when the standard OTEL_EXPORTER_OTLP_ENDPOINT
// is set; the exporter reads OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_METRIC_EXPORT_INTERVAL,
// OTEL_BSP_SCHEDULE_DELAY and OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) itself.
var telemetry = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
if (telemetry)
{
    builder.Services.AddOpenTelemetry()
        .ConfigureResource(r =>
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"])) r.AddService("prioritise");
        })
        .WithTracing(t => t
            // The health probes every few seconds would drown the requests that matter.
            .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health") && !c.Request.Path.StartsWithSegments("/alive"))
            .AddHttpClientInstrumentation()
            .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
            .AddOtlpExporter())
        .WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddMeter("Microsoft.Orleans", PrioritiseMetrics.MeterName)
            .AddOtlpExporter());
}

builder.UseOrleans(silo =>
{
    // The embedded SQLite store (one silo), or PostgreSQL for a cluster (Prioritise:Store).
    silo.AddPrioritiseStore(options);
    silo.AddStartupTask<SeedStartupTask>();
    silo.AddDashboard();
    // Grain calls carry the caller's trace (and Orleans starts its activities) only with this.
    if (telemetry) silo.AddActivityPropagation();
});
builder.Services.AddSingleton<SeedLoader>();
builder.Services.AddSingleton<SeedStartupTask>();

// The embedded default listens on http://localhost:5080 unless --urls, ASPNETCORE_URLS or
// ASPNETCORE_HTTP_PORTS (the container image's one way: 8080 on every address) says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
    builder.WebHost.UseUrls("http://localhost:5080");
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails();
// After the default writer: refusals are problem details even when Accept excludes JSON.
builder.Services.AddSingleton<IProblemDetailsWriter, FallbackProblemDetailsWriter>();
builder.Services.AddExceptionHandler<RefusalExceptionHandler>();
builder.Services.AddOpenApi(OpenApiDocs.Configure);
builder.Services.AddPrioritiseHealthChecks();

builder.Services.AddSingleton<FailedKeyThrottle>();
builder.Services.AddAnalysisLimits(options);
builder.Services.AddAuthentication(KeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, KeyAuthenticationHandler>(KeyAuthenticationHandler.SchemeName, null)
    .AddSessionCookie()
    // The organisation's identity provider, when Prioritise:Oidc is set (issue 17).
    .AddOrganisationSignIn(options.Oidc)
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
// Sessions must outlive a restart of the silo, and in a cluster be readable by every silo. The
// key ring is encrypted at rest (AES-256-GCM) with Prioritise:KeyRingKey, or a key derived from
// the administrator key (KeyRingEncryption.cs); keys stored before were in the clear and still read.
var keyRingSecret = options.KeyRingKey is { Length: > 0 } configuredKeyRingKey
    ? KeyRingSecret.Configured(configuredKeyRingKey)
    : adminKey.DerivedKeyRingSecret;
builder.Services.AddSingleton(keyRingSecret);
var dataProtection = builder.Services.AddDataProtection().SetApplicationName("prioritise");
builder.Services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new AesGcmXmlEncryptor(keyRingSecret));
if (options.IsCluster)
    builder.Services.Configure<KeyManagementOptions>(o =>
        o.XmlRepository = new PostgresKeyRing(options.ConnectionString!));
else
    dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.ResolvedDataPath, "keys")));
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/", SessionCookie.Policy);
    o.Conventions.AllowAnonymousToPage("/SignIn");
    // An error page needs no session (a bad sign-in form can fail too); the header shows sign-out to those who have one.
    o.Conventions.AllowAnonymousToFolder("/Error");
    o.Conventions.AllowAnonymousToPage("/SignInOrganisation");
    o.Conventions.AllowAnonymousToPage("/SignOutOrganisation");
});

// Mail (issue 17): links and Message-IDs from Prioritise:PublicUrl, an outbox sender, and reminders
// before each round's deadline, both driven by the one TimeProvider.
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton(new MailSettings(options.ResolvedPublicUrl(), MailSettings.Zone(options.Mail.TimeZone)));
builder.Services.AddHostedService<OutboxSender>();
builder.Services.AddHostedService(services => new ReminderService(
    services.GetRequiredService<IGrainFactory>(),
    ReminderSchedule.Parse(options.Mail.Reminders ?? [.. ReminderSchedule.Default], options.MorningAt()),
    services.GetRequiredService<MailSettings>(), services.GetRequiredService<TimeProvider>(),
    TimeSpan.FromSeconds(Math.Max(0.05, options.Mail.ReminderCheckSeconds)),
    services.GetRequiredService<ILogger<ReminderService>>()));

var app = builder.Build();

// First: everything after it (the throttle, the cookie's Secure flag, redirects) sees the client.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseExceptionHandler();
// Inside the exception handler: an idempotent request caught by a silo's death is run again before it answers 503.
app.UseTransientRetry();
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
// Everywhere else a person is looking (issue 14): an empty 403 or 404 from a page, or the
// fallback below, becomes the error page with the site's header, its status kept.
app.UseWhen(c => ErrorPages.IsPagePath(c.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
app.UseStaticFiles();
app.UseRouting();
// A page path nothing answers: the 404 page for a signed-in person (not the API's 401), the sign-in
// page first for anyone else, as for any page. Not a fallback route: one of those would sit beside
// every /api route in the matcher and change what they answer.
app.UseUnknownPagePaths();
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
app.MapApplications();
app.MapModeration();
app.MapReports();
app.MapGovernance();
app.MapBackups();
app.MapCeiling();
app.MapOutbox();
app.MapRazorPages();
app.MapPrioritiseDashboard(options);

try
{
    app.Run();
}
catch (OptionsValidationException e)
{
    // Orleans' and ASP.NET Core's own options, validated as the host starts.
    Console.Error.WriteLine(ConfigurationException.Line(string.Join(" ", e.Failures)));
    return 2;
}
return 0;

/// <summary>Visible to the HTTP tests, which start this program on loopback.</summary>
public partial class Program;
