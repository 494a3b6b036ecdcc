using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Conversations;

/// <summary>Steps on one message: find it in the channel list, open its action bar, react through the picker.</summary>
internal static class MessageSteps
{
    public static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 60_000 };

    /// <summary>A message in the channel's list (not in the side panel).</summary>
    public static ILocator InChannel(IPage page, string text) =>
        page.GetByTestId("messages").GetByTestId("message").Filter(new() { HasText = text });

    /// <summary>A message in the channel's list whose own text (not a quote of it) contains <paramref name="text"/>.</summary>
    public static ILocator ByBody(IPage page, string text) =>
        page.GetByTestId("messages").GetByTestId("message").Filter(new() { Has = page.GetByTestId("message-body").Filter(new() { HasText = text }) });

    /// <summary>Hovers the message (the action bar shows on hover or focus) and clicks one of its actions.</summary>
    public static async Task ActAsync(ILocator message, string action)
    {
        await message.HoverAsync();
        await message.GetByTestId("message-actions").GetByTestId(action).ClickAsync();
    }

    /// <summary>Opens the emoji picker on a message, searches a shortcode and picks the exact match.</summary>
    public static async Task ReactAsync(ILocator message, string shortcode)
    {
        await ActAsync(message, "react");
        var picker = message.GetByTestId("emoji-picker");
        await picker.GetByTestId("emoji-search").FillAsync(shortcode);
        await picker.Locator($"[data-testid=emoji-option][data-shortcode='{shortcode}']").ClickAsync();
        await Expect(picker).ToHaveCountAsync(0);
    }

    public static ILocator Chip(ILocator message, string emoji) =>
        message.Locator($"[data-testid=reaction][data-emoji='{emoji}']");
}
