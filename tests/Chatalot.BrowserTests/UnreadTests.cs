using System.Text.RegularExpressions;
using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// Unread counts, mention counts, the "New messages" divider, the tab title, and read cursors shared between two
/// devices of one person through the server's read states.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UnreadTests(BrowserFixture fixture)
{
    private static readonly Regex HasUnread = new(@"\bhas-unread\b");

    [Fact]
    public async Task UnreadAndMentions_CountPerChannelAndCommunity_AndReadingOnOneDeviceClearsTheOther()
    {
        var (uma, val) = await ChatPage.SetUpPairAsync(fixture, "uma", "val", "Unread Club");
        await ChannelSteps.CreateChannelAsync(uma, "random");
        var random = ChannelSteps.OpenChannelId(uma);
        await Expect(ChannelSteps.Row(val, "#random")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // Two messages in #random while Val reads #general: a count of 2 there, a dot on the rail, "(2)" in the title.
        await ChatPage.SendAsync(uma, "random one");
        await ChatPage.SendAsync(uma, "random two");
        await Expect(ChannelSteps.Row(val, "#random").GetByTestId("unread-count")).ToHaveTextAsync("2", new() { Timeout = 60_000 });
        await Expect(val.GetByTestId("rail-community").GetByTestId("rail-unread")).ToBeVisibleAsync();
        await Expect(val).ToHaveTitleAsync("(2) Chatalot");
        await Expect(ChannelSteps.Row(val, "#general").GetByTestId("unread-count")).ToHaveCountAsync(0);

        // A mention of Val (from an SDK member; mentions are end-to-end content, counted in the browser) gets a red badge
        // on the channel and on the community's rail button.
        await using var bot = await ChannelSteps.BotAsync(fixture, uma, "unread-bot");
        await ChannelSteps.MentionAsync(bot, random, "val", "hey @val, look at this");
        await Expect(ChannelSteps.Row(val, "#random").GetByTestId("mention-count")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await Expect(val.GetByTestId("rail-community").GetByTestId("rail-mentions")).ToHaveTextAsync("1");
        await Expect(ChannelSteps.Row(val, "#random").GetByTestId("unread-count")).ToHaveTextAsync("3");
        await Expect(val).ToHaveTitleAsync("(3) Chatalot");
        await BrowserFixture.ScreenshotAsync(val, "unread-counts");

        // Val's second device: #random shows as unread. The server's read state says so even before this device can
        // count the messages (a dot); once it has decrypted them it shows counts instead. Either is "unread".
        var val2 = await ChannelSteps.SecondDeviceAsync(fixture, val, "val");
        await val2.GetByTestId("rail-community").ClickAsync();
        await Expect(ChannelSteps.Row(val2, "#random")).ToHaveClassAsync(HasUnread, new() { Timeout = 60_000 });

        // Opening #random: the divider sits before the first unread message; the counts and the title clear; the cursor
        // moves on the server, so the other device's dot goes too, without a reload.
        await ChannelSteps.OpenAsync(val, "#random");
        var divider = val.GetByTestId("new-messages-divider");
        await Expect(divider).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(val.Locator("[data-testid=new-messages-divider] + [data-testid=message]")).ToContainTextAsync("random one");
        await Expect(ChannelSteps.Row(val, "#random").GetByTestId("unread-count")).ToHaveCountAsync(0);
        await Expect(ChannelSteps.Row(val, "#random").GetByTestId("mention-count")).ToHaveCountAsync(0);
        await Expect(val).ToHaveTitleAsync("Chatalot");
        await BrowserFixture.ScreenshotAsync(val, "unread-divider");
        await Expect(ChannelSteps.Row(val2, "#random")).Not.ToHaveClassAsync(HasUnread, new() { Timeout = 30_000 });

        // A message while Val reads #random stays read; then one while Val is back in #general counts on both devices,
        // and "Mark as read" from the channel's menu on one clears both.
        await ChatPage.SendAsync(uma, "random three");
        await Expect(ChatPage.Message(val, "random three")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChannelSteps.OpenAsync(val, "#general");
        await Expect(ChannelSteps.Row(val, "#random").GetByTestId("unread-count")).ToHaveCountAsync(0);
        await ChatPage.SendAsync(uma, "random four");
        await Expect(ChannelSteps.Row(val, "#random").GetByTestId("unread-count")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await Expect(ChannelSteps.Row(val2, "#random").GetByTestId("unread-count")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await ChannelSteps.Row(val, "#random").GetByTestId("channel-menu").ClickAsync();
        await val.GetByTestId("mark-read").ClickAsync();
        await Expect(ChannelSteps.Row(val, "#random").GetByTestId("unread-count")).ToHaveCountAsync(0);
        await Expect(ChannelSteps.Row(val2, "#random").GetByTestId("unread-count")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // "Mark all as read" for the community.
        await ChatPage.SendAsync(uma, "random five");
        await Expect(ChannelSteps.Row(val, "#random").GetByTestId("unread-count")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await val.GetByTestId("mark-all-read").ClickAsync();
        await Expect(ChannelSteps.Row(val, "#random").GetByTestId("unread-count")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(val.GetByTestId("rail-community").GetByTestId("rail-unread")).ToHaveCountAsync(0);
        await Expect(val).ToHaveTitleAsync("Chatalot");

        await uma.Context.CloseAsync();
        await val.Context.CloseAsync();
        await val2.Context.CloseAsync();
    }
}
