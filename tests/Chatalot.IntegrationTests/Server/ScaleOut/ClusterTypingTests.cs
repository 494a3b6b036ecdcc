using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Gateway;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>One user typing on connections held by two nodes is announced once per debounce interval.</summary>
public sealed class ClusterTypingTests
{
    [Fact]
    public async Task Typing_FromOneUserOnTwoNodes_IsRelayedOnce()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        using var api = cluster.A.CreateApi();
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(api);
        var news = await api.PostAsync<CreateChannelRequest, Channel>($"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("news"), s.Admin.AccessToken, HttpStatusCode.Created);
        Guid[] channels = [s.General.Id, news.Id];
        await using var watcher = await SubscribedAsync(cluster.A, s.Moderator, channels);
        await using var onA = await SubscribedAsync(cluster.A, s.Member, channels);
        await using var onB = await SubscribedAsync(cluster.B, s.Member, channels);

        await onA.SendAsync(new TypingFrame(s.General.Id));
        var seen = new List<ServerFrame>();
        await Frames.WaitCollectingAsync<TypingStartedEvent>(watcher, e => e.UserId == s.Member.User.Id, seen);

        // The second notice in general comes through node B. Typing in news after it, on the same connection, is the
        // positive event: B handled the general notice first, so its event (had there been one) would come first.
        await onB.SendAsync(new TypingFrame(s.General.Id));
        await onB.SendAsync(new TypingFrame(news.Id));
        seen.Clear();
        await Frames.WaitCollectingAsync<TypingStartedEvent>(watcher, e => e.ChannelId == news.Id, seen);
        Assert.DoesNotContain(seen, f => f is TypingStartedEvent e && e.ChannelId == s.General.Id);
    }

    private static async Task<GatewayClient> SubscribedAsync(ChatalotTestServer node, Protocol.Accounts.AuthResponse who, Guid[] channels)
    {
        var (client, _) = await GatewayClient.AuthenticateAsync(node.BaseAddress, who.AccessToken);
        await client.SendAsync(new SubscribeFrame(channels));
        await client.WaitForAsync<SubscribedFrame>();
        return client;
    }
}
