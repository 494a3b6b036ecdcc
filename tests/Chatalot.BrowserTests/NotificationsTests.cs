using Chatalot.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// Desktop notifications for DMs and mentions: asked for from a banner after sign-in, shown only for what is not on
/// screen, built from the decrypted text in the browser, silenced by a per-channel mute; clicking one opens the channel.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationsTests(BrowserFixture fixture)
{
    // Records every notification the page creates (the real one is still created when the browser can), so the test
    // can read its title and body and click it.
    private const string CaptureScript = """
        (() => {
            const Real = window.Notification;
            window.__notifications = [];
            function Captured(title, options) {
                let n;
                try { n = new Real(title, options); } catch { n = new EventTarget(); n.close = () => {}; }
                window.__notifications.push({ title, body: options && options.body, target: n });
                return n;
            }
            Object.defineProperty(Captured, 'permission', { get: () => Real.permission });
            Captured.requestPermission = (...args) => Real.requestPermission(...args);
            window.Notification = Captured;
        })();
        """;

    [Fact]
    public async Task DirectMessagesAndMentions_Notify_UnlessOnScreenOrMuted_AndClickingOpensTheChannel()
    {
        var (nia, oli) = await ChatPage.SetUpPairAsync(fixture, "nia", "oli", "Notify Club");
        await oli.Context.AddInitScriptAsync(CaptureScript);

        // Not asked on load: a banner after sign-in offers it; "Not now" hides it for this account (Nia), "Enable" asks
        // the browser (Oli, whose browser then grants it).
        await Expect(nia.GetByTestId("notifications-banner")).ToBeVisibleAsync();
        await nia.GetByTestId("dismiss-notifications").ClickAsync();
        await Expect(nia.GetByTestId("notifications-banner")).ToHaveCountAsync(0);
        await nia.GetByTestId("open-settings").ClickAsync();
        await Expect(nia.GetByTestId("settings-enable-notifications")).ToBeVisibleAsync();
        await nia.GetByTestId("settings-close").ClickAsync();
        await oli.ReloadAsync();
        await ChatPage.UnlockAsync(oli);
        await Expect(oli.GetByTestId("notifications-banner")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await oli.Context.GrantPermissionsAsync(["notifications"]);
        await oli.GetByTestId("enable-notifications").ClickAsync();
        await Expect(oli.GetByTestId("notifications-banner")).ToHaveCountAsync(0);
        await oli.GetByTestId("open-settings").ClickAsync();
        await Expect(oli.GetByTestId("notification-status")).ToContainTextAsync("Desktop notifications are on");
        await oli.GetByTestId("settings-close").ClickAsync();
        await ChannelSteps.OpenAsync(oli, "#general");
        var general = ChannelSteps.OpenChannelId(oli);

        // A DM while Oli reads #general: notified, with the decrypted text; clicking opens the DM.
        await nia.GetByTestId("member").Filter(new() { HasText = "oli" }).ClickAsync();
        await Expect(nia.GetByTestId("channel-title")).ToHaveTextAsync("@oli", new() { Timeout = 60_000 });
        await ChatPage.SendAsync(nia, "psst, the plan is on");
        var first = await NextNotificationAsync(oli, 0);
        Assert.Equal("nia", first.Title);
        Assert.Equal("psst, the plan is on", first.Body);
        await oli.EvaluateAsync("() => window.__notifications[0].target.dispatchEvent(new Event('click'))");
        await Expect(oli.GetByTestId("channel-title")).ToHaveTextAsync("@nia", new() { Timeout = 30_000 });
        await Expect(ChatPage.Message(oli, "psst, the plan is on")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // A DM in the conversation Oli is looking at does not notify; a mention elsewhere does (from an SDK member).
        await ChatPage.SendAsync(nia, "you are reading this one");
        await Expect(ChatPage.Message(oli, "you are reading this one")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await nia.GetByTestId("rail-community").ClickAsync();
        await using var bot = await ChannelSteps.BotAsync(fixture, nia, "notify-bot");
        await ChannelSteps.MentionAsync(bot, general, "oli", "@oli can you review?");
        var mention = await NextNotificationAsync(oli, 1);
        Assert.Equal("notify-bot in #general", mention.Title);
        Assert.Equal("@oli can you review?", mention.Body);

        // Muted: #general is dimmed and its mentions no longer notify (they still count); a DM from someone else still
        // notifies, and is the next notification.
        await oli.GetByTestId("rail-community").ClickAsync();
        await ChannelSteps.Row(oli, "#general").GetByTestId("channel-menu").ClickAsync();
        await oli.GetByTestId("toggle-mute").ClickAsync();
        await Expect(ChannelSteps.Row(oli, "#general")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("muted-channel"));
        await Expect(ChannelSteps.Row(oli, "#general").GetByTestId("muted-icon")).ToBeVisibleAsync();
        await oli.GetByTestId("rail-dms").ClickAsync();
        await ChannelSteps.OpenAsync(oli, "@nia");
        await ChannelSteps.MentionAsync(bot, general, "oli", "@oli muted ping");
        await Expect(oli.GetByTestId("rail-community").GetByTestId("rail-mentions")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        var oliId = (await bot.Rest.SearchUsersAsync("oli", cancellationToken: CancellationToken.None)).Single(u => u.Username == "oli").Id;
        await bot.SendAsync(new Chatalot.Client.UserId(oliId), "a DM after the mute", CancellationToken.None);
        var next = await NextNotificationAsync(oli, 2);
        Assert.Equal("notify-bot", next.Title);
        Assert.Equal("a DM after the mute", next.Body);
        Assert.Equal(3, await oli.EvaluateAsync<int>("() => window.__notifications.length"));
        await BrowserFixture.ScreenshotAsync(oli, "notifications-muted");

        // A hidden tab: a DM in the conversation on screen notifies and counts in the title; showing the tab reads it.
        // (The title already counts the bot's unread DM and the muted channel's mention: mentions count even there.)
        await Expect(oli).ToHaveTitleAsync("(2) Chatalot");
        await oli.EvaluateAsync("""
            () => {
                Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
                document.dispatchEvent(new Event('visibilitychange'));
            }
            """);
        await nia.GetByTestId("rail-dms").ClickAsync();
        await ChannelSteps.OpenAsync(nia, "@oli");
        await ChatPage.SendAsync(nia, "while the tab is hidden");
        var hidden = await NextNotificationAsync(oli, 3);
        Assert.Equal("while the tab is hidden", hidden.Body);
        await Expect(oli).ToHaveTitleAsync("(3) Chatalot");
        await oli.EvaluateAsync("""
            () => {
                Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
                document.dispatchEvent(new Event('visibilitychange'));
            }
            """);
        await Expect(oli).ToHaveTitleAsync("(2) Chatalot");

        // The mute is kept for the account across a reload.
        await oli.ReloadAsync();
        await ChatPage.UnlockAsync(oli);
        await oli.GetByTestId("rail-community").ClickAsync();
        await Expect(ChannelSteps.Row(oli, "#general")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("muted-channel"), new() { Timeout = 30_000 });

        await nia.Context.CloseAsync();
        await oli.Context.CloseAsync();
    }

    private sealed record Captured(string Title, string Body);

    private static async Task<Captured> NextNotificationAsync(IPage page, int index)
    {
        await page.WaitForFunctionAsync($"() => window.__notifications && window.__notifications.length > {index}", null, new() { Timeout = 60_000 });
        var title = await page.EvaluateAsync<string>($"() => window.__notifications[{index}].title");
        var body = await page.EvaluateAsync<string>($"() => window.__notifications[{index}].body");
        return new Captured(title, body);
    }
}
