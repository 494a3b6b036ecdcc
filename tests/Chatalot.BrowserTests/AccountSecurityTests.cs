using Chatalot.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>Two-factor sign-in from the web client: turned on in Settings → Security, then used to log in.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountSecurityTests(BrowserFixture fixture)
{
    private const string Password = "password-1234";

    [Fact]
    public async Task TwoFactor_EnabledInSettings_ThenLoginAsksForACode_AndAcceptsTheAppsCodeAndABackupCode()
    {
        var page = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(page, "sasha");

        await page.GetByTestId("open-settings").ClickAsync();
        await Expect(page.GetByTestId("twofa-status")).ToContainTextAsync("Off", new() { Timeout = 30_000 });
        await page.GetByTestId("twofa-setup-password").FillAsync(Password);
        await page.GetByTestId("twofa-setup").ClickAsync();
        await Expect(page.GetByTestId("twofa-qr")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.StartsWith("data:image/png;base64,", await page.GetByTestId("twofa-qr").GetAttributeAsync("src"), StringComparison.Ordinal);
        var secret = (await page.GetByTestId("twofa-secret").InnerTextAsync()).Trim();
        await page.ScreenshotAsync(new() { Path = Screenshot("web-2fa-setup.png") });
        await page.GetByTestId("twofa-confirm-code").FillAsync(Code(secret, TimeSpan.Zero));
        await page.GetByTestId("twofa-confirm").ClickAsync();
        await Expect(page.GetByTestId("backup-code")).ToHaveCountAsync(10, new() { Timeout = 30_000 });
        var backup = await page.GetByTestId("backup-code").AllInnerTextsAsync();
        await page.GetByTestId("backup-codes-done").ClickAsync();
        await Expect(page.GetByTestId("twofa-status")).ToHaveTextAsync("On. 10 backup codes left.");
        await Expect(page.GetByTestId("session")).ToHaveCountAsync(1);
        await LogOutAsync(page);

        // The password alone is not enough: the form asks for a code. The app's code for the next 30-second step is
        // accepted (one step of drift), and is never the step that confirmed the set-up.
        await LogInAsync(page);
        await Expect(page.GetByTestId("login-code")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("shell")).ToHaveCountAsync(0);
        await page.GetByTestId("login-code").FillAsync(Code(secret, TimeSpan.FromSeconds(30)));
        await page.GetByTestId("auth-submit").ClickAsync();
        // Signed in; the account's only device signed out with its account key, so this one starts the account over.
        await ChatPage.StartOverAsync(page);
        await LogOutAsync(page);

        // A backup code works in the same field, once.
        await LogInAsync(page);
        await Expect(page.GetByTestId("login-code")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.GetByTestId("login-code").FillAsync(backup[0]);
        await page.GetByTestId("auth-submit").ClickAsync();
        await ChatPage.StartOverAsync(page);
        await page.GetByTestId("open-settings").ClickAsync();
        await Expect(page.GetByTestId("twofa-status")).ToHaveTextAsync("On. 9 backup codes left.", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Screenshot("web-security-settings.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    private static async Task LogOutAsync(IPage page)
    {
        if (await page.GetByTestId("settings").CountAsync() == 0)
        {
            await page.GetByTestId("open-settings").ClickAsync();
        }

        await page.GetByTestId("logout").ClickAsync();
        await Expect(page.GetByTestId("auth-submit")).ToBeVisibleAsync(new() { Timeout = 60_000 });
    }

    private static async Task LogInAsync(IPage page)
    {
        await page.GetByTestId("tab-login").ClickAsync();
        await page.Locator("#username").FillAsync("sasha");
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#passphrase").FillAsync(ChatPage.Passphrase);
        await page.GetByTestId("auth-submit").ClickAsync();
    }

    private static string Code(string secret, TimeSpan ahead) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow + ahead);

    private static string Screenshot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
