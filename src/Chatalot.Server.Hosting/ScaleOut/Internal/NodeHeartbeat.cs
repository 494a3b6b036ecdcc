using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// Says this node is alive: <c>{prefix}:node:{nodeId}</c>, refreshed every 5 s with a 15 s lifetime, deleted on a clean
/// stop. Other nodes treat state a node left behind (voice seats) as orphaned once its key is gone.
/// </summary>
internal sealed partial class NodeHeartbeat(RedisConnection redis, ILogger<NodeHeartbeat> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    public static RedisKey Key(RedisConnection redis, Guid nodeId) => redis.Key($"node:{nodeId}");

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Beat once before the node serves anything, so none of its state ever looks orphaned.
        await BeatAsync().ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await redis.Database.KeyDeleteAsync(Key(redis, redis.NodeId)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The key expires on its own.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, not the host's TimeProvider: the key's lifetime runs on Redis's clock.
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await BeatAsync().ConfigureAwait(false);
        }
    }

    private async Task BeatAsync()
    {
        try
        {
            await redis.Database.StringSetAsync(Key(redis, redis.NodeId), redis.NodeName, Lifetime).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogBeatFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(EventId = 2630, Level = LogLevel.Warning, Message = "Could not refresh this node's heartbeat in Redis: {Reason}")]
    private static partial void LogBeatFailed(ILogger logger, string reason);
}
