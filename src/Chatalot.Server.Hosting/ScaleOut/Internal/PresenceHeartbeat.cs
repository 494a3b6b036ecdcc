using Chatalot.Server.Hosting.Gateway.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// Keeps this node's presence entries believable and clears those of dead nodes. Every <see cref="Interval"/> the node
/// refreshes its heartbeat key <c>{prefix}:node:{id}</c> (expiring after <see cref="Lifetime"/>) and checks the others
/// listed in <c>{prefix}:nodes</c>: one whose heartbeat is gone is dead, and whichever node wins the short lease
/// <c>{prefix}:reap:{id}</c> removes its presence entries and publishes the new presence of its users. A node that stops
/// cleanly does the same for itself. The beat follows the wall clock on purpose: the key's expiry is Redis's.
/// </summary>
internal sealed partial class PresenceHeartbeat(RedisConnection redis, RedisPresence presence, PresenceTracker tracker, ILogger<PresenceHeartbeat> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReapLease = TimeSpan.FromSeconds(30);

    private volatile bool _silenced;

    /// <summary>Stops beating and skips the clean-up at stop, as a node that died would (tests).</summary>
    public void Silence() => _silenced = true;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_silenced)
        {
            return;
        }

        try
        {
            // Sessions still attached at this point (the host is going away) leave with their node.
            await ReapAsync(presence.NodeField, cancellationToken).ConfigureAwait(false);
            await redis.Database.KeyDeleteAsync(presence.HeartbeatKey(presence.NodeField)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogBeatFailed(logger, ex.GetType().Name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        do
        {
            if (_silenced)
            {
                continue;
            }

            try
            {
                await BeatAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogBeatFailed(logger, ex.GetType().Name);
            }
#pragma warning disable CA1031 // Publishing a reaped user's presence may fail; the next beat tries again, the host must not stop.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogReapFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var db = redis.Database;
        var self = presence.NodeField;
        await db.StringSetAsync(presence.HeartbeatKey(self), redis.NodeName, Lifetime).ConfigureAwait(false);
        await db.SetAddAsync(presence.NodesKey, self).ConfigureAwait(false);
        var nodes = (await db.SetMembersAsync(presence.NodesKey).ConfigureAwait(false)).Select(n => (string)n!).ToArray();
        var batch = db.CreateBatch();
        var exists = nodes.Select(n => batch.KeyExistsAsync(presence.HeartbeatKey(n))).ToArray();
        batch.Execute();
        await Task.WhenAll(exists).ConfigureAwait(false);
        var live = new HashSet<string>(StringComparer.Ordinal) { self };
        for (var i = 0; i < nodes.Length; i++)
        {
            if (exists[i].Result)
            {
                live.Add(nodes[i]);
            }
        }

        presence.SetLiveNodes(live);
        foreach (var dead in nodes.Where(n => !live.Contains(n)))
        {
            if (await db.StringSetAsync(redis.Key("reap:" + dead), self, ReapLease, When.NotExists).ConfigureAwait(false))
            {
                LogReaping(logger, dead);
                await ReapAsync(dead, cancellationToken).ConfigureAwait(false);
                await db.SetRemoveAsync(presence.NodesKey, dead).ConfigureAwait(false);
            }
        }
    }

    private async Task ReapAsync(string node, CancellationToken cancellationToken)
    {
        var users = (await redis.Database.SetMembersAsync(presence.UsersKey(node)).ConfigureAwait(false))
            .Select(u => Guid.TryParseExact((string?)u, "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToArray();
        await tracker.ReapAsync(node, users, cancellationToken).ConfigureAwait(false);
        await redis.Database.KeyDeleteAsync(presence.UsersKey(node)).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2651, Level = LogLevel.Warning, Message = "Presence heartbeat failed ({Reason}); retrying")]
    private static partial void LogBeatFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2652, Level = LogLevel.Information, Message = "Node {Node} stopped beating; removing its presence entries")]
    private static partial void LogReaping(ILogger logger, string node);

    [LoggerMessage(EventId = 2653, Level = LogLevel.Warning, Message = "Removing a dead node's presence entries failed; the next beat retries")]
    private static partial void LogReapFailed(ILogger logger, Exception exception);
}
