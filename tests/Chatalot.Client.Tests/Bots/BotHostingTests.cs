using System.Collections.Concurrent;
using Chatalot.Client.Bots;
using Chatalot.Client.Commands;
using Chatalot.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chatalot.Client.Tests.Bots;

public class BotHostingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public sealed class ScopeProbe
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    public sealed class Seen
    {
        public ConcurrentQueue<string> Items { get; } = new();
    }

    public sealed class GreeterBot(Seen seen, ScopeProbe probe) : ChatalotBot
    {
        public override ValueTask OnMessageAsync(IChatalotClient client, MessageReceived message, CancellationToken cancellationToken)
        {
            seen.Items.Enqueue($"message:{message.Text}:{probe.Id}");
            return ValueTask.CompletedTask;
        }

        public override async ValueTask OnMemberJoinedAsync(IChatalotClient client, MemberJoined member, CancellationToken cancellationToken) =>
            await client.SendAsync(member.UserId, "Welcome!", cancellationToken);

        public override ValueTask OnConnectedAsync(IChatalotClient client, CancellationToken cancellationToken)
        {
            seen.Items.Enqueue("connected");
            return ValueTask.CompletedTask;
        }
    }

    public sealed class PingModule(ScopeProbe probe) : CommandModule
    {
        [Command("ping", Description = "Checks that the bot is alive.")]
        public string Ping() => $"pong {probe.Id}";
    }

    public sealed class JoinCounter(Seen seen) : IChatalotEventHandler<MemberJoined>
    {
        public ValueTask HandleAsync(MemberJoined chatalotEvent, CancellationToken cancellationToken)
        {
            seen.Items.Enqueue("handler:joined");
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<(IHost Host, FakeChatalotClient Client, Seen Seen)> StartAsync(FakeChatalotClient? client = null)
    {
        client ??= new FakeChatalotClient();
        var seen = new Seen();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IChatalotClient>(client).AddSingleton(seen).AddScoped<ScopeProbe>();
        builder.Services.AddChatalotBot<GreeterBot>()
            .AddCommands<PingModule>()
            .AddEventHandler<MemberJoined, JoinCounter>();
        var host = builder.Build();
        await host.StartAsync(CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => client.State == ConnectionState.Connected, Timeout));
        return (host, client, seen);
    }

    [Fact]
    public async Task HostedBot_Command_RepliesFromItsOwnScope()
    {
        var (host, client, _) = await StartAsync();
        using (host)
        {
            client.Events.Publish(FakeChatalotClient.Message("!ping"));
            client.Events.Publish(FakeChatalotClient.Message("!ping"));
            // Commands run off the event queue: wait for the replies themselves.
            Assert.True(SpinWait.SpinUntil(() => client.Sent.Count == 2, Timeout));

            var replies = client.Sent.Select(s => s.Text).ToArray();
            Assert.Equal(2, replies.Length);
            Assert.All(replies, r => Assert.StartsWith("pong ", r, StringComparison.Ordinal));
            Assert.NotEqual(replies[0], replies[1]);
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task HostedBot_PlainMessage_GoesToBotHookAndOwnMessagesAreIgnored()
    {
        var (host, client, seen) = await StartAsync();
        using (host)
        {
            client.Events.Publish(FakeChatalotClient.Message("hi there"));
            client.Events.Publish(FakeChatalotClient.Message("!ping", from: client.CurrentUserId));
            await client.Events.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);

            Assert.Contains(seen.Items, i => i.StartsWith("message:hi there:", StringComparison.Ordinal));
            Assert.Empty(client.Sent);
            Assert.Contains("connected", seen.Items);
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task HostedBot_MemberJoined_RunsBotHookAndScopedHandlers()
    {
        var (host, client, seen) = await StartAsync();
        using (host)
        {
            var user = new UserId(Guid.NewGuid());
            client.Events.Publish(new MemberJoined { CommunityId = new CommunityId(Guid.NewGuid()), UserId = user });
            await client.Events.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);

            Assert.Equal((null, user, "Welcome!"), Assert.Single(client.Sent));
            Assert.Contains("handler:joined", seen.Items);
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task HostedBot_Stop_DisconnectsAndUnsubscribes()
    {
        var (host, client, _) = await StartAsync();
        using (host)
        {
            await host.StopAsync(CancellationToken.None);
            Assert.Equal(1, client.DisconnectCalls);
            Assert.False(client.Events.Publish(FakeChatalotClient.Message("!ping")));
        }
    }
}
