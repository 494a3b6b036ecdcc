using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>Typing, presence, edits and deletions reach the other browser live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveActivityTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TypingEditAndDelete_ShowUpInTheOtherBrowser()
    {
        var (tess, ted) = await ChatPage.SetUpPairAsync(fixture, "tess", "ted", "Typing Pool");

        // Presence: Ted joined Tess's community while both were online; the server exchanges their presence on the join,
        // so each sees the other online in the member list without reconnecting.
        await Expect(tess.GetByTestId("member").Filter(new() { HasText = "ted" }).GetByTestId("presence")).ToHaveAttributeAsync("data-status", "online", new() { Timeout = 60_000 });
        await Expect(ted.GetByTestId("member").Filter(new() { HasText = "tess" }).GetByTestId("presence")).ToHaveAttributeAsync("data-status", "online", new() { Timeout = 60_000 });

        // Typing: Ted sees it under his composer, and it lapses by itself.
        await tess.GetByTestId("composer").PressSequentiallyAsync("I am wri");
        await Expect(ted.GetByTestId("typing")).ToHaveTextAsync("tess is typing…", new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(ted, "typing-ted");
        await Expect(ted.GetByTestId("typing")).ToHaveTextAsync("", new() { Timeout = 30_000 });

        // Edit: the new text and the edited mark appear at Ted's.
        await tess.GetByTestId("composer").FillAsync("");
        await ChatPage.SendAsync(tess, "the meeting is at 10");
        await Expect(ChatPage.Message(ted, "the meeting is at 10")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var own = tess.GetByTestId("message").Filter(new() { HasText = "the meeting is at 10" });
        await own.HoverAsync();
        await own.GetByTestId("edit").ClickAsync();
        await tess.GetByTestId("edit-box").FillAsync("the meeting is at 11");
        await tess.GetByTestId("edit-box").PressAsync("Enter");
        var edited = ted.GetByTestId("message").Filter(new() { HasText = "the meeting is at 11" });
        await Expect(edited).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(edited.GetByTestId("edited")).ToHaveTextAsync("(edited)");
        await Expect(ChatPage.Message(ted, "the meeting is at 10")).ToHaveCountAsync(0);
        await Expect(tess.GetByTestId("message").Filter(new() { HasText = "the meeting is at 11" }).GetByTestId("edited")).ToBeVisibleAsync();

        // Up in the empty composer edits the last own message.
        await tess.GetByTestId("composer").FocusAsync();
        await tess.GetByTestId("composer").PressAsync("ArrowUp");
        await Expect(tess.GetByTestId("edit-box")).ToHaveValueAsync("the meeting is at 11");
        await tess.GetByTestId("edit-box").PressAsync("Escape");

        // Delete: the message disappears at Ted's.
        await ChatPage.SendAsync(tess, "oops, wrong channel");
        await Expect(ChatPage.Message(ted, "oops, wrong channel")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var mistake = tess.GetByTestId("message").Filter(new() { HasText = "oops, wrong channel" });
        await mistake.HoverAsync();
        await mistake.GetByTestId("delete").ClickAsync();
        await Expect(ChatPage.Message(ted, "oops, wrong channel")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(tess, "oops, wrong channel")).ToHaveCountAsync(0);

        await tess.Context.CloseAsync();
        await ted.Context.CloseAsync();
    }
}
