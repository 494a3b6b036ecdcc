using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Infrastructure;

/// <summary>Steps a person takes in the web client, written once for every test.</summary>
public static class ChatPage
{
    public const string Passphrase = "correct horse battery";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> UsedNames = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers through the form; returns the time from submit to the chat shell (key generation in the
    /// browser, Argon2id for the vault, publishing the device and connecting the gateway).</summary>
    public static async Task<TimeSpan> RegisterAsync(IPage page, string username, string password = "password-1234")
    {
        // Every test shares one server: a name used twice fails the later test with "username taken", far from the cause.
        if (!UsedNames.TryAdd(username, 0))
        {
            throw new InvalidOperationException($"The username '{username}' is already registered by another browser test in this run; give this test its own names.");
        }

        await page.GotoAsync("/");
        await page.GetByTestId("tab-register").ClickAsync();
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#display-name").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#passphrase").FillAsync(Passphrase);
        // A server nobody has claimed yet asks the first account for its setup code (the preset one of the test servers).
        if (await page.Locator("#setup-code").CountAsync() > 0)
        {
            await page.Locator("#setup-code").FillAsync(SampleServerProcess.SetupCode);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.GetByTestId("auth-submit").ClickAsync();
        await Expect(page.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        var elapsed = clock.Elapsed;
        await DismissRecoveryCodeAsync(page);
        return elapsed;
    }

    /// <summary>A new account is shown its recovery code once, in a dialog; reads it and closes the dialog.</summary>
    public static async Task<string> DismissRecoveryCodeAsync(IPage page)
    {
        var code = (await page.GetByTestId("registration-recovery-code").InnerTextAsync(new() { Timeout = 30_000 })).Trim();
        await page.GetByTestId("recovery-notice-done").ClickAsync();
        await Expect(page.GetByTestId("recovery-notice")).ToHaveCountAsync(0);
        return code;
    }

    /// <summary>
    /// A sign-in after the account's last device signed out lands on "Link this device" (the account key left with that
    /// device, crypto.md §15): with no other device and no recovery key, the account starts over with a new key.
    /// </summary>
    public static async Task StartOverAsync(IPage page)
    {
        await Expect(page.GetByTestId("link-device")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await page.GetByTestId("link-start-over").ClickAsync();
        await Expect(page.GetByTestId("start-over-warning")).ToBeVisibleAsync();
        await page.GetByTestId("start-over-confirm").ClickAsync();
        await Expect(page.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
    }

    public static async Task CreateCommunityAsync(IPage page, string name)
    {
        await page.GetByTestId("create-community").ClickAsync();
        await page.GetByTestId("prompt-input").FillAsync(name);
        await page.GetByTestId("prompt-submit").ClickAsync();
        await Expect(page.GetByTestId("channel-title")).ToHaveTextAsync("#general", new() { Timeout = 60_000 });
    }

    /// <summary>Signs the browser back in after a reload: the unlock screen, the passphrase, the chat shell.</summary>
    public static async Task<TimeSpan> UnlockAsync(IPage page)
    {
        await Expect(page.GetByTestId("unlock-passphrase")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.GetByTestId("unlock-passphrase").FillAsync(Passphrase);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.GetByTestId("unlock-submit").ClickAsync();
        await Expect(page.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        return clock.Elapsed;
    }

    /// <summary>
    /// Two people in one community: <paramref name="owner"/> registers and creates it, <paramref name="guest"/>
    /// registers and opens the invite link; both end up in its #general.
    /// </summary>
    public static async Task<(IPage Owner, IPage Guest)> SetUpPairAsync(BrowserFixture fixture, string owner, string guest, string community)
    {
        var first = await fixture.NewPageAsync();
        var second = await fixture.NewPageAsync();
        await RegisterAsync(first, owner);
        await RegisterAsync(second, guest);
        await CreateCommunityAsync(first, community);
        await first.GetByTestId("invite").ClickAsync();
        var link = await first.GetByTestId("invite-link").GetAttributeAsync("href") ?? throw new InvalidOperationException("No invite link.");
        await first.GetByTestId("notice").GetByLabel("Dismiss").ClickAsync();
        await second.GotoAsync(link);
        await UnlockAsync(second);
        await Expect(second.GetByTestId("channel-title")).ToHaveTextAsync("#general", new() { Timeout = 90_000 });
        await Expect(first.GetByTestId("member")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        return (first, second);
    }

    public static async Task SendAsync(IPage page, string text)
    {
        await page.GetByTestId("composer").FillAsync(text);
        await page.GetByTestId("composer").PressAsync("Enter");
        await Expect(page.GetByTestId("composer")).ToHaveValueAsync("", new() { Timeout = 60_000 });
    }

    public static ILocator Message(IPage page, string text) =>
        page.GetByTestId("message-body").Filter(new() { HasText = text });
}
