using Chatalot.BrowserTests.Infrastructure;
using Chatalot.Client;
using Chatalot.Protocol.Bots;
using Chatalot.Protocol.Content;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// Bot accounts in the web app (issue 15): the owner creates a bot in the community's Bots settings and sees its token
/// once; the bot signs in with that token through the SDK and posts; members see a BOT badge next to its name in the
/// member list and on its messages. A bot's published command list is offered by the composer after its prefix.
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
        await owner.GetByTestId("bot-avatar-input").SetInputFilesAsync(new Microsoft.Playwright.FilePayload { Name = "bot.png", MimeType = "image/png", Buffer = Profiles.ProfilesTests.Png });
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
        // The avatar picked in the create form is the bot's (set by its manager with PUT /bots/{id}/avatar).
        Assert.NotNull((await bot.Rest.GetUserAsync(bot.CurrentUserId!.Value, CancellationToken.None)).AvatarId);
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

    [Fact]
    public async Task BotPublishesItsCommands_TypingThePrefixOffersThem_ChoosingInsertsTheCommand()
    {
        var owner = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(owner, "cmd-owner");
        await ChatPage.CreateCommunityAsync(owner, "Command Club");
        await using var bot = await ChannelSteps.BotAsync(fixture, owner, "cmdbot");
        await Expect(owner.GetByTestId("member")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        // What a bot host does when it connects (ChatalotBotService); the summary's markup must stay text.
        await bot.Rest.PublishCommandsAsync(new PublishCommandsRequest("!",
        [
            new("ping", "Replies <b>pong</b>."),
            new("roll", "Rolls dice.", [new("dice", "such as 2d6"), new("times", Optional: true)]),
        ]), CancellationToken.None);

        var composer = owner.GetByTestId("composer");
        var options = owner.GetByTestId("autocomplete-option");
        await composer.PressSequentiallyAsync("!");
        await Expect(options).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        var ping = options.Nth(0);
        await Expect(ping.Locator(".label")).ToHaveTextAsync("!ping");
        await Expect(ping.Locator(".detail")).ToHaveTextAsync("Replies <b>pong</b>.");
        await Expect(ping.Locator("b")).ToHaveCountAsync(0);
        await Expect(ping.GetByTestId("autocomplete-source")).ToHaveTextAsync("cmdbot");
        await Expect(options.Nth(1).GetByTestId("autocomplete-usage")).ToHaveTextAsync("<dice> [times]");
        await BrowserFixture.ScreenshotAsync(owner, "bot-command-autocomplete");

        // The same keys as for mentions and emoji: arrows move, Enter takes.
        await composer.PressAsync("ArrowDown");
        await Expect(options.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        await composer.PressAsync("ArrowUp");
        await Expect(ping).ToHaveAttributeAsync("aria-selected", "true");
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync("!ping ");
        await Expect(owner.GetByTestId("autocomplete")).ToHaveCountAsync(0);
        output.WriteLine("published commands offered after the prefix, chosen with the keyboard");
        await owner.Context.CloseAsync();
    }
}
