using System.Text.RegularExpressions;
using Chatalot.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// Multi-device accounts in the web app (issue 16, crypto.md §15): a second browser of the same account is linked from
/// the first through the UI, a contact's verification covers their new devices, and the recovery key restores the
/// account on a fresh browser.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeviceLinkTests(BrowserFixture fixture)
{
    [Fact]
    public async Task SecondBrowser_LinkedThroughTheUi_ReadsChannelHistoryFromBeforeTheLink_AndSends()
    {
        var dora = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(dora, "dora");
        await ChatPage.CreateCommunityAsync(dora, "Link Lab");
        await ChatPage.SendAsync(dora, "posted before the second browser existed");

        // The same account on a new browser: no chat until a linked device vouches for it.
        var second = await ChannelSteps.SignInUnlinkedAsync(fixture, "dora");
        await BrowserFixture.ScreenshotAsync(second, "link-device-choose");
        await second.GetByTestId("link-from-device").ClickAsync();
        var request = dora.GetByTestId("link-request");
        await Expect(request).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(request).ToContainTextAsync("A new device wants to join your account");
        await dora.GetByTestId("link-request-compare").ClickAsync();
        var code = new Regex(@"^\d{4} \d{4}$");
        await Expect(second.GetByTestId("link-code")).ToHaveTextAsync(code, new() { Timeout = 60_000 });
        await Expect(dora.GetByTestId("link-request-code")).ToHaveTextAsync(code, new() { Timeout = 60_000 });
        Assert.Equal(await second.GetByTestId("link-code").InnerTextAsync(), await dora.GetByTestId("link-request-code").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(second, "link-device-code-new");
        await BrowserFixture.ScreenshotAsync(dora, "link-device-code-linked");
        await second.GetByTestId("link-codes-match").ClickAsync();
        await dora.GetByTestId("link-request-approve").ClickAsync();
        await Expect(request).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(second.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });

        // Old history: the channel's message from before the link, whose sender key the first browser hands over when
        // the new one asks for it (content.md §6.2).
        await ChannelSteps.OpenAsync(second, "general");
        await Expect(ChatPage.Message(second, "posted before the second browser existed")).ToBeVisibleAsync(new() { Timeout = 90_000 });

        // Both browsers talk as the account, live.
        await ChatPage.SendAsync(second, "written on the linked browser");
        await Expect(ChatPage.Message(dora, "written on the linked browser")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(dora, "and back from the first");
        await Expect(ChatPage.Message(second, "and back from the first")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // Settings → Devices lists both, this one marked; removing the second from the first closes it out there.
        await dora.GetByTestId("open-settings").ClickAsync();
        await Expect(dora.GetByTestId("my-device")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(dora.GetByTestId("this-device")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(dora, "settings-devices");
        await dora.GetByTestId("my-device").Filter(new() { Has = dora.GetByTestId("revoke-device") }).GetByTestId("revoke-device").ClickAsync();
        await Expect(dora.GetByTestId("my-device")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(second.GetByTestId("device-removed")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await second.GetByTestId("removed-sign-out").ClickAsync();
        await Expect(second.GetByTestId("auth-submit")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await dora.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task LinkRequest_MadeWhileTheLinkedBrowserWasLocked_ShowsThereAfterUnlock()
    {
        var lena = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(lena, "linka");
        await lena.ReloadAsync();
        await Expect(lena.GetByTestId("unlock-passphrase")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // The new browser asks while no linked browser of the account is running.
        var second = await ChannelSteps.SignInUnlinkedAsync(fixture, "linka");
        await second.GetByTestId("link-from-device").ClickAsync();
        await Expect(second.GetByTestId("link-waiting")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // Unlocked, the linked browser finds the pending request (GetLinkRequestsAsync) and the link goes through.
        await ChatPage.UnlockAsync(lena);
        await Expect(lena.GetByTestId("link-request")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await lena.GetByTestId("link-request-compare").ClickAsync();
        await Expect(lena.GetByTestId("link-request-code")).ToHaveTextAsync(new Regex(@"^\d{4} \d{4}$"), new() { Timeout = 60_000 });
        Assert.Equal(await second.GetByTestId("link-code").InnerTextAsync(), await lena.GetByTestId("link-request-code").InnerTextAsync());
        await second.GetByTestId("link-codes-match").ClickAsync();
        await lena.GetByTestId("link-request-approve").ClickAsync();
        await Expect(second.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await lena.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task VerifiedOnce_ContactsNewDevice_StaysVerified()
    {
        var (vera, walt) = await ChatPage.SetUpPairAsync(fixture, "vera", "walt", "Verify Lab");
        await vera.GetByTestId("member").Filter(new() { HasText = "walt" }).ClickAsync();
        await Expect(vera.GetByTestId("channel-title")).ToHaveTextAsync("@walt", new() { Timeout = 60_000 });
        await ChatPage.SendAsync(vera, "hello walt");
        await walt.GetByTestId("rail-dms").ClickAsync();
        await walt.GetByTestId("channel-link").Filter(new() { HasText = "vera" }).ClickAsync(new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(walt, "hello walt")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // Vera verifies Walt once: the account's safety number, and his one device shows as verified.
        await vera.GetByTestId("safety-number").ClickAsync();
        await vera.GetByTestId("mark-verified").ClickAsync();
        await Expect(vera.GetByTestId("verified")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(vera.GetByTestId("contact-device")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(vera.GetByTestId("contact-device-verified")).ToHaveCountAsync(1);
        await vera.GetByTestId("safety-dialog").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        // Walt adds a browser, linked from his first one; Vera is told.
        var walt2 = await ChannelSteps.SecondDeviceAsync(fixture, walt, "walt");
        await Expect(vera.GetByTestId("device-notice")).ToContainTextAsync("walt added a device", new() { Timeout = 60_000 });
        await BrowserFixture.ScreenshotAsync(vera, "device-notice");

        // A message from the new browser carries the verified lock at Vera's, with no new verification.
        await walt2.GetByTestId("rail-dms").ClickAsync();
        await walt2.GetByTestId("channel-link").Filter(new() { HasText = "vera" }).ClickAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(walt2, "from my new browser");
        var message = vera.GetByTestId("message").Filter(new() { HasText = "from my new browser" });
        await Expect(message).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(message.GetByTestId("lock")).ToHaveClassAsync(new Regex(@"\bverified\b"));
        await Expect(vera.GetByTestId("identity-warning")).ToHaveCountAsync(0);

        // Walt's device list at Vera's: both browsers, both verified.
        await vera.GetByTestId("safety-number").ClickAsync();
        await Expect(vera.GetByTestId("contact-device")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(vera.GetByTestId("contact-device-verified")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(vera, "contact-devices-verified");
        await vera.Context.CloseAsync();
        await walt.Context.CloseAsync();
        await walt2.Context.CloseAsync();
    }

    [Fact]
    public async Task RecoveryKey_SetUpInSettings_RestoresTheAccountOnAFreshBrowser()
    {
        var rhea = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(rhea, "recova");
        await ChatPage.CreateCommunityAsync(rhea, "Recovery Lab");
        await rhea.GetByTestId("open-settings").ClickAsync();
        await rhea.GetByTestId("set-up-recovery-key").ClickAsync();
        await Expect(rhea.GetByTestId("recovery-key-warning")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var key = (await rhea.GetByTestId("recovery-key").InnerTextAsync()).Trim();
        Assert.Matches(@"^[0-9A-Za-z]{4}( [0-9A-Za-z]{4}){13}$", key);
        await BrowserFixture.ScreenshotAsync(rhea, "recovery-key-shown");
        await rhea.GetByTestId("recovery-key-done").ClickAsync();
        await Expect(rhea.GetByTestId("recovery-key")).ToHaveCountAsync(0);
        await rhea.GetByTestId("settings-close").ClickAsync();

        // A fresh browser with no other device at hand: a wrong key is refused, the right one links it.
        var fresh = await ChannelSteps.SignInUnlinkedAsync(fixture, "recova");
        await fresh.GetByTestId("link-use-recovery").ClickAsync();
        await fresh.GetByTestId("recovery-key-input").FillAsync(string.Join(' ', Enumerable.Repeat("AAAA", 14)));
        await fresh.GetByTestId("recovery-key-submit").ClickAsync();
        await Expect(fresh.GetByTestId("link-error")).ToContainTextAsync("does not open", new() { Timeout = 60_000 });
        await Expect(fresh.GetByTestId("shell")).ToHaveCountAsync(0);
        await fresh.GetByTestId("recovery-key-input").FillAsync(key.ToLowerInvariant());
        await fresh.GetByTestId("recovery-key-submit").ClickAsync();
        await Expect(fresh.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });

        // It is one of the account's devices now: it writes, and the first browser reads it.
        await ChannelSteps.OpenAsync(fresh, "general");
        await ChatPage.SendAsync(fresh, "restored with the recovery key");
        await Expect(ChatPage.Message(rhea, "restored with the recovery key")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await fresh.GetByTestId("open-settings").ClickAsync();
        await Expect(fresh.GetByTestId("my-device")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await rhea.Context.CloseAsync();
        await fresh.Context.CloseAsync();
    }
}
