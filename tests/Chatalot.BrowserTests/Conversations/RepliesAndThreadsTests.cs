using Microsoft.Playwright;
using Chatalot.BrowserTests.Infrastructure;
using static Chatalot.BrowserTests.Conversations.MessageSteps;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Conversations;

/// <summary>Replies quote what they answer; threads collect their replies in a side panel, counted on the root.</summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class RepliesAndThreadsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Replies_ShowAQuote_AndThreads_KeepTheirRepliesInThePanel_WithCountsOnTheRoot()
    {
        var (ann, ben) = await ChatPage.SetUpPairAsync(fixture, "ann", "ben", "Thread Club");
        await ChatPage.SendAsync(ann, "Who is bringing the cake?");
        var benRoot = InChannel(ben, "Who is bringing the cake?");
        await Expect(benRoot).ToBeVisibleAsync(Slow);

        // Ben starts a reply, cancels it, starts again: the composer says whom he answers and has the focus.
        await ActAsync(benRoot, "reply");
        await Expect(ben.GetByTestId("replying-to")).ToContainTextAsync("ann");
        await ben.GetByTestId("cancel-reply").ClickAsync();
        await Expect(ben.GetByTestId("replying-to")).ToHaveCountAsync(0);
        await ActAsync(benRoot, "reply");
        await ben.GetByTestId("composer").PressAsync("Escape");
        await Expect(ben.GetByTestId("replying-to")).ToHaveCountAsync(0);
        await ActAsync(benRoot, "reply");
        await Expect(ben.GetByTestId("composer")).ToBeFocusedAsync();
        await ChatPage.SendAsync(ben, "I will :cake:");
        await Expect(ben.GetByTestId("replying-to")).ToHaveCountAsync(0);

        // Both see the reply with a quote of the original (shortcodes went through the SDK's composer).
        var annReply = InChannel(ann, "I will 🍰");
        await Expect(annReply).ToBeVisibleAsync(Slow);
        await Expect(annReply.GetByTestId("reply-quote")).ToContainTextAsync("Who is bringing the cake?");
        await Expect(annReply.GetByTestId("reply-quote")).ToContainTextAsync("ann");
        await Expect(InChannel(ben, "I will 🍰").GetByTestId("reply-quote")).ToContainTextAsync("Who is bringing the cake?");

        // Ann starts a thread from her message with the keyboard, and replies in the panel.
        var annRoot = InChannel(ann, "Who is bringing the cake?").First;
        await annRoot.HoverAsync();
        await annRoot.GetByTestId("thread").FocusAsync();
        await ann.Keyboard.PressAsync("Enter");
        await Expect(ann.GetByTestId("side-panel")).ToHaveAttributeAsync("data-kind", "Thread");
        await Expect(ann.GetByTestId("thread-root")).ToContainTextAsync("Who is bringing the cake?");
        await ann.GetByTestId("thread-composer").FillAsync("Candles too?");
        await ann.GetByTestId("thread-composer").PressAsync("Enter");
        await Expect(ann.GetByTestId("thread-replies")).ToContainTextAsync("Candles too?", new() { Timeout = 60_000 });
        await Expect(ann.GetByTestId("thread-composer")).ToHaveValueAsync("");

        // Ben's root counts the reply; the reply itself stays out of his channel list.
        var benSummary = InChannel(ben, "Who is bringing the cake?").First.GetByTestId("thread-summary");
        await Expect(benSummary).ToContainTextAsync("1 reply", new() { Timeout = 60_000 });
        await Expect(ben.GetByTestId("messages").GetByText("Candles too?")).ToHaveCountAsync(0);

        // Ben opens the thread from the count and answers; Ann's open panel shows it live and her root counts 2.
        await benSummary.ClickAsync();
        await Expect(ben.GetByTestId("thread-replies")).ToContainTextAsync("Candles too?");
        await ben.GetByTestId("thread-composer").FillAsync("Yes, thirty of them");
        await ben.GetByTestId("thread-send").ClickAsync();
        await Expect(ann.GetByTestId("thread-replies")).ToContainTextAsync("Yes, thirty of them", new() { Timeout = 60_000 });
        await Expect(InChannel(ann, "Who is bringing the cake?").First.GetByTestId("thread-summary")).ToContainTextAsync("2 replies", new() { Timeout = 30_000 });
        await Expect(ann.GetByTestId("messages").GetByText("Yes, thirty of them")).ToHaveCountAsync(0);

        // A file in the thread: Ben attaches one in the panel; Ann's open panel shows it, and the channel list does not.
        await ben.GetByTestId("thread-attach-input").SetInputFilesAsync(new FilePayload { Name = "list.txt", MimeType = "text/plain", Buffer = "cake, candles"u8.ToArray() });
        await Expect(ben.GetByTestId("side-panel").Locator("[data-testid=upload][data-state=uploaded]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await ben.GetByTestId("thread-composer").FillAsync("The list");
        await ben.GetByTestId("thread-send").ClickAsync();
        await Expect(ben.GetByTestId("side-panel").GetByTestId("upload")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        var annFile = ann.GetByTestId("thread-replies").GetByTestId("message").Filter(new() { HasText = "The list" }).Locator("[data-testid=attachment][data-name='list.txt']");
        await Expect(annFile).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(ann.GetByTestId("messages").GetByText("The list")).ToHaveCountAsync(0);

        // The channel's threads, from the header: one thread, which opens the panel.
        await ann.GetByTestId("open-threads").ClickAsync();
        await Expect(ann.GetByTestId("side-panel")).ToHaveAttributeAsync("data-kind", "Threads");
        var entry = ann.GetByTestId("thread-entry");
        await Expect(entry).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(entry).ToContainTextAsync("Who is bringing the cake?");
        await entry.ClickAsync();
        await Expect(ann.GetByTestId("side-panel")).ToHaveAttributeAsync("data-kind", "Thread");
        await Expect(ann.GetByTestId("thread-replies").GetByTestId("message")).ToHaveCountAsync(3);
        // The server's ?thread= page was read: every reply it holds is readable here.
        await Expect(ann.GetByTestId("thread-count")).ToHaveAttributeAsync("data-unreadable", "0");
        await BrowserFixture.ScreenshotAsync(ann, "thread-panel-ann");

        // On a phone the thread covers the messages, and closing it brings them back.
        await ben.SetViewportSizeAsync(390, 800);
        await Expect(ben.GetByTestId("side-panel")).ToBeVisibleAsync();
        Assert.Equal(390, (await ben.GetByTestId("side-panel").BoundingBoxAsync())!.Width, 1);
        await ben.GetByTestId("side-panel-close").ClickAsync();
        await Expect(InChannel(ben, "Who is bringing the cake?").First).ToBeVisibleAsync();

        await ann.GetByTestId("side-panel-close").ClickAsync();
        await Expect(ann.GetByTestId("side-panel")).ToHaveCountAsync(0);
        await Expect(ann.GetByTestId("member")).ToHaveCountAsync(2);
        await ann.Context.CloseAsync();
        await ben.Context.CloseAsync();
    }

    /// <summary>A reply's quote jumps to the original through the message list's <c>RequestJump</c>, loading history if needed.</summary>
    [Fact]
    public async Task ClickingAReplyQuote_ScrollsToTheOriginal()
    {
        var (ivy, jon) = await ChatPage.SetUpPairAsync(fixture, "iris", "jonah", "Jump Club");
        await ChatPage.SendAsync(ivy, "The original, far up");
        await Expect(InChannel(jon, "The original, far up")).ToBeVisibleAsync(Slow);
        await ActAsync(InChannel(jon, "The original, far up"), "reply");
        for (var i = 0; i < 40; i++)
        {
            await ChatPage.SendAsync(ivy, $"filler {i:D2}");
        }

        await ChatPage.SendAsync(jon, "Answering the original");
        var reply = InChannel(ivy, "Answering the original");
        await Expect(reply).ToBeVisibleAsync(Slow);
        await Expect(ByBody(ivy, "The original, far up")).Not.ToBeInViewportAsync();
        await reply.GetByTestId("reply-quote").ClickAsync();
        await Expect(ByBody(ivy, "The original, far up")).ToBeInViewportAsync(new() { Timeout = 30_000 });
        await ivy.Context.CloseAsync();
        await jon.Context.CloseAsync();
    }
}
