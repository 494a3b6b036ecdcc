using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Bots;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Bots;

/// <summary>
/// A bot account through the SDK, end to end: a community admin creates it, the bot signs in with its token
/// (<see cref="ChatalotClientOptions.BotToken"/>) over an encrypted store protected by a store passphrase of its own,
/// and exchanges end-to-end encrypted messages in the community's channel; a rotated token ends its session and the
/// bot comes back with the new token as the same device.
/// </summary>
public abstract class BotClientTests(ChatalotDatabaseProvider provider) : IAsyncLifetime
{
    private ClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ClientHarness.StartAsync(o => o, provider);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task BotToken_SignsIn_SendsAndReceivesEncryptedMessages_AndSurvivesRotationAsTheSameDevice()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);

        var name = "helper" + Guid.NewGuid().ToString("N")[..8];
        var created = await alice.Client.Rest.CreateBotAsync(new CreateBotRequest(name, "Helper Bot", space.Community.Value));
        Assert.StartsWith("cbt_", created.Token, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Token, created.ToString(), StringComparison.Ordinal);
        var botId = new UserId(created.Bot.Id);

        // Created in the community, the bot is a member of it and of its public group; everyone sees it is a bot.
        var bot = _harness.OpenBot(name, created.Token, botId);
        await bot.Client.ConnectAsync();
        Assert.Equal(botId, bot.Client.CurrentUserId);
        var device = bot.Client.CurrentDeviceId;
        var members = await bob.Client.Rest.GetCommunityMembersAsync(space.Community);
        Assert.True(Assert.Single(members.Members, m => m.UserId == botId.Value).IsBot);
        Assert.False(Assert.Single(members.Members, m => m.UserId == alice.Id.Value).IsBot);
        Assert.True((await bob.Client.Rest.GetUserAsync(botId)).IsBot);

        var hello = await alice.Client.SendAsync(space.General, "!ping");
        Assert.Equal("!ping", (await bot.ReceiveAsync(hello.MessageId)).Text);
        var reply = await bot.Client.SendAsync(space.General, "pong");
        var atBob = await bob.ReceiveAsync(reply.MessageId);
        Assert.Equal(("pong", botId), (atBob.Text, atBob.Sender.UserId));
        Assert.True(atBob.Sender.IsBot); // events mark a bot's messages, from the client's directory
        Assert.True((await bob.Client.Directory.GetUserAsync(botId))!.IsBot);

        // Rotation: the old token is refused at once and the bot's live session ends.
        var rotated = await alice.Client.Rest.RotateBotTokenAsync(botId);
        await bot.WaitUntilAsync(() => bot.Client.State != ConnectionState.Connected, "the rotated bot's connection ending");
        using var old = Chatalot.Client.Rest.ChatalotRestClient.Create(new ChatalotClientOptions { ServerUrl = _harness.Server.BaseAddress });
        var refused = await Assert.ThrowsAsync<ChatalotApiException>(() => old.LoginBotAsync(new BotLoginRequest(created.Token)));
        Assert.Equal(ErrorCodes.BotTokenInvalid, refused.Code);

        // The new token over the same store (same store passphrase): the same device, so its sessions carry on.
        await ClientHarness.StopAsync(bot);
        var again = _harness.OpenBot(name, rotated.Token, botId, bot.StorePath);
        await again.Client.ConnectAsync();
        Assert.Equal(device, again.Client.CurrentDeviceId);
        var back = await again.Client.SendAsync(space.General, "back with a new token");
        Assert.Equal("back with a new token", (await bob.ReceiveAsync(back.MessageId)).Text);
        var fromAlice = await alice.Client.SendAsync(space.General, "welcome back");
        Assert.Equal("welcome back", (await again.ReceiveAsync(fromAlice.MessageId)).Text);

        // Neither token reaches the bot's own logs.
        foreach (var line in bot.Logs.Concat(again.Logs))
        {
            Assert.DoesNotContain(created.Token, line, StringComparison.Ordinal);
            Assert.DoesNotContain(rotated.Token, line, StringComparison.Ordinal);
        }
    }
}

public sealed class BotClientSqliteTests() : BotClientTests(ChatalotDatabaseProvider.Sqlite);

public sealed class BotClientPostgresTests() : BotClientTests(ChatalotDatabaseProvider.PostgreSql);
