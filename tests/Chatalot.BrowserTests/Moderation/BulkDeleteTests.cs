using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Moderation;

/// <summary>The message list's selection mode: a holder of manage_messages bulk-deletes, and the messages vanish live.</summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class BulkDeleteTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Moderator_BulkDeletesThreeMessages_TheyVanishInTheAuthorsOpenTab()
    {
        var (moderator, author) = await ChatPage.SetUpPairAsync(fixture, "bulk-mod", "bulk-author", "Bulk Club");
        foreach (var text in new[] { "spam one", "spam two", "spam three", "a message that stays" })
        {
            await ChatPage.SendAsync(author, text);
            await Expect(ChatPage.Message(moderator, text)).ToBeVisibleAsync(new() { Timeout = 60_000 });
        }

        // A plain member is not offered the mode; the holder of manage_messages is.
        await Expect(author.GetByTestId("select-messages")).ToHaveCountAsync(0);
        await moderator.GetByTestId("select-messages").ClickAsync(new() { Timeout = 30_000 });
        await Expect(moderator.GetByTestId("select-message")).Not.ToHaveCountAsync(0);

        // Escape leaves the mode.
        await moderator.GetByTestId("select-message").First.FocusAsync();
        await moderator.Keyboard.PressAsync("Escape");
        await Expect(moderator.GetByTestId("selection-bar")).ToHaveCountAsync(0);
        await Expect(moderator.GetByTestId("select-message")).ToHaveCountAsync(0);

        await moderator.GetByTestId("select-messages").ClickAsync();
        foreach (var text in new[] { "spam one", "spam two", "spam three" })
        {
            await moderator.GetByTestId("message").Filter(new() { Has = ChatPage.Message(moderator, text) }).GetByTestId("select-message").CheckAsync();
        }

        await Expect(moderator.GetByTestId("selection-count")).ToHaveTextAsync("3 messages selected");
        await moderator.GetByTestId("bulk-delete").ClickAsync();
        await Expect(moderator.GetByTestId("bulk-confirm-dialog")).ToContainTextAsync("Delete 3 messages for everyone?");
        await BrowserFixture.ScreenshotAsync(moderator, "web-bulk-delete");
        await moderator.GetByTestId("bulk-confirm").ClickAsync();

        foreach (var page in new[] { author, moderator })
        {
            foreach (var text in new[] { "spam one", "spam two", "spam three" })
            {
                await Expect(ChatPage.Message(page, text)).ToHaveCountAsync(0, new() { Timeout = 60_000 });
            }

            // The positive event after the "gone" checks: the unselected message is still there.
            await Expect(ChatPage.Message(page, "a message that stays")).ToBeVisibleAsync();
        }

        await Expect(moderator.GetByTestId("selection-bar")).ToHaveCountAsync(0);
        await moderator.Context.CloseAsync();
        await author.Context.CloseAsync();
    }
}
