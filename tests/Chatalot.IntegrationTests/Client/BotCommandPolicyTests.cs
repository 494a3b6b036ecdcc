using System.Collections.Concurrent;
using Chatalot.Client;
using Chatalot.Client.Bots;
using Chatalot.Client.Commands;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Roles;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// A hosted bot against the real server: preconditions with real permissions and ownership, a slow command that does
/// not hold up its channel, and the catch-up policy for old commands (by the server's timestamp).
/// </summary>
public sealed class BotCommandPolicyTests : IAsyncLifetime
{
    private const string Password = "a long enough password";

    private ChatalotTestServer _server = null!;

    public sealed class Gate
    {
        public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> HandlerSaw { get; } = new();
    }

    public sealed class PolicyModule(Gate gate) : CommandModule
    {
        [Command("slow")]
        public async Task<string> SlowAsync()
        {
            gate.SlowStarted.TrySetResult();
            await gate.Release.Task.WaitAsync(Context.CancellationToken);
            return "slow done";
        }

        [Command("fast")]
        public string Fast() => "fast done";

        [Command("purge")]
        [RequirePermission(CommunityPermissions.ManageMessages)]
        public string Purge() => "purged";

        [Command("secret")]
        [RequireOwner(ErrorMessage = "Owners only, sorry.")]
        public string Secret() => "owner here";

        [Command("ping")]
        public string Ping() => "pong";
    }

    public sealed class PolicyBot : ChatalotBot;

    public sealed class SeeEverything(Gate gate) : IChatalotEventHandler<MessageReceived>
    {
        public ValueTask HandleAsync(MessageReceived chatalotEvent, CancellationToken cancellationToken)
        {
            gate.HandlerSaw.Enqueue(chatalotEvent.Text);
            return ValueTask.CompletedTask;
        }
    }

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

    private sealed record World(ChatalotClient Alice, ChatalotClient Bob, ChannelId General, IHost Host, ChatalotClient BotClient, Gate Gate, ConcurrentQueue<MessageReceived> AliceSaw, ConcurrentQueue<MessageReceived> BobSaw) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Host.StopAsync(CancellationToken.None);
            Host.Dispose();
            await Alice.DisposeAsync();
            await Bob.DisposeAsync();
        }
    }

    private async Task<World> StartAsync(bool startHost = true, TimeSpan? maxCommandAge = null)
    {
        var aliceName = Name("alice");
        var alice = new ChatalotClient(Options(aliceName));
        await alice.Rest.RegisterAsync(ChatalotApi.Registration(aliceName, Password), CancellationToken.None);
        var community = await alice.Rest.CreateCommunityAsync(new CreateCommunityRequest("Bots"), CancellationToken.None);
        var group = new GroupId((await alice.Rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None)).Id);
        var general = new ChannelId(Assert.Single(await alice.Rest.GetGroupChannelsAsync(group, CancellationToken.None)).Id);
        var invite = await alice.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);

        var bobName = Name("bob");
        var bob = new ChatalotClient(Options(bobName));
        await bob.Rest.RegisterAsync(ChatalotApi.Registration(bobName, Password), CancellationToken.None);
        await bob.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await bob.Rest.JoinGroupAsync(group, CancellationToken.None);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        var gate = new Gate();
        builder.Services.AddSingleton(gate);
        var botName = Name("policybot");
        builder.Services.AddChatalotClient(Options(botName));
        builder.Services.AddChatalotBot<PolicyBot>(new ChatalotBotOptions { MaxCommandAge = maxCommandAge ?? new ChatalotBotOptions().MaxCommandAge }).AddCommands<PolicyModule>().AddEventHandler<MessageReceived, SeeEverything>();
        var host = builder.Build();
        var botClient = host.Services.GetRequiredService<ChatalotClient>();
        await botClient.Rest.RegisterAsync(ChatalotApi.Registration(botName, Password), CancellationToken.None);
        await botClient.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await botClient.Rest.JoinGroupAsync(group, CancellationToken.None);

        var aliceSaw = new ConcurrentQueue<MessageReceived>();
        alice.Events.On<MessageReceived>((m, _) =>
        {
            aliceSaw.Enqueue(m);
            return ValueTask.CompletedTask;
        });
        var bobSaw = new ConcurrentQueue<MessageReceived>();
        bob.Events.On<MessageReceived>((m, _) =>
        {
            bobSaw.Enqueue(m);
            return ValueTask.CompletedTask;
        });
        await alice.ConnectAsync();
        await bob.ConnectAsync();
        var world = new World(alice, bob, general, host, botClient, gate, aliceSaw, bobSaw);
        if (startHost)
        {
            await StartHostAsync(world);
        }

        return world;
    }

    private static async Task StartHostAsync(World world)
    {
        await world.Host.StartAsync(CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => world.BotClient.State == ConnectionState.Connected, TimeSpan.FromSeconds(20)));
    }

    private static MessageReceived WaitForBot(World w, ConcurrentQueue<MessageReceived> seen, string text)
    {
        MessageReceived? reply = null;
        Assert.True(
            SpinWait.SpinUntil(() => (reply = seen.FirstOrDefault(m => m.Sender.UserId == w.BotClient.CurrentUserId && m.Text == text)) is not null, TimeSpan.FromSeconds(20)),
            $"no '{text}' from the bot; saw: {string.Join(" | ", seen.Select(m => m.Text))}");
        return reply!;
    }

    [Fact]
    public async Task SlowCommand_InFlight_SecondCommandInSameChannelAnswersFirst()
    {
        await using var w = await StartAsync();
        await w.Alice.SendAsync(w.General, "!slow", CancellationToken.None);
        await w.Gate.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await w.Alice.SendAsync(w.General, "!fast", CancellationToken.None);
        WaitForBot(w, w.AliceSaw, "fast done");
        Assert.DoesNotContain(w.AliceSaw, m => m.Text == "slow done");
        Assert.Contains("!fast", w.Gate.HandlerSaw); // Delivery to handlers carried on too.

        w.Gate.Release.SetResult();
        var slow = WaitForBot(w, w.AliceSaw, "slow done");
        Assert.True(slow.SentAt >= w.AliceSaw.First(m => m.Text == "fast done").SentAt);
    }

    [Fact]
    public async Task Preconditions_UseRealPermissionsAndCommunityOwnership()
    {
        await using var w = await StartAsync();

        // Bob is a plain member: no manage_messages there, not the owner.
        await w.Bob.SendAsync(w.General, "!purge", CancellationToken.None);
        WaitForBot(w, w.BobSaw, "You need the manage_messages permission to use this command.");
        await w.Bob.SendAsync(w.General, "!secret", CancellationToken.None);
        WaitForBot(w, w.BobSaw, "Owners only, sorry.");

        // Alice owns the community: both pass.
        await w.Alice.SendAsync(w.General, "!purge", CancellationToken.None);
        WaitForBot(w, w.AliceSaw, "purged");
        await w.Alice.SendAsync(w.General, "!secret", CancellationToken.None);
        WaitForBot(w, w.AliceSaw, "owner here");

        // Given a role with manage_messages, Bob passes the permission check (resolved by the server, not cached).
        var communityId = new CommunityId((await w.Alice.Rest.GetChannelAsync(w.General, CancellationToken.None)).CommunityId!.Value);
        var role = await w.Alice.Rest.CreateRoleAsync(communityId, new CreateRoleRequest("Janitor", Permissions: CommunityPermissions.ManageMessages), CancellationToken.None);
        await w.Alice.Rest.AddMemberRoleAsync(communityId, w.Bob.CurrentUserId!.Value, role.Id, CancellationToken.None);
        await w.Bob.SendAsync(w.General, "!purge", CancellationToken.None);
        WaitForBot(w, w.BobSaw, "purged");

        // The bot published its command list on connecting: members read it for the composer's autocomplete.
        var lists = await w.Bob.Rest.GetCommunityCommandsAsync(communityId, CancellationToken.None);
        var list = Assert.Single(lists, l => l.UserId == w.BotClient.CurrentUserId!.Value.Value);
        Assert.Equal("!", list.Prefix);
        Assert.Equal(["slow", "fast", "purge", "secret", "ping", "help"], list.Commands.Select(c => c.Name));
    }

    [Fact]
    public async Task CatchUp_OldCommandIsIgnored_HandlersStillSeeIt_FreshCommandRuns()
    {
        // A command sent while the bot was down, older than MaxCommandAge by the time the bot catches up on it (a short
        // age here, so the test waits seconds rather than minutes; the server's and the bot's clocks are real).
        var maxAge = TimeSpan.FromSeconds(2);
        await using var w = await StartAsync(startHost: false, maxCommandAge: maxAge);
        var stale = await w.Alice.SendAsync(w.General, "!ping stale", CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => DateTimeOffset.UtcNow - stale.SentAt > maxAge + TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10)));
        await StartHostAsync(w);
        Assert.True(SpinWait.SpinUntil(() => w.Gate.HandlerSaw.Contains("!ping stale"), TimeSpan.FromSeconds(20)), "the handler never saw the old command");

        // A positive event after it: a fresh command is answered, and the old one never was.
        await w.Alice.SendAsync(w.General, "!fast", CancellationToken.None);
        WaitForBot(w, w.AliceSaw, "fast done");
        Assert.DoesNotContain(w.AliceSaw, m => m.Text == "pong" || m.Text.StartsWith("Too many arguments", StringComparison.Ordinal));
    }
}
