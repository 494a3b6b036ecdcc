using System.Collections.Concurrent;
using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Samples.Bot;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chatalot.IntegrationTests.Client;

/// <summary>The sample bot, hosted the way its Program does it, against the real server.</summary>
public sealed class SampleBotTests : IAsyncLifetime
{
    private const string Password = "a long enough password";
    private ChatalotTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Name(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private ChatalotClientOptions Options(string name) => new()
    {
        ServerUrl = _server.BaseAddress,
        Username = name,
        Password = Password,
        RegisterIfMissing = true,
        IdentityChangePolicy = IdentityChangePolicy.TrustNewKeys,
    };

    [Fact]
    public async Task SampleBot_AnswersPingRollHelp_AndGreetsNewMembers()
    {
        var aliceName = Name("alice");
        await using var alice = new ChatalotClient(Options(aliceName));
        await alice.Rest.RegisterAsync(ChatalotApi.Registration(aliceName, Password), CancellationToken.None);
        var community = await alice.Rest.CreateCommunityAsync(new CreateCommunityRequest("Bots"), CancellationToken.None);
        var group = new GroupId((await alice.Rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None)).Id);
        var general = new ChannelId(Assert.Single(await alice.Rest.GetGroupChannelsAsync(group, CancellationToken.None)).Id);
        var invite = await alice.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);

        // The bot host, wired like samples/Chatalot.Samples.Bot/Program.cs.
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        var botName = Name("samplebot");
        builder.Services.AddChatalotClient(Options(botName));
        builder.Services.AddChatalotBot<SampleBot>(SampleBotOptions.Create()).AddCommands<FunCommands>().UseMiddleware<CommandLogging>();
        using var host = builder.Build();
        var botClient = host.Services.GetRequiredService<ChatalotClient>();
        await botClient.Rest.RegisterAsync(ChatalotApi.Registration(botName, Password), CancellationToken.None);
        var botSaw = new ConcurrentQueue<ChatalotEvent>();
        botClient.Events.On<ChatalotEvent>((e, _) =>
        {
            botSaw.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        await botClient.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await botClient.Rest.JoinGroupAsync(group, CancellationToken.None);

        var seen = new ConcurrentQueue<MessageReceived>();
        alice.Events.On<MessageReceived>((m, _) =>
        {
            seen.Enqueue(m);
            return ValueTask.CompletedTask;
        });
        await host.StartAsync(CancellationToken.None);
        await alice.ConnectAsync();
        Assert.True(SpinWait.SpinUntil(() => botClient.State == ConnectionState.Connected, TimeSpan.FromSeconds(20)));

        async Task<string> AskAsync(string command, string expectedStart)
        {
            await alice.SendAsync(general, command, CancellationToken.None);
            MessageReceived? reply = null;
            Assert.True(
                SpinWait.SpinUntil(() => (reply = seen.FirstOrDefault(m => m.Text.StartsWith(expectedStart, StringComparison.Ordinal))) is not null, TimeSpan.FromSeconds(20)),
                $"no reply to {command}; saw: {string.Join(" | ", seen.Select(m => m.Text))}");
            Assert.Equal(botClient.CurrentUserId, reply!.Sender.UserId);
            return reply.Text;
        }

        await AskAsync("!ping", "pong");
        Assert.Matches(@"^2d6: \[\d, \d\] = \d+$", await AskAsync("!roll 2d6", "2d6:"));
        var help = await AskAsync("!help", "Commands:");
        Assert.Contains("!roll [dice]", help, StringComparison.Ordinal);
        Assert.Contains("!remind <delay> <what...>", help, StringComparison.Ordinal);
        await AskAsync("!roll 2x6", "'2x6' is not valid for <dice>");

        // A new member joins the group: the bot greets them in the group's channel.
        var bobName = Name("bob");
        await using var bob = new ChatalotClient(Options(bobName));
        var bobUser = await bob.Rest.RegisterAsync(ChatalotApi.Registration(bobName, Password), CancellationToken.None);
        await bob.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await bob.Rest.JoinGroupAsync(group, CancellationToken.None);
        await AskAsync("!ping", "pong");
        Assert.True(
            SpinWait.SpinUntil(() => seen.Any(m => m.Text.StartsWith($"Welcome, {bobUser.User.DisplayName}!", StringComparison.Ordinal)), TimeSpan.FromSeconds(20)),
            "the bot greeted bob; bot saw: " + string.Join(" | ", botSaw.Select(e => e.GetType().Name + ":" + (e as MemberJoined)?.GroupId)));

        await host.StopAsync(CancellationToken.None);
    }
}
