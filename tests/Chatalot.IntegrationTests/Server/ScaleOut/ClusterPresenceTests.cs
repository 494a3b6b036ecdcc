using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.ScaleOut.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>A user's presence is the most present status over every live node's sessions of theirs.</summary>
public sealed class ClusterPresenceTests
{
    [Fact]
    public async Task UserOnTwoNodes_StaysOnlineWhenOneSessionEnds_AndGoesOfflineWithTheLast()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        using var api = cluster.A.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        var member = s.Member.User.Id;
        var (watcher, _) = await GatewayClient.AuthenticateAsync(cluster.B.BaseAddress, s.Moderator.AccessToken);
        await using var w = watcher;

        var (onA, _) = await GatewayClient.AuthenticateAsync(cluster.A.BaseAddress, s.Member.AccessToken);
        await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == member && e.Status == PresenceStatus.Online);
        var (onB, _) = await GatewayClient.AuthenticateAsync(cluster.B.BaseAddress, s.Member.AccessToken);
        await using var b = onB;
        await Eventually.TrueAsync(async () => await EntriesAsync(cluster, member) == 2, "both nodes' entries");

        // A's session ends: A removes its entry, and the cluster still sees B's, so nobody announces offline.
        await onA.DisposeAsync();
        await Eventually.TrueAsync(async () => await EntriesAsync(cluster, member) == 1, "node A's entry to go");
        await onB.SendAsync(new UpdatePresenceFrame(PresenceStatus.Dnd));
        var seen = new List<ServerFrame>();
        await Frames.WaitCollectingAsync<PresenceUpdatedEvent>(watcher, e => e.UserId == member && e.Status == PresenceStatus.Dnd, seen);
        Assert.DoesNotContain(seen, f => f is PresenceUpdatedEvent { Status: PresenceStatus.Offline } e && e.UserId == member);

        // The last session ends: offline.
        await onB.DisposeAsync();
        await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == member && e.Status == PresenceStatus.Offline);
    }

    [Fact]
    public async Task NewConnection_GetsASnapshotOfMatesOnlineOnOtherNodes()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        using var api = cluster.A.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        var (onA, _) = await GatewayClient.AuthenticateAsync(cluster.A.BaseAddress, s.Member.AccessToken);
        await using var a = onA;
        await Eventually.TrueAsync(async () => await EntriesAsync(cluster, s.Member.User.Id) == 1, "the member's entry");

        var (late, _) = await GatewayClient.AuthenticateAsync(cluster.B.BaseAddress, s.Moderator.AccessToken);
        await using var l = late;
        var snapshot = await late.WaitForAsync<PresenceSnapshotEvent>();
        Assert.Contains(snapshot.Users, u => u.UserId == s.Member.User.Id && u.Status == PresenceStatus.Online);
    }

    [Fact]
    public async Task DeadNode_ItsUsersGoOffline()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        using var api = cluster.A.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        var member = s.Member.User.Id;
        var (watcher, _) = await GatewayClient.AuthenticateAsync(cluster.B.BaseAddress, s.Moderator.AccessToken);
        await using var w = watcher;
        var (onA, _) = await GatewayClient.AuthenticateAsync(cluster.A.BaseAddress, s.Member.AccessToken);
        await using var a = onA;
        await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == member && e.Status == PresenceStatus.Online);

        // Node A "dies": no more heartbeats, no clean-up, and its heartbeat key is gone (as it would be 15 s later).
        cluster.A.Services.GetRequiredService<PresenceHeartbeat>().Silence();
        var presenceA = cluster.A.Services.GetRequiredService<RedisPresence>();
        await cluster.A.Services.GetRequiredService<RedisConnection>().Database.KeyDeleteAsync(presenceA.HeartbeatKey(presenceA.NodeField));

        // Node B's next beat sees it and reaps its entries, publishing the member's new presence.
        await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == member && e.Status == PresenceStatus.Offline, TimeSpan.FromSeconds(30));
        Assert.Equal(0, await EntriesAsync(cluster, member));
    }

    [Fact]
    public async Task StatusChosenThroughANodeWithoutTheUsersConnections_ShowsToTheMates()
    {
        // Behind a load balancer a REST request and the same user's gateway connection often land on different nodes.
        await using var cluster = await TwoNodeCluster.StartAsync();
        using var apiA = cluster.A.CreateApi();
        using var apiB = cluster.B.CreateApi();
        var s = await CommunityScenario.CreateAsync(apiA);
        var member = s.Member.User.Id;
        var (watcher, _) = await GatewayClient.AuthenticateAsync(cluster.B.BaseAddress, s.Moderator.AccessToken);
        await using var w = watcher;
        var (onA, _) = await GatewayClient.AuthenticateAsync(cluster.A.BaseAddress, s.Member.AccessToken);
        await using var a = onA;
        await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == member && e.Status == PresenceStatus.Online);

        // Chosen through node B, which holds none of the member's connections.
        await apiB.ExpectAsync<Chatalot.Protocol.Profiles.UserStatus>(await apiB.SendAsync(HttpMethod.Put, "/users/me/status",
            new Chatalot.Protocol.Profiles.UserStatus(PresenceStatus.Dnd, "in a meeting"), s.Member.AccessToken));
        await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == member && e.Status == PresenceStatus.Dnd && e.CustomStatus == "in a meeting");

        // And cleared the same way.
        await apiB.ExpectAsync<Chatalot.Protocol.Profiles.UserStatus>(await apiB.SendAsync(HttpMethod.Put, "/users/me/status",
            new Chatalot.Protocol.Profiles.UserStatus(PresenceStatus.Online), s.Member.AccessToken));
        await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == member && e.Status == PresenceStatus.Online && e.CustomStatus == null);
    }

    private static async Task<long> EntriesAsync(TwoNodeCluster cluster, Guid userId)
    {
        var redis = cluster.B.Services.GetRequiredService<RedisConnection>();
        return await redis.Database.HashLengthAsync(redis.Key("presence:" + userId.ToString("N")));
    }
}
