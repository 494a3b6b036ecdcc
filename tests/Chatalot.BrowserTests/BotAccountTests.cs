using Chatalot.BrowserTests.Infrastructure;
using Chatalot.Client;
using Chatalot.Protocol.Content;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// Bot accounts in the web app (issue 15): the owner creates a bot in the community's Bots settings and sees its token
/// once; the bot signs in with that token through the SDK and posts; members see a BOT badge next to its name in the
/// member list and on its messages.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BotAccountTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task OwnerCreatesABotInSettings_BotSignsInWithTheToken_MembersSeeTheBotBadge()
    {
        var (owner, member) = await ChatPage.SetUpPairAsync(fixture, "bots-owner", "bots-member", "Bot Club");
        var name = "helper" + Guid.NewGuid().ToString("N")[..6];

        await owner.GetByTestId("community-settings").ClickAsync();
        await owner.GetByTestId("settings-tab-bots").ClickAsync();
        await Expect(owner.GetByTestId("bot-none")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await owner.GetByTestId("bot-username-input").FillAsync(name);
        await owner.GetByTestId("bot-display-name-input").FillAsync("Helper Bot");
        await owner.GetByTestId("bot-create").ClickAsync();
        await Expect(owner.GetByTestId("bot-token")).ToContainTextAsync("cbt_", new() { Timeout = 30_000 });
        var token = (await owner.GetByTestId("bot-token").TextContentAsync())!.Trim();
        await Expect(owner.GetByTestId("bot-item")).ToHaveAttributeAsync("data-name", name);
        await BrowserFixture.ScreenshotAsync(owner, "bot-settings-token");
        await owner.GetByTestId("bot-token-dismiss").ClickAsync();
        await Expect(owner.GetByTestId("bot-token")).ToHaveCountAsync(0);
        await owner.GetByTestId("community-settings-close").ClickAsync();

        await using var bot = new ChatalotClient(new ChatalotClientOptions { ServerUrl = fixture.Server.BaseUrl, BotToken = token });
        await bot.ConnectAsync(CancellationToken.None);
        var badge = member.GetByTestId("member").Filter(new() { HasText = "Helper Bot" }).GetByTestId("bot-badge");
        await Expect(badge).ToHaveTextAsync("BOT", new() { Timeout = 60_000 });
        await Expect(member.GetByTestId("member").Filter(new() { HasText = "bots-owner" }).GetByTestId("bot-badge")).ToHaveCountAsync(0);

        await bot.SendAsync(new ChannelId(ChannelSteps.OpenChannelId(member)), MessageContent.CreateText("beep boop"), CancellationToken.None);
        var message = member.GetByTestId("message").Filter(new() { Has = ChatPage.Message(member, "beep boop") });
        await Expect(message.GetByTestId("bot-badge")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await BrowserFixture.ScreenshotAsync(member, "bot-badge");
        output.WriteLine("bot created in settings, signed in with its token, badged");
        await owner.Context.CloseAsync();
        await member.Context.CloseAsync();
    }
}
