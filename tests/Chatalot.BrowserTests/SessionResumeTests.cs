using Chatalot.BrowserTests.Infrastructure;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// Unlock after a reload resumes the session from the refresh token sealed in the device store (no password kept, no
/// second factor asked); a session revoked elsewhere locks its tab out to "sign in again" on the same device; the
/// recovery code resets a forgotten password from the login page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionResumeTests(BrowserFixture fixture)
{
    private const string Password = "password-1234";

    [Fact]
    public async Task TwoFactorAccount_ReloadAndUnlock_IsBackInWithoutPasswordOrCode_OnTheSameSession()
    {
        var page = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(page, "resume-2fa");
        await ChatPage.CreateCommunityAsync(page, "Resume Club");
        await ChatPage.SendAsync(page, "written before the reload");

        await page.GetByTestId("open-settings").ClickAsync();
        await Expect(page.GetByTestId("twofa-status")).ToContainTextAsync("Off", new() { Timeout = 30_000 });
        await page.GetByTestId("twofa-setup-password").FillAsync(Password);
        await page.GetByTestId("twofa-setup").ClickAsync();
        var secret = (await page.GetByTestId("twofa-secret").InnerTextAsync(new() { Timeout = 30_000 })).Trim();
        await page.GetByTestId("twofa-confirm-code").FillAsync(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow));
        await page.GetByTestId("twofa-confirm").ClickAsync();
        await page.GetByTestId("backup-codes-done").ClickAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("twofa-status")).ToHaveTextAsync("On. 10 backup codes left.");
        await Expect(page.GetByTestId("session")).ToHaveCountAsync(1);

        // Twice: each unlock spends the stored refresh token and keeps the rotated one.
        for (var reload = 0; reload < 2; reload++)
        {
            await page.ReloadAsync();
            await ChatPage.UnlockAsync(page);
            await Expect(page.GetByTestId("login-code")).ToHaveCountAsync(0);
            await Expect(ChatPage.Message(page, "written before the reload")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        }

        // The unlocks refreshed the one session rather than signing in again (a sign-in would add a session).
        await page.GetByTestId("open-settings").ClickAsync();
        await Expect(page.GetByTestId("session")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("session")).ToHaveAttributeAsync("data-current", "true");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SessionRevokedElsewhere_LocksTheTabOutToSignInAgain_OnTheSameDevice()
    {
        var first = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(first, "resume-revoke");
        await ChatPage.CreateCommunityAsync(first, "Revoke Club");
        await ChatPage.SendAsync(first, "written before the revoke");
        var second = await ChannelSteps.SecondDeviceAsync(fixture, first, "resume-revoke");
        await ChannelSteps.OpenAsync(second, "general");
        await ChatPage.SendAsync(second, "from the second tab before the revoke");
        await Expect(ChatPage.Message(first, "from the second tab before the revoke")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var devicesBefore = await ServerView.DevicesOfAsync(fixture.Server.BaseUrl, "resume-revoke");

        await first.GetByTestId("open-settings").ClickAsync();
        // The second tab's session, and the one ServerView signed in with to list the devices.
        await Expect(first.GetByTestId("session")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await first.GetByTestId("sessions-revoke-others").ClickAsync();
        await Expect(first.GetByTestId("session")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        // The revoked tab leaves the chat for the sign-in form, saying why.
        await Expect(second.GetByTestId("reauth-title")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(second.GetByTestId("shell")).ToHaveCountAsync(0);
        await Expect(second.GetByTestId("auth-error")).ToContainTextAsync("signed out from another device");
        await Expect(second.GetByTestId("reauth-username")).ToHaveTextAsync("resume-revoke");
        await BrowserFixture.ScreenshotAsync(second, "web-session-revoked");

        // A reload does not get around it: the unlock's refresh token is rejected, so the form asks again.
        await second.ReloadAsync();
        await Expect(second.GetByTestId("unlock-passphrase")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await second.GetByTestId("unlock-passphrase").FillAsync(ChatPage.Passphrase);
        await second.GetByTestId("unlock-submit").ClickAsync();
        await Expect(second.GetByTestId("reauth-title")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // A wrong password is refused; the right one continues on the same device, history included.
        await second.GetByTestId("reauth-password").FillAsync("not-the-password");
        await second.GetByTestId("auth-submit").ClickAsync();
        await Expect(second.GetByTestId("auth-error")).ToHaveTextAsync("Wrong username or password.", new() { Timeout = 60_000 });
        await second.GetByTestId("reauth-password").FillAsync(Password);
        await second.GetByTestId("auth-submit").ClickAsync();
        await Expect(second.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await ChannelSteps.OpenAsync(second, "general");
        await Expect(ChatPage.Message(second, "from the second tab before the revoke")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // And the tab talks again: a message from the first tab arrives live.
        await ChatPage.SendAsync(first, "after signing in again");
        await Expect(ChatPage.Message(second, "after signing in again")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Equal(devicesBefore, await ServerView.DevicesOfAsync(fixture.Server.BaseUrl, "resume-revoke"));
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task RecoveryForm_ResetsThePassword_ShowsTheNewCodeOnce_AndTheOldPasswordNoLongerWorks()
    {
        const string Username = "resume-recover";
        const string NewPassword = "a-brand-new-password";
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByTestId("tab-register").ClickAsync();
        await page.Locator("#username").FillAsync(Username);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#passphrase").FillAsync(ChatPage.Passphrase);
        if (await page.Locator("#setup-code").CountAsync() > 0)
        {
            await page.Locator("#setup-code").FillAsync(SampleServerProcess.SetupCode);
        }

        await page.GetByTestId("auth-submit").ClickAsync();
        await Expect(page.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        var recoveryCode = await ChatPage.DismissRecoveryCodeAsync(page);
        await page.GetByTestId("open-settings").ClickAsync();
        await page.GetByTestId("logout").ClickAsync();
        await Expect(page.GetByTestId("auth-submit")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await page.GetByTestId("tab-login").ClickAsync();
        await page.GetByTestId("open-recovery").ClickAsync();
        await page.GetByTestId("recover-username").FillAsync(Username);
        await page.GetByTestId("recover-code").FillAsync("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF");
        await page.GetByTestId("recover-password").FillAsync(NewPassword);
        await page.GetByTestId("recover-confirm").FillAsync(NewPassword + "x");
        await page.GetByTestId("recover-passphrase").FillAsync(ChatPage.Passphrase);
        await page.GetByTestId("recover-submit").ClickAsync();
        await Expect(page.GetByTestId("recover-error")).ToHaveTextAsync("The two new passwords differ.");
        await page.GetByTestId("recover-confirm").FillAsync(NewPassword);
        await page.GetByTestId("recover-submit").ClickAsync();
        await Expect(page.GetByTestId("recover-error")).ToHaveTextAsync("That user name or recovery code is wrong.", new() { Timeout = 60_000 });

        await page.GetByTestId("recover-code").FillAsync(recoveryCode);
        await page.GetByTestId("recover-submit").ClickAsync();
        // Signed in with the new password; the account's only device signed out with its account key, so this one starts over.
        await ChatPage.StartOverAsync(page);
        var fresh = await ChatPage.DismissRecoveryCodeAsync(page);
        Assert.NotEqual(recoveryCode, fresh);
        await page.GetByTestId("open-settings").ClickAsync();
        await page.GetByTestId("logout").ClickAsync();
        await Expect(page.GetByTestId("auth-submit")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // The old password is refused; the new one signs in.
        await page.GetByTestId("tab-login").ClickAsync();
        await page.Locator("#username").FillAsync(Username);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#passphrase").FillAsync(ChatPage.Passphrase);
        await page.GetByTestId("auth-submit").ClickAsync();
        await Expect(page.GetByTestId("auth-error")).ToHaveTextAsync("Wrong username or password.", new() { Timeout = 60_000 });
        await page.Locator("#password").FillAsync(NewPassword);
        await page.GetByTestId("auth-submit").ClickAsync();
        await ChatPage.StartOverAsync(page);
        await page.Context.CloseAsync();
    }
}
