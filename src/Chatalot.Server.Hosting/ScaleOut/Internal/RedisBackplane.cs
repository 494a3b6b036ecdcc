using Chatalot.Server.Hosting.Gateway;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// The cluster backplane: every node publishes each message once on one Redis pub/sub channel and hears every other
/// node's there, in the order each node published. A message is handed to this node's own handlers directly (no round
/// trip, and no dependency on Redis for local delivery) and skipped when it comes back from Redis.
/// </summary>
/// <remarks>
/// Redis pub/sub does not buffer: whatever is published while a node is cut off is lost to it. So loss is never silent.
/// When this node's subscription comes back, or when any publish of this node failed, a
/// <see cref="ChatalotBackplaneMessageKind.Resync"/> is raised (locally, or for the whole cluster), on which caches are
/// emptied and gateway sessions end unresumably, so every client catches up over REST from the database.
/// See docs/articles/scaling.md.
/// </remarks>
internal sealed partial class RedisBackplane : IChatalotBackplane, IDisposable
{
    // Never surfaced to handlers: a node's proof to itself that its subscription works again.
    private const ChatalotBackplaneMessageKind Probe = (ChatalotBackplaneMessageKind)255;

    private readonly RedisConnection _redis;
    private readonly ChatalotMetrics _metrics;
    private readonly ILogger<RedisBackplane> _logger;
    private readonly RedisChannel _channel;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Func<ChatalotBackplaneMessage, ValueTask>[] _handlers = [];
    private ChannelMessageQueue? _queue;
    private TaskCompletionSource? _probe;
    // What this node failed to publish since it last heard the cluster: 1 = only cache invalidations (the others need
    // to empty their caches), 2 = events too (the others' clients need to catch up).
    private int _publishFailed;
    private volatile bool _inSync;
    private bool _heardCluster;

    // 1 once this node, having heard the cluster, lost its subscription: it may have missed messages.
    private int _missedMessages;
    private readonly SemaphoreSlim _synchronising = new(1, 1);

    public RedisBackplane(RedisConnection redis, ChatalotMetrics metrics, ILogger<RedisBackplane> logger)
    {
        _redis = redis;
        _metrics = metrics;
        _logger = logger;
        _channel = redis.Channel("backplane");
        redis.Multiplexer.ConnectionFailed += OnConnectionFailed;
        redis.Multiplexer.ConnectionRestored += OnConnectionRestored;
        _ = Task.Run(SynchroniseAsync);
    }

    /// <summary>
    /// Whether this node hears every other node right now: subscribed, and nothing lost since the last resync. While it
    /// is false, caches must not be filled (an invalidation may be missed) and readiness fails.
    /// </summary>
    public bool InSync => _inSync;

    public ValueTask PublishAsync(ChatalotBackplaneMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        // The Redis command is queued before the local handlers run, so this node's messages reach the others in the
        // order they were published here, whatever the handlers await.
        var remote = PublishRemoteAsync(message);
        var local = DeliverLocallyAsync(message);
        return local.IsCompletedSuccessfully && remote.IsCompleted ? ObserveAsync(remote) : AwaitBothAsync(local, remote);
    }

    public IDisposable Subscribe(Func<ChatalotBackplaneMessage, ValueTask> handler)
    {
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Registration(this, handler);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _redis.Multiplexer.ConnectionFailed -= OnConnectionFailed;
        _redis.Multiplexer.ConnectionRestored -= OnConnectionRestored;
        _queue?.Unsubscribe(CommandFlags.FireAndForget);
        _stopping.Dispose();
        _synchronising.Dispose();
    }

    private static async ValueTask ObserveAsync(Task remote) => await remote.ConfigureAwait(false);

    private static async ValueTask AwaitBothAsync(ValueTask local, Task remote)
    {
        await local.ConfigureAwait(false);
        await remote.ConfigureAwait(false);
    }

    private async Task PublishRemoteAsync(ChatalotBackplaneMessage message)
    {
        try
        {
            await _redis.Multiplexer.GetSubscriber().PublishAsync(_channel, BackplaneEnvelope.Write(message, _redis.NodeId)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Local delivery went ahead; what the other nodes missed is made good by a resync.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _metrics.BackplanePublishFailed();
            var lost = message.Kind == ChatalotBackplaneMessageKind.CacheInvalidation ? 1 : 2;
            int before;
            do
            {
                before = Volatile.Read(ref _publishFailed);
            }
            while (before < lost && Interlocked.CompareExchange(ref _publishFailed, lost, before) != before);

            if (before == 0)
            {
                LogPublishFailed(_logger, ex);
            }
        }
    }

    private async ValueTask DeliverLocallyAsync(ChatalotBackplaneMessage message)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            await handler(message).ConfigureAwait(false);
        }
    }

    private async Task OnRemoteAsync(ChannelMessage received)
    {
        byte[]? body = received.Message;
        if (body is null)
        {
            return;
        }

        ChatalotBackplaneMessage message;
        Guid origin;
        try
        {
            (message, origin) = BackplaneEnvelope.Read(body);
        }
        catch (FormatException ex)
        {
            LogBadEnvelope(_logger, ex);
            return;
        }

        if (origin == _redis.NodeId)
        {
            if (message.Kind == Probe)
            {
                Volatile.Read(ref _probe)?.TrySetResult();
            }

            return;
        }

        if (message.Kind == Probe)
        {
            return;
        }

        try
        {
            await DeliverLocallyAsync(message).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One bad delivery must not stop the node hearing the cluster.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogDeliveryFailed(_logger, ex, message.Kind);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // Also when the loss strikes while a resync is still under way (not in sync yet): what was published meanwhile is
        // lost all the same. Only a node that never heard the cluster has nothing to make good.
        if (e.ConnectionType == ConnectionType.Subscription && Volatile.Read(ref _heardCluster))
        {
            // Caches stop serving and storing at once (AuthorizationCache.Enabled): an invalidation published now would
            // not reach this node. Sessions are left alone until the subscription is back: ending them now would only
            // send their clients through a reconnect that misses the rest of the outage anyway.
            _inSync = false;
            Volatile.Write(ref _missedMessages, 1);
            LogOutOfSync(_logger);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (Volatile.Read(ref _missedMessages) != 0 || Volatile.Read(ref _publishFailed) != 0)
        {
            _ = Task.Run(SynchroniseAsync);
        }
    }

    /// <summary>
    /// Subscribes (once), proves the subscription with a probe round trip, then makes good what was missed: this node's
    /// sessions catch up, and if this node failed to publish, every node's do.
    /// </summary>
    private async Task SynchroniseAsync()
    {
        // One at a time: the start-up run and a reconnect's must not subscribe twice.
        try
        {
            await _synchronising.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await SynchroniseOnceAsync().ConfigureAwait(false);
        }
        finally
        {
            _synchronising.Release();
        }
    }

    private async Task SynchroniseOnceAsync()
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                if (_queue is null)
                {
                    var queue = await _redis.Multiplexer.GetSubscriber().SubscribeAsync(_channel).ConfigureAwait(false);
                    queue.OnMessage(OnRemoteAsync);
                    _queue = queue;
                }

                var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _probe, probe);
                await _redis.Multiplexer.GetSubscriber().PublishAsync(_channel, BackplaneEnvelope.Write(new ChatalotBackplaneMessage { Kind = Probe }, _redis.NodeId)).ConfigureAwait(false);
                await probe.Task.WaitAsync(TimeSpan.FromSeconds(2), _stopping.Token).ConfigureAwait(false);
                break;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Keep trying until Redis answers; readiness reports the outage meanwhile.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSubscribeRetry(_logger, ex.Message);
                await Task.Delay(delay).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }

        var lost = Interlocked.Exchange(ref _publishFailed, 0);
        var missed = Interlocked.Exchange(ref _missedMessages, 0) != 0;
        _inSync = true;
        Volatile.Write(ref _heardCluster, true);
        LogInSync(_logger, _redis.NodeName);
        if (lost == 2)
        {
            // Others missed this node's events: every node's clients catch up (this one's handlers run it locally).
            await PublishAsync(Resync("redis_publish_failed"), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        if (lost == 1)
        {
            // Only invalidations were lost (typically writes made while the node started): the others empty their caches,
            // and nobody's client needs to reconnect.
            await PublishAsync(new ChatalotBackplaneMessage { Kind = ChatalotBackplaneMessageKind.CacheInvalidation, Code = ((int)Authorization.Internal.AuthorizationScope.All).ToString(System.Globalization.CultureInfo.InvariantCulture) }, CancellationToken.None).ConfigureAwait(false);
        }

        if (missed)
        {
            // This node may have missed the others' messages while its subscription was down.
            await DeliverLocallyAsync(Resync("redis_subscription_restored")).ConfigureAwait(false);
        }
    }

    private static ChatalotBackplaneMessage Resync(string reason) => new() { Kind = ChatalotBackplaneMessageKind.Resync, Code = reason };

    [LoggerMessage(EventId = 2610, Level = LogLevel.Warning, Message = "Publishing to Redis failed; the cluster resyncs once Redis is back")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2611, Level = LogLevel.Warning, Message = "A backplane message from another node could not be read")]
    private static partial void LogBadEnvelope(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2612, Level = LogLevel.Error, Message = "Delivering a {Kind} backplane message failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, ChatalotBackplaneMessageKind kind);

    [LoggerMessage(EventId = 2613, Level = LogLevel.Warning, Message = "This node stopped hearing the cluster (Redis subscription lost)")]
    private static partial void LogOutOfSync(ILogger logger);

    [LoggerMessage(EventId = 2614, Level = LogLevel.Information, Message = "Node {NodeName} hears the cluster")]
    private static partial void LogInSync(ILogger logger, string nodeName);

    [LoggerMessage(EventId = 2615, Level = LogLevel.Debug, Message = "Subscribing to the cluster failed, retrying: {Reason}")]
    private static partial void LogSubscribeRetry(ILogger logger, string reason);

    private sealed class Registration(RedisBackplane owner, Func<ChatalotBackplaneMessage, ValueTask> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._handlers = [.. owner._handlers.Where(h => h != handler)];
            }
        }
    }
}
