using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Infrastructure;

/// <summary>Steps a person takes in the web client, written once for every test.</summary>
public static class ChatPage
{
    public const string Passphrase = "correct horse battery";

    /// <summary>Registers through the form; returns the time from submit to the chat shell (key generation in the
    /// browser, Argon2id for the vault, publishing the device and connecting the gateway).</summary>
    public static async Task<TimeSpan> RegisterAsync(IPage page, string username, string password = "password-1234")
    {
        await page.GotoAsync("/");
        await page.GetByTestId("tab-register").ClickAsync();
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#display-name").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#passphrase").FillAsync(Passphrase);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.GetByTestId("auth-submit").ClickAsync();
        await Expect(page.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        return clock.Elapsed;
    }

    public static async Task CreateCommunityAsync(IPage page, string name)
    {
        await page.GetByTestId("create-community").ClickAsync();
        await page.GetByTestId("prompt-input").FillAsync(name);
        await page.GetByTestId("prompt-submit").ClickAsync();
        await Expect(page.GetByTestId("channel-title")).ToHaveTextAsync("#general", new() { Timeout = 60_000 });
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
