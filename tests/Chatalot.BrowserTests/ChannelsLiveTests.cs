using System.Text.RegularExpressions;
using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// Channels created, renamed, re-topiced, reordered, made read-only or slow, and deleted by one person reach the other
/// browser at once through gateway events (no reload); voice channels are listed as such.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChannelsLiveTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ChannelChangesByTheOwner_ShowUpLiveAtTheMember_AndOnlyTheOwnerGetsTheSettings()
    {
        var (chloe, dario) = await ChatPage.SetUpPairAsync(fixture, "chloe", "dario", "Live Channels");

        // The settings gear is for those who may change the channel: the owner, not a plain member.
        await Expect(ChannelSteps.Row(chloe, "general").GetByTestId("channel-settings")).ToHaveCountAsync(1);
        await Expect(ChannelSteps.Row(dario, "general").GetByTestId("channel-menu")).ToHaveCountAsync(1);
        await Expect(ChannelSteps.Row(dario, "general").GetByTestId("channel-settings")).ToHaveCountAsync(0);

        // A voice channel: listed with a speaker at both ends, with its call's join card (CallTests cover the calls).
        await ChannelSteps.CreateChannelAsync(chloe, "hangout", voice: true);
        await Expect(chloe.GetByTestId("voice-notice")).ToBeVisibleAsync();
        await Expect(chloe.GetByTestId("join-voice")).ToBeVisibleAsync();
        await Expect(ChannelSteps.Row(dario, "hangout").GetByTestId("voice-icon")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // A text channel created, then renamed, re-topiced and made read-only from its settings.
        await ChannelSteps.CreateChannelAsync(chloe, "news", topic: "first topic");
        await Expect(ChannelSteps.Row(dario, "#news")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ChannelSteps.OpenSettingsAsync(chloe, "#news");
        await chloe.GetByTestId("channel-name").FillAsync("announcements");
        await chloe.GetByTestId("channel-topic").FillAsync("Read me first");
        await chloe.GetByTestId("channel-read-only").CheckAsync();
        await chloe.GetByTestId("channel-save").ClickAsync();
        await Expect(chloe.GetByTestId("channel-settings-dialog")).ToHaveCountAsync(0);
        await Expect(ChannelSteps.Row(dario, "#announcements")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(ChannelSteps.Row(dario, "#news")).ToHaveCountAsync(0);
        await ChannelSteps.OpenAsync(dario, "#announcements");
        await Expect(dario.Locator(".main > header .topic")).ToHaveTextAsync("Read me first");
        await Expect(dario.GetByTestId("read-only-notice")).ToBeVisibleAsync();
        await Expect(dario.GetByTestId("composer")).ToBeHiddenAsync();
        await Expect(chloe.GetByTestId("composer")).ToBeVisibleAsync();
        await Expect(chloe.GetByTestId("read-only-notice")).ToHaveCountAsync(0);

        // Reordered: "announcements" moves above "hangout"; the member's sidebar follows.
        await Expect(dario.GetByTestId("channel-link")).ToHaveTextAsync([new Regex("general"), new Regex("hangout"), new Regex("announcements")]);
        await ChannelSteps.OpenSettingsAsync(chloe, "#announcements");
        await chloe.GetByTestId("channel-move-up").ClickAsync();
        await Expect(chloe.GetByTestId("channel-link")).ToHaveTextAsync([new Regex("general"), new Regex("announcements"), new Regex("hangout")], new() { Timeout = 30_000 });
        await chloe.Keyboard.PressAsync("Escape");
        await Expect(chloe.GetByTestId("channel-settings-dialog")).ToHaveCountAsync(0);
        await Expect(dario.GetByTestId("channel-link")).ToHaveTextAsync([new Regex("general"), new Regex("announcements"), new Regex("hangout")], new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(dario, "channels-live-member");

        // Slow mode on #general: the member is told, and a second message too soon shows the wait, keeping the text.
        await ChannelSteps.OpenAsync(chloe, "#general");
        await ChannelSteps.OpenSettingsAsync(chloe, "#general");
        await chloe.GetByTestId("channel-slow-mode").SelectOptionAsync("60");
        await chloe.GetByTestId("channel-save").ClickAsync();
        await ChannelSteps.OpenAsync(dario, "#general");
        await Expect(dario.GetByTestId("slow-mode-notice")).ToContainTextAsync("one message every 1 min", new() { Timeout = 30_000 });
        await Expect(chloe.GetByTestId("slow-mode-notice")).ToHaveCountAsync(0);
        await ChatPage.SendAsync(dario, "first under slow mode");
        await Expect(ChatPage.Message(chloe, "first under slow mode")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await dario.GetByTestId("composer").FillAsync("second too soon");
        await dario.GetByTestId("composer").PressAsync("Enter");
        await Expect(dario.GetByTestId("slow-mode-wait")).ToContainTextAsync("You can send again in", new() { Timeout = 30_000 });
        await Expect(dario.GetByTestId("composer")).ToHaveValueAsync("second too soon");
        await BrowserFixture.ScreenshotAsync(dario, "channels-slow-mode");

        // Deleted: gone from the member's sidebar.
        await ChannelSteps.OpenSettingsAsync(chloe, "hangout");
        await chloe.GetByTestId("channel-delete").ClickAsync();
        await chloe.GetByTestId("channel-delete-confirm").ClickAsync();
        await Expect(ChannelSteps.Row(chloe, "hangout")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(ChannelSteps.Row(dario, "hangout")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // A group created by the owner appears in the member's sidebar with its #general.
        await chloe.GetByTitle("New group").ClickAsync();
        await chloe.GetByTestId("prompt-input").FillAsync("Projects");
        await chloe.GetByTestId("prompt-submit").ClickAsync();
        await Expect(dario.Locator(".sidebar h3").Filter(new() { HasText = "Projects" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(dario.GetByTestId("channel-link").Filter(new() { HasText = "general" })).ToHaveCountAsync(2, new() { Timeout = 30_000 });

        await chloe.Context.CloseAsync();
        await dario.Context.CloseAsync();
    }
}
