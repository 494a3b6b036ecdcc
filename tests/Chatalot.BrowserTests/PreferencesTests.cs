using Chatalot.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PreferencesTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ThemeSwitch_PersistsAcrossReloadAndUnlock()
    {
        var page = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(page, "theo");
        await page.GetByTestId("open-settings").ClickAsync();
        await page.GetByTestId("mode-light").ClickAsync();
        await page.GetByTestId("palette-nord").ClickAsync();
        await page.GetByTestId("accent-green").ClickAsync();
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("data-mode", "light");
        await Expect(html).ToHaveAttributeAsync("data-palette", "nord");
        await Expect(html).ToHaveAttributeAsync("data-accent", "green");
        await BrowserFixture.ScreenshotAsync(page, "settings-light-nord");
        await page.GetByTestId("settings-close").ClickAsync();

        // After a reload the keys are locked: the theme is already applied on the unlock screen, and stays after it.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("unlock-passphrase")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(html).ToHaveAttributeAsync("data-palette", "nord");
        await page.GetByTestId("unlock-passphrase").FillAsync("not the passphrase");
        await page.GetByTestId("unlock-submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong passphrase", new() { Timeout = 60_000 });
        await page.GetByTestId("unlock-passphrase").FillAsync(ChatPage.Passphrase);
        var unlock = System.Diagnostics.Stopwatch.StartNew();
        await page.GetByTestId("unlock-submit").ClickAsync();
        await Expect(page.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        // Argon2id on the WebAssembly interpreter, sign-in, fresh device keys and the gateway: what a reload costs.
        output.WriteLine($"unlock to ready: {unlock.ElapsedMilliseconds} ms");
        await Expect(html).ToHaveAttributeAsync("data-mode", "light");
        await Expect(html).ToHaveAttributeAsync("data-palette", "nord");
        await Expect(html).ToHaveAttributeAsync("data-accent", "green");

        // The vault in IndexedDB holds no secret in the clear.
        var vault = await page.EvaluateAsync<string>("chatalot.idbGet('vault')");
        Assert.DoesNotContain("password-1234", vault, StringComparison.Ordinal);
        Assert.Contains("ciphertext", vault, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CtrlK_OpensTheSwitcher_AndNavigatesToTheChosenChannel()
    {
        var page = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(page, "kim");
        await ChatPage.CreateCommunityAsync(page, "Keyboard Club");
        await page.GetByTitle("New channel in General").ClickAsync();
        await page.GetByTestId("prompt-input").FillAsync("random");
        await page.GetByTestId("prompt-submit").ClickAsync();
        await Expect(page.GetByTestId("channel-title")).ToHaveTextAsync("#random", new() { Timeout = 60_000 });

        await page.Keyboard.PressAsync("Control+k");
        await Expect(page.GetByTestId("quick-switcher")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("switcher-input")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("gene");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("quick-switcher")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("channel-title")).ToHaveTextAsync("#general");
        Assert.Matches("/channels/[0-9a-f-]{36}$", page.Url);

        // Escape closes it without navigating.
        await page.Keyboard.PressAsync("Control+k");
        await Expect(page.GetByTestId("quick-switcher")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("quick-switcher")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("channel-title")).ToHaveTextAsync("#general");

        // Keyboard navigation between channels (Alt+Down), and the focus ring stays visible.
        await page.GetByTestId("composer").FocusAsync();
        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await Expect(page.GetByTestId("channel-title")).ToHaveTextAsync("#random");
        await page.GetByTestId("composer").FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        var focused = await page.EvaluateAsync<string>("document.activeElement.outerHTML.slice(0, 120)");
        var outline = await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle");
        Assert.True(outline == "solid", $"no visible focus ring on {focused}");

        // Phone width: one column, the channel list behind the menu button.
        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("aside.sidebar")).ToBeHiddenAsync();
        await page.GetByLabel("Show channels").ClickAsync();
        await Expect(page.Locator("aside.sidebar")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "phone-channels");

        // Logging out forgets this browser's vault: a reload shows the sign-in form, not the unlock screen.
        await page.SetViewportSizeAsync(1280, 800);
        await page.GetByTestId("open-settings").ClickAsync();
        await page.GetByTestId("logout").ClickAsync();
        await Expect(page.GetByTestId("auth-submit")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("chatalot.idbGet('vault')"));
        await page.ReloadAsync();
        await Expect(page.GetByTestId("auth-submit")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.Context.CloseAsync();
    }
}
