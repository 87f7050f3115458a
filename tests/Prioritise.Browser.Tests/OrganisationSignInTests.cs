using System.Net;
using Microsoft.Playwright;

namespace Prioritise.Browser.Tests;

/// <summary>
/// Sign-in with the organisation's identity provider (issue 17), in a real browser, against a real
/// OpenID Connect provider started by the test (OpenIddict on loopback, tests/Prioritise.Testing):
/// a member whose email the administrator recorded signs in through the provider, is linked, sees
/// only their rounds, and signs out here and at the provider; a person whose email is unknown gets
/// a page naming whom to ask, and no account. No network beyond loopback.
/// </summary>
public sealed class OrganisationSignInTests : IAsyncLifetime
{
    private readonly SiloProcess _silo = new(seedOnEmpty: false);
    private TestIdentityProvider _provider = null!;
    private ApiClient _api = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _shots = "";

    public async Task InitializeAsync()
    {
        _provider = await TestIdentityProvider.StartAsync();
        foreach (var (k, v) in _provider.SiloEnvironment()) _silo.ExtraEnvironment[k] = v;
        await _silo.StartAsync();
        _api = new ApiClient(_silo.CreateClient(), _silo.AdminKey);
        _shots = Path.Combine(_silo.RepoRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(_shots);
        if (BrowserFixture.ChromiumPath is not { } chromium) return;
        _playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(20_000);
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    [BrowserFact]
    public async Task A_recorded_member_signs_in_through_the_provider_and_out_at_both_ends()
    {
        var round = TestIds.New("oidc");
        var member = TestIds.New("olu");
        (await _api.Post("/api/members", _api.AdminKey, new { id = member, name = "Olu Test", organisation = "Hackney Council", email = "Olu@Example.org" }))
            .Is(HttpStatusCode.Created);
        await _api.CreateRound(round);
        await _api.Appoint(round, member, "scorer");
        await _api.AddBid(round, "falls", 40_000m, title: "Falls prevention");
        await _api.OpenScoring(round);
        var other = TestIds.New("other");
        await _api.CreateRound(other);
        // The provider's user: the same address (another case), verified; the provider also claims "admin", which counts for nothing.
        _provider.Add(new ProviderUser("olu", "sub-" + member, "olu@example.org", EmailVerified: true, Name: "Olu Test"));

        var page = await NewPage();
        await page.GotoAsync("/rounds");
        await page.WaitForURLAsync("**/sign-in**");
        await Shot(page, "oidc-1-sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your organisation" }).ClickAsync();
        await page.WaitForURLAsync($"{_provider.Authority}connect/authorize**");
        await page.GetByLabel("User name").FillAsync("olu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/rounds");
        await Shot(page, "oidc-2-rounds");
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync(member);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync($"Round {round}");
        // Roles come from the committee: not the other round, and not the administrator's outbox.
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync($"Round {other}");
        var outbox = await page.GotoAsync("/outbox");
        Assert.Equal(403, outbox!.Status);
        Assert.Equal(1, _provider.TokensIssued);

        // Linked: the provider's subject is now on the member's record.
        var profile = (await _api.Get($"/api/members/{member}", _api.AdminKey)).Is(HttpStatusCode.OK).Json;
        if (profile["externalId"] is { } externalId) Assert.Equal("sub-" + member, externalId.GetValue<string>());

        // Sign out: the session ends here, then at the provider's end-session endpoint, and back to sign-in.
        await page.GotoAsync("/rounds");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-in**");
        Assert.Equal(1, _provider.EndSessions);
        await Shot(page, "oidc-3-signed-out");
        await page.GotoAsync("/rounds");
        await page.WaitForURLAsync("**/sign-in**");

        // A second sign-in finds the member by subject, even with the email changed at the provider.
        _provider.Add(new ProviderUser("olu", "sub-" + member, "olu.new@example.org", EmailVerified: false, Name: "Olu Test"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your organisation" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync("olu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/rounds");
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync(member);

        // The administrator's outbox page: no mail server here, so the invitation waits as pending.
        var admin = await NewPage();
        await admin.GotoAsync("/sign-in");
        await admin.GetByLabel("Your key").FillAsync(_silo.AdminKey);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await admin.WaitForURLAsync("**/rounds");
        await admin.GotoAsync("/outbox");
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync($"Scoring is open: Round {round}");
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync("olu@example.org", new() { IgnoreCase = true });
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync("Waiting to be sent");
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync("No mail server is set up");
        await Shot(admin, "oidc-5-outbox");
    }

    [BrowserFact]
    public async Task A_person_whose_email_is_unknown_is_told_whom_to_ask_and_gets_no_account()
    {
        var unverified = TestIds.New("vik");
        (await _api.Post("/api/members", _api.AdminKey, new { id = unverified, name = "Vik Test", organisation = "Org V", email = "vik@example.org" }))
            .Is(HttpStatusCode.Created);
        _provider.Add(new ProviderUser("stranger", "sub-stranger", "stranger@example.org"));
        // The right address, but the provider has not verified it: not enough to link.
        _provider.Add(new ProviderUser("vik", "sub-vik", "vik@example.org", EmailVerified: false));

        var page = await NewPage();
        await page.GotoAsync("/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your organisation" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync("stranger");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-in/organisation/complete**");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("We could not find you on Prioritise");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("stranger@example.org");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Ask the committee secretary (secretary@example.org)");
        await Shot(page, "oidc-4-unknown");
        // No session: the pages still ask for sign-in.
        await page.GotoAsync("/rounds");
        await page.WaitForURLAsync("**/sign-in**");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your organisation" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync("vik");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-in/organisation/complete**");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("has not confirmed the address");
        var profile = (await _api.Get($"/api/members/{unverified}", _api.AdminKey)).Is(HttpStatusCode.OK).Json;
        Assert.Null(profile["externalId"]?.GetValue<string>());
    }

    private async Task<IPage> NewPage()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _silo.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    private async Task Shot(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_shots, name + ".png"), FullPage = true });
        var size = page.ViewportSize!;
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_shots, name + "-390.png"), FullPage = true });
        await page.SetViewportSizeAsync(size.Width, size.Height);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _api?.Dispose();
        _silo.Dispose();
        await _provider.DisposeAsync();
    }
}
