using Chatalot.BrowserTests.Infrastructure;
using static Chatalot.BrowserTests.Conversations.MessageSteps;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Conversations;

/// <summary>Forwarding to a DM (shown as forwarded) and saving messages to the "Saved" panel.</summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class ForwardAndBookmarksTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AForwardArrivesMarkedForwarded_AndSavedMessagesListAndLeaveTheSavedPanel()
    {
        var (gus, hal) = await ChatPage.SetUpPairAsync(fixture, "gus", "hal", "Forward Club");
        await ChatPage.SendAsync(hal, "The recipe is in the blue book");
        var onGus = InChannel(gus, "The recipe is in the blue book");
        await Expect(onGus).ToBeVisibleAsync(Slow);

        // Gus opens a DM with Hal, goes back to #general and forwards Hal's message there.
        await gus.GetByTestId("member").Filter(new() { HasText = "hal" }).ClickAsync();
        await Expect(gus.GetByTestId("channel-title")).ToHaveTextAsync("@hal", new() { Timeout = 60_000 });
        await gus.GoBackAsync();
        await Expect(gus.GetByTestId("channel-title")).ToHaveTextAsync("#general");
        await ActAsync(onGus, "forward");
        await gus.GetByTestId("forward-input").FillAsync("hal");
        await gus.GetByTestId("forward-target").Filter(new() { HasText = "@hal" }).ClickAsync();
        await Expect(gus.GetByTestId("forward-dialog")).ToHaveCountAsync(0);

        await hal.GetByTestId("rail-dms").ClickAsync();
        await hal.GetByTestId("channel-link").Filter(new() { HasText = "gus" }).ClickAsync(new() { Timeout = 60_000 });
        var forwarded = InChannel(hal, "The recipe is in the blue book");
        await Expect(forwarded).ToBeVisibleAsync(Slow);
        await Expect(forwarded.GetByTestId("forwarded")).ToHaveTextAsync("Forwarded from hal");

        // Gus saves the message: the Saved panel lists it, and showing it closes the panel.
        await ActAsync(onGus, "bookmark");
        await Expect(onGus.GetByTestId("bookmark")).ToHaveAttributeAsync("aria-pressed", "true");
        await gus.GetByTestId("open-saved").ClickAsync();
        var saved = gus.GetByTestId("saved-entry");
        await Expect(saved).ToContainTextAsync("The recipe is in the blue book");
        await Expect(saved).ToContainTextAsync("#general");
        await saved.ClickAsync();
        await Expect(gus.GetByTestId("side-panel")).ToHaveCountAsync(0);

        // Unsaved again: the panel is empty.
        await ActAsync(onGus, "bookmark");
        await Expect(onGus.GetByTestId("bookmark")).ToHaveAttributeAsync("aria-pressed", "false");
        await gus.GetByTestId("open-saved").ClickAsync();
        await Expect(gus.GetByTestId("saved-empty")).ToBeVisibleAsync();
        await gus.Context.CloseAsync();
        await hal.Context.CloseAsync();
    }
}
