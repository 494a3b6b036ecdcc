using Chatalot.IntegrationTests.Infrastructure;
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
        await using var watcher = await GatewayConformanceTests.SubscribedAsync(cluster.A.BaseAddress, s.Moderator, s.General.Id);
        await using var onA = await GatewayConformanceTests.SubscribedAsync(cluster.A.BaseAddress, s.Member, s.General.Id);
        await using var onB = await GatewayConformanceTests.SubscribedAsync(cluster.B.BaseAddress, s.Member, s.General.Id);

        await onA.SendAsync(new TypingFrame(s.General.Id));
        var seen = new List<ServerFrame>();
        await WaitCollectingAsync<TypingStartedEvent>(watcher, e => e.UserId == s.Member.User.Id, seen);

        // The second notice comes through node B; the presence change after it on the same connection is the positive
        // event that proves B handled the typing frame (and its event would have been published) first.
        await onB.SendAsync(new TypingFrame(s.General.Id));
        await onB.SendAsync(new UpdatePresenceFrame(PresenceStatus.Dnd));
        seen.Clear();
        await WaitCollectingAsync<PresenceUpdatedEvent>(watcher, e => e.UserId == s.Member.User.Id && e.Status == PresenceStatus.Dnd, seen);
        Assert.DoesNotContain(seen, f => f is TypingStartedEvent);
    }

    private static async Task WaitCollectingAsync<T>(GatewayClient client, Func<T, bool> match, List<ServerFrame> seen)
        where T : ServerFrame
    {
        while (true)
        {
            var frame = await client.ReceiveAsync();
            Assert.NotNull(frame);
            seen.Add(frame);
            if (frame is T t && match(t))
            {
                return;
            }
        }
    }
}
