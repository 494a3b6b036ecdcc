using Chatalot.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Infrastructure;

/// <summary>Steps around channels, unread state and notifications (issue 12), shared by their browser tests.</summary>
public static class ChannelSteps
{
    /// <summary>The sidebar row of a channel or DM whose label contains <paramref name="name"/>.</summary>
    public static ILocator Row(IPage page, string name) =>
        page.GetByTestId("channel-row").Filter(new() { Has = page.GetByTestId("channel-link").Filter(new() { HasText = name }) });

    /// <summary>Creates a channel in the first group through the new-channel dialog; the creator lands in it.</summary>
    public static async Task CreateChannelAsync(IPage page, string name, bool voice = false, string? topic = null)
    {
        await page.GetByTestId("new-channel").First.ClickAsync();
        if (voice)
        {
            await page.GetByTestId("channel-type-voice").ClickAsync();
            await Expect(page.GetByTestId("voice-later")).ToBeVisibleAsync();
        }

        await page.GetByTestId("prompt-input").FillAsync(name);
        if (topic is not null)
        {
            await page.GetByTestId("new-channel-topic").FillAsync(topic);
        }

        await page.GetByTestId("prompt-submit").ClickAsync();
        await Expect(page.GetByTestId("channel-title")).ToContainTextAsync(name, new() { Timeout = 60_000 });
    }

    public static async Task OpenAsync(IPage page, string name)
    {
        await page.GetByTestId("channel-link").Filter(new() { HasText = name }).ClickAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("channel-title")).ToContainTextAsync(name, new() { Timeout = 60_000 });
    }

    public static async Task OpenSettingsAsync(IPage page, string channel)
    {
        var row = Row(page, channel);
        await row.HoverAsync();
        await row.GetByTestId("channel-settings").ClickAsync();
        await Expect(page.GetByTestId("channel-settings-dialog")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Signs the same account in on another browser (a second device) and links it from <paramref name="linkedPage"/>,
    /// one of the account's linked browsers, as a person would (crypto.md §15.4): the new browser asks, the linked one
    /// compares the code and approves, the new one confirms the match and opens the chat.
    /// </summary>
    public static async Task<IPage> SecondDeviceAsync(BrowserFixture fixture, IPage linkedPage, string username, string password = "password-1234")
    {
        var page = await SignInUnlinkedAsync(fixture, username, password);
        await LinkThroughUiAsync(linkedPage, page);
        return page;
    }

    /// <summary>Signs an account that already has a device in on a fresh browser: it lands on the "Link this device" screen.</summary>
    public static async Task<IPage> SignInUnlinkedAsync(BrowserFixture fixture, string username, string password = "password-1234")
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByTestId("tab-login").ClickAsync();
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#passphrase").FillAsync(ChatPage.Passphrase);
        await page.GetByTestId("auth-submit").ClickAsync();
        await Expect(page.GetByTestId("link-device")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(page.GetByTestId("shell")).ToHaveCountAsync(0);
        return page;
    }

    /// <summary>Links the unlinked browser <paramref name="fresh"/> from the linked <paramref name="linked"/>: both show the same code.</summary>
    public static async Task LinkThroughUiAsync(IPage linked, IPage fresh)
    {
        await fresh.GetByTestId("link-from-device").ClickAsync();
        var request = linked.GetByTestId("link-request");
        await Expect(request).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await linked.GetByTestId("link-request-compare").ClickAsync();
        await Expect(fresh.GetByTestId("link-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4} \d{4}$"), new() { Timeout = 60_000 });
        await Expect(linked.GetByTestId("link-request-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4} \d{4}$"), new() { Timeout = 60_000 });
        Assert.Equal(await fresh.GetByTestId("link-code").InnerTextAsync(), await linked.GetByTestId("link-request-code").InnerTextAsync());
        await fresh.GetByTestId("link-codes-match").ClickAsync();
        await linked.GetByTestId("link-request-approve").ClickAsync();
        await Expect(request).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(fresh.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
    }

    /// <summary>
    /// An SDK client that joins the community of <paramref name="ownerPage"/> (through a fresh invite) and every group
    /// in it: a third person who can send what the web composer does not (yet), such as mentions.
    /// </summary>
    public static async Task<ChatalotClient> BotAsync(BrowserFixture fixture, IPage ownerPage, string name)
    {
        await ownerPage.GetByTestId("invite").ClickAsync();
        var code = (await ownerPage.GetByTestId("invite-link").GetAttributeAsync("href"))!.Split('/')[^1];
        await ownerPage.GetByTestId("notice").GetByLabel("Dismiss").ClickAsync();
        var bot = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = fixture.Server.BaseUrl,
            Username = name,
            Password = "password-1234",
            RegisterIfMissing = true,
        });
        await bot.ConnectAsync(CancellationToken.None);
        var community = await bot.Rest.AcceptInviteAsync(code, CancellationToken.None);
        foreach (var group in await bot.Rest.GetGroupsAsync(new CommunityId(community.CommunityId), CancellationToken.None))
        {
            await bot.Rest.JoinGroupAsync(new GroupId(group.Id), CancellationToken.None);
        }

        return bot;
    }

    /// <summary>Sends a message from <paramref name="bot"/> that mentions <paramref name="username"/> (end-to-end, like any message).</summary>
    public static async Task MentionAsync(ChatalotClient bot, Guid channelId, string username, string text)
    {
        var user = (await bot.Rest.SearchUsersAsync(username, cancellationToken: CancellationToken.None)).Single(u => u.Username == username);
        await bot.SendAsync(new ChannelId(channelId), Chatalot.Protocol.Content.MessageContent.CreateText(text, [user.Id]), CancellationToken.None);
    }

    /// <summary>The channel id of the channel open in <paramref name="page"/>.</summary>
    public static Guid OpenChannelId(IPage page) => Guid.Parse(page.Url.Split('/')[^1]);
}
