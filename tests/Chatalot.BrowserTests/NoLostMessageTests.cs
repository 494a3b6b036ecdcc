using Chatalot.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// No message is lost: a member who was away while a channel was created and first written in reads those first
/// messages when it comes back (they were once lost for good: no cursor, no sender key, no retry).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NoLostMessageTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ChannelCreatedAndWrittenWhileAMemberIsLocked_EveryMessageAppearsAfterUnlock()
    {
        var (bea, ari) = await ChatPage.SetUpPairAsync(fixture, "bea", "ari", "Away Club");
        await ChatPage.SendAsync(bea, "hello from bea in general");
        await Expect(ChatPage.Message(ari, "hello from bea in general")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // Ari's tab is locked (reloaded, not unlocked): his device is offline.
        await ari.ReloadAsync();
        await Expect(ari.GetByTestId("unlock-passphrase")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // Meanwhile Bea creates #random and posts its first two messages.
        await bea.GetByTestId("new-channel").First.ClickAsync();
        await bea.GetByTestId("prompt-input").FillAsync("random");
        await bea.GetByTestId("prompt-submit").ClickAsync();
        await Expect(bea.GetByTestId("channel-title")).ToHaveTextAsync("#random", new() { Timeout = 60_000 });
        await ChatPage.SendAsync(bea, "first in random");
        await ChatPage.SendAsync(bea, "second in random");

        // Ari unlocks and opens #random: both messages are there, none is a placeholder, without another reload.
        output.WriteLine($"unlock to ready: {(await ChatPage.UnlockAsync(ari)).TotalMilliseconds:F0} ms");
        await ari.GetByTestId("channel-link").Filter(new() { HasText = "random" }).ClickAsync(new() { Timeout = 60_000 });
        await Expect(ari.GetByTestId("channel-title")).ToHaveTextAsync("#random", new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(ari, "first in random")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(ari, "second in random")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(ari.Locator(".message.undecryptable")).ToHaveCountAsync(0);

        // And the channel keeps working both ways.
        await ChatPage.SendAsync(ari, "ari is back");
        await Expect(ChatPage.Message(bea, "ari is back")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await BrowserFixture.ScreenshotAsync(ari, "no-lost-message-ari");
        await bea.Context.CloseAsync();
        await ari.Context.CloseAsync();
    }
}
