using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Prioritise.Browser.Tests;

/// <summary>
/// A real silo on loopback and Debian's Chromium driven by Playwright (never a downloaded browser).
/// Screenshots of every step go to artifacts/screenshots/ at the repository root.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static string? ChromiumPath =>
        new[] { Environment.GetEnvironmentVariable("PRIORITISE_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public SiloProcess Silo { get; } = new(seedOnEmpty: false);
    public ApiClient Api { get; private set; } = null!;
    public IPlaywright? Playwright { get; private set; }
    public IBrowser? Browser { get; private set; }
    public string Screenshots { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Screenshots = Path.Combine(Silo.RepoRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(Screenshots);
        await Silo.StartAsync();
        Api = new ApiClient(Silo.CreateClient(), Silo.AdminKey);
        if (ChromiumPath is not { } chromium) return;
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(20_000);
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // As root on a build machine with no network: no sandbox, and nothing that phones home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) on the silo's address.</summary>
    public async Task<IPage> NewPage()
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Silo.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            AcceptDownloads = true,
        });
        // CI's two cores also run the API tests' silos while these run: allow a slow page its time.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// The page as a laptop shows it (1366 px wide) and as a phone does (390 px, "-390"), so both
    /// can be looked at; the viewport is put back afterwards. At each width the page is also
    /// checked (issue 14): axe-core finds no accessibility violation, and at 390 px the page does
    /// not scroll sideways. So every page any test shoots is checked; <paramref name="check"/> is
    /// false only where a test is already failing and wants the picture, not a second complaint.
    /// </summary>
    public async Task Shot(IPage page, string name, bool check = true)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
        var problems = check ? await Accessibility(page) : [];
        var size = page.ViewportSize!;
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + "-390.png"), FullPage = true });
        if (check)
        {
            problems.AddRange((await Accessibility(page)).Select(p => "at 390 px: " + p));
            // The body may hold a table that scrolls in its own box, never a page wider than the phone.
            var wide = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (wide > 390) problems.Add($"at 390 px the page is {wide} px wide and scrolls sideways");
        }
        await page.SetViewportSizeAsync(size.Width, size.Height);
        if (problems.Count > 0)
            throw new Xunit.Sdk.XunitException($"{name} ({page.Url}) has {problems.Count} accessibility problem(s):\n" + string.Join("\n", problems));
    }

    /// <summary>
    /// axe-core's violations on the page as it stands, one readable line per element: rule, impact,
    /// where, and what to do. The script is the one bundled in Deque.AxeCore.Playwright (no CDN) and
    /// is put in by the browser's debugger, so the pages' no-script CSP stays as it is.
    /// </summary>
    public static async Task<List<string>> Accessibility(IPage page)
    {
        var result = await page.RunAxe();
        return result.Violations
            .SelectMany(v => v.Nodes.Select(n => $"- {v.Id} ({v.Impact}) at {n.Target}: {v.Help} [{v.HelpUrl}]"))
            .ToList();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        Api?.Dispose();
        Silo.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>Skipped, saying why, where no Chromium is installed (.ci/run installs Debian's).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserFixture.ChromiumPath is null)
            Skip = "No Chromium at /usr/bin/chromium (or PRIORITISE_CHROMIUM): install Debian's chromium package to run the browser tests.";
    }
}
