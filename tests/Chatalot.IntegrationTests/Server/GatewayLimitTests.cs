using System.Net.WebSockets;
using System.Security.Cryptography;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Messages;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Server;

/// <summary>Gateway behaviour that needs its own server settings: timeouts, slow consumers, shutdown.</summary>
public class GatewayLimitTests
{
    [Fact]
    public async Task NoAuthentication_WithinTheTimeout_ClosesTheConnection()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { Gateway = o.Gateway with { AuthenticationTimeout = TimeSpan.FromMilliseconds(300) } });
        await using var client = await GatewayClient.ConnectAsync(server.BaseAddress);
        Assert.IsType<HelloFrame>(await client.ReceiveAsync());
        Assert.Equal(ErrorCodes.AuthenticationRequired, (await client.WaitForAsync<ErrorFrame>()).Code);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(GatewayCloseCodes.AuthenticationRequired, (int)client.Socket.CloseStatus!);
    }

    [Fact]
    public async Task MissedHeartbeats_CloseTheConnection()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromMilliseconds(200) } });
        using var api = server.CreateApi();
        var user = await api.RegisterAsync();
        var (client, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, user.AccessToken);
        await using var _ = client;
        Assert.Equal(ErrorCodes.HeartbeatTimeout, (await client.WaitForAsync<ErrorFrame>(timeout: TimeSpan.FromSeconds(5))).Code);
        Assert.Null(await client.ReceiveAsync());
    }

    [Fact]
    public async Task PipelinedSends_BeyondTheInFlightLimit_AreAllStoredAndAnnouncedInOrder()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { Gateway = o.Gateway with { RateLimitBurst = 1_000, RateLimitPerSecond = 1_000 } });
        using var api = server.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        await MessageConformanceTests.PublishDeviceAsync(api, s.Member);
        var (sender, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, s.Member.AccessToken);
        await using var senderScope = sender;
        var (watcher, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, s.Moderator.AccessToken);
        await using var watcherScope = watcher;
        foreach (var client in new[] { sender, watcher })
        {
            await client.SendAsync(new SubscribeFrame([s.General.Id]));
            await client.WaitForAsync<SubscribedFrame>();
        }

        const int count = 150;
        for (var i = 0; i < count; i++)
        {
            await sender.SendAsync(new SendMessageFrame($"p{i}", s.General.Id, MessageConformanceTests.Channel($"burst-{i}")));
        }

        var acked = new HashSet<string>();
        while (acked.Count < count)
        {
            acked.Add((await sender.WaitForAsync<MessageSentFrame>()).RequestId);
        }

        var expected = Enumerable.Range(0, count).Select(i => $"burst-{i}").ToList();
        var announced = new List<string>();
        while (announced.Count < count)
        {
            announced.Add((await watcher.WaitForAsync<MessageCreatedEvent>()).Message.IdempotencyKey);
        }

        Assert.Equal(expected, announced);
    }

    [Fact]
    public async Task PipelinedSends_InSlowMode_LetOnlyTheFirstThrough()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { Gateway = o.Gateway with { RateLimitBurst = 1_000, RateLimitPerSecond = 1_000 } });
        using var api = server.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        await MessageConformanceTests.PublishDeviceAsync(api, s.Member);
        (await api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new Protocol.Channels.UpdateChannelRequest(SlowModeSeconds: 3600), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        var (sender, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, s.Member.AccessToken);
        await using var senderScope = sender;

        // Back to back, without waiting: the second and third are checked only after the first is stored.
        for (var i = 0; i < 3; i++)
        {
            await sender.SendAsync(new SendMessageFrame($"s{i}", s.General.Id, MessageConformanceTests.Channel($"slow-{i}")));
        }

        Assert.Equal("s0", (await sender.WaitForAsync<MessageSentFrame>()).RequestId);
        for (var i = 1; i < 3; i++)
        {
            var error = await sender.WaitForAsync<ErrorFrame>();
            Assert.Equal(($"s{i}", ErrorCodes.SlowMode), (error.RequestId, error.Code));
        }
    }

    [Fact]
    public async Task SlowConsumer_IsDisconnected_WithoutSlowingOthers()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { Gateway = o.Gateway with { OutboundQueueSize = 4 } });
        using var api = server.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        await MessageConformanceTests.PublishDeviceAsync(api, s.Admin);

        var (slow, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, s.Member.AccessToken);
        await slow.SendAsync(new SubscribeFrame([s.General.Id]));
        await slow.WaitForAsync<SubscribedFrame>();
        var (fast, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, s.Moderator.AccessToken);
        await using var f = fast;
        await fast.SendAsync(new SubscribeFrame([s.General.Id]));
        await fast.WaitForAsync<SubscribedFrame>();

        // The fast client reads concurrently; the slow one reads nothing while ~12 MB of events are published.
        const int Count = 200;
        var fastReader = Task.Run(async () =>
        {
            var received = 0;
            while (received < Count)
            {
                if (await fast.ReceiveAsync(TimeSpan.FromSeconds(30)) is MessageCreatedEvent)
                {
                    received++;
                }
            }

            return received;
        });
        for (var i = 0; i < Count; i++)
        {
            var body = new SendMessageRequest("big" + i, 1, new MessageEnvelope(Ciphertext: RandomNumberGenerator.GetBytes(60_000))) { FrankCommitment = new byte[32] };
            (await api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages", body, s.Admin.AccessToken)).EnsureSuccessStatusCode();
        }

        Assert.Equal(Count, await fastReader);

        // Now the slow client reads: it gets some events, then either the slow_consumer error and close, or an abort.
        var events = 0;
        string? code = null;
        try
        {
            while (true)
            {
                var frame = await slow.ReceiveAsync(TimeSpan.FromSeconds(15));
                if (frame is null)
                {
                    break;
                }

                if (frame is MessageCreatedEvent)
                {
                    events++;
                }
                else if (frame is ErrorFrame error)
                {
                    code = error.Code;
                }
            }
        }
        catch (WebSocketException)
        {
        }

        Assert.True(events < Count, "The slow consumer should have been cut off.");
        Assert.True(code is null or ErrorCodes.SlowConsumer);
        Assert.True(slow.Socket.CloseStatus is null || slow.Socket.CloseStatusDescription == ErrorCodes.SlowConsumer);
        await slow.DisposeAsync();
    }

    [Fact]
    public async Task Shutdown_DrainsConnectionsWithAResumableReason()
    {
        var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);
        using var api = server.CreateApi();
        var user = await api.RegisterAsync();
        var (client, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, user.AccessToken);
        await using var _ = client;
        var stopping = server.DisposeAsync();
        Assert.Equal(ErrorCodes.ServerShuttingDown, (await client.WaitForAsync<ErrorFrame>()).Code);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(GatewayCloseCodes.ServerShuttingDown, (int)client.Socket.CloseStatus!);
        await stopping;
    }
}
