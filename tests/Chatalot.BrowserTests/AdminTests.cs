using System.Text.RegularExpressions;
using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// Instance administration in the web app (docs/articles/admin.md): the first-run claim with the code the server
/// prints, and the admin panel. Each test has its own server process, so it knows who the owner is.
/// </summary>
[Collection(SecondBrowserCollection.Name)]
public sealed partial class AdminTests(BrowserFixture fixture)
{
    [Fact]
    public async Task FreshServer_ShowsTheClaimForm_AndTheCodeFromTheConsoleMakesTheOwner()
    {
        await using var server = await SampleServerProcess.StartAsync(registrationMode: "InviteOnly", presetSetupCode: false);
        var code = SetupCodeLine().Match(server.Output).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(code), "The console shows no setup code:\n" + server.Output);

        var page = await fixture.NewPageAsync(baseUrl: server.BaseUrl);
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("claim-title")).ToHaveTextAsync("Claim this server", new() { Timeout = 60_000 });
        await page.Locator("#username").FillAsync("hoster");
        await page.Locator("#display-name").FillAsync("hoster");
        await page.Locator("#password").FillAsync("password-1234");
        await page.Locator("#passphrase").FillAsync(ChatPage.Passphrase);

        // A wrong code is refused with a message that says which code to use.
        await page.GetByTestId("setup-code").FillAsync("WRNG-CODE-0000");
        await page.GetByTestId("auth-submit").ClickAsync();
        await Expect(page.GetByTestId("auth-error")).ToHaveTextAsync("That setup code is wrong: use the one the server printed at its last start.", new() { Timeout = 60_000 });

        await page.GetByTestId("setup-code").FillAsync(code);
        await BrowserFixture.ScreenshotAsync(page, "admin-claim");
        await page.GetByTestId("auth-submit").ClickAsync();
        await Expect(page.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(page.GetByTestId("open-admin")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AdminPanel_BannerReachesAnotherUserLive_SuspendsAUser_AndRevokesAnInvite()
    {
        await using var server = await SampleServerProcess.StartAsync();
        var owner = await fixture.NewPageAsync(baseUrl: server.BaseUrl);
        await ChatPage.RegisterAsync(owner, "ada_admin");
        var other = await fixture.NewPageAsync(baseUrl: server.BaseUrl);
        await ChatPage.RegisterAsync(other, "ben_member");
        await Expect(other.GetByTestId("open-admin")).ToHaveCountAsync(0);

        // Settings: a warning banner, seen by the other user's open tab without a reload.
        await owner.GetByTestId("open-admin").ClickAsync();
        await owner.GetByTestId("admin-tab-settings").ClickAsync();
        await owner.GetByTestId("admin-banner-text").FillAsync("Maintenance tonight at 22:00 UTC");
        await owner.GetByTestId("admin-banner-level").SelectOptionAsync("Warning");
        await owner.GetByTestId("admin-save-settings").ClickAsync();
        await Expect(owner.GetByTestId("admin-settings-saved")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(other.GetByTestId("server-banner")).ToHaveTextAsync("Maintenance tonight at 22:00 UTC", new() { Timeout = 30_000 });
        await Expect(other.GetByTestId("server-banner")).ToHaveAttributeAsync("data-level", "warning");

        // Users: find ben and suspend him; the list then offers to lift it.
        await owner.GetByTestId("admin-tab-users").ClickAsync();
        await owner.GetByTestId("admin-user-query").FillAsync("ben_");
        await owner.GetByTestId("admin-user-query").PressAsync("Enter");
        var ben = owner.Locator("[data-testid=admin-user][data-user=ben_member]");
        await Expect(owner.GetByTestId("admin-user")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await ben.GetByTestId("admin-suspend").ClickAsync();
        await Expect(ben.GetByTestId("admin-unsuspend")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(ben).ToContainTextAsync("suspended");
        await BrowserFixture.ScreenshotAsync(owner, "admin-users");

        // Invites: create one for two people, then revoke it; it stays listed as revoked.
        await owner.GetByTestId("admin-tab-invites").ClickAsync();
        await owner.GetByTestId("admin-invite-uses").FillAsync("2");
        await owner.GetByTestId("admin-invite-hours").FillAsync("24");
        await owner.GetByTestId("admin-create-invite").ClickAsync();
        var invite = owner.GetByTestId("admin-invite").First;
        await Expect(invite).ToHaveAttributeAsync("data-state", "active", new() { Timeout = 30_000 });
        await Expect(invite).ToContainTextAsync("used 0 of 2");
        await invite.GetByTestId("admin-revoke-invite").ClickAsync();
        await Expect(owner.GetByTestId("admin-invite").First).ToHaveAttributeAsync("data-state", "revoked", new() { Timeout = 30_000 });

        await owner.GetByTestId("admin-tab-storage").ClickAsync();
        await Expect(owner.GetByTestId("admin-storage-counts")).ToContainTextAsync("2 ·", new() { Timeout = 30_000 });

        await owner.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    [GeneratedRegex("Chatalot setup code: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")]
    private static partial Regex SetupCodeLine();
}
