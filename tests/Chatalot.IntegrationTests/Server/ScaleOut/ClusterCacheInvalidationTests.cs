using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Server.Hosting.Authorization.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>
/// The authorisation cache of one node drops what another node's write invalidated, and serves nothing while its node may
/// miss invalidations (cut off from Redis) until the resync after it is back.
/// </summary>
public sealed class ClusterCacheInvalidationTests : IAsyncLifetime
{
    private readonly string _prefix = TestRedis.UniquePrefix();
    private RedisTestNode _a = null!;
    private RedisTestNode _b = null!;

    public async Task InitializeAsync()
    {
        var configuration = await TestRedis.ConfigurationAsync();
        _a = RedisTestNode.Start(configuration, _prefix, _prefix + "-a");
        _b = RedisTestNode.Start(configuration, _prefix, _prefix + "-b");
        await Eventually.TrueAsync(() => _a.Backplane.InSync && _b.Backplane.InSync);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task InvalidationOnOneNode_DropsTheEntryOnTheOther()
    {
        using var cacheA = new AuthorizationCache(_a.Backplane, NullLogger<AuthorizationCache>.Instance);
        using var cacheB = new AuthorizationCache(_b.Backplane, NullLogger<AuthorizationCache>.Instance);
        var (user, channel) = (Guid.NewGuid(), Guid.NewGuid());
        cacheB.SetChannel(user, channel, cacheB.Epoch(AuthorizationScope.Channels), null);
        cacheB.SetDevice(user, 1, cacheB.Epoch(AuthorizationScope.Devices), true);
        Assert.True(cacheB.TryGetChannel(user, channel, out _));

        cacheA.Invalidate(AuthorizationScope.Channels);

        await Eventually.TrueAsync(() => !cacheB.TryGetChannel(user, channel, out _));

        // Only the named scope went.
        Assert.True(cacheB.TryGetDevice(user, 1, out var exists) && exists);
    }

    [Fact]
    public async Task NodeCutOffFromRedis_ServesNothing_UntilItHearsTheClusterAgain()
    {
        using var cacheB = new AuthorizationCache(_b.Backplane, NullLogger<AuthorizationCache>.Instance);
        var user = Guid.NewGuid();
        cacheB.SetBlocked(user, Guid.Empty, cacheB.Epoch(AuthorizationScope.Blocks), false);
        Assert.True(cacheB.TryGetBlocked(user, Guid.Empty, out _));

        // Checked inside the failure event itself: the node reconnects within milliseconds, too fast to poll for.
        // The backplane's own handler was registered first, so it has already taken the node out of sync.
        bool? servedWhileCutOff = null;
        _b.Connection.Multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == StackExchange.Redis.ConnectionType.Subscription)
            {
                servedWhileCutOff ??= cacheB.TryGetBlocked(user, Guid.Empty, out bool _);
            }
        };
        var resynced = new TaskCompletionSource();
        using var resyncs = _b.Backplane.Subscribe(m =>
        {
            if (m.Kind == Chatalot.Server.Hosting.Gateway.ChatalotBackplaneMessageKind.Resync)
            {
                resynced.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });

        await _b.CutOffAsync();
        await resynced.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(servedWhileCutOff);

        // Back in sync: the resync emptied the cache, and it fills again.
        Assert.True(_b.Backplane.InSync);
        Assert.False(cacheB.TryGetBlocked(user, Guid.Empty, out _));
        cacheB.SetBlocked(user, Guid.Empty, cacheB.Epoch(AuthorizationScope.Blocks), true);
        Assert.True(cacheB.TryGetBlocked(user, Guid.Empty, out var blocked) && blocked);
    }
}
