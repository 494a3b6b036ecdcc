using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Chatalot.Client.Diagnostics;
using Chatalot.Client.Events.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.Client;

/// <summary>
/// Delivers client events to handlers (<see cref="On{TEvent}"/>) and to async streams (<see cref="StreamAsync{TEvent}"/>).
/// </summary>
/// <remarks>
/// Designed against the failures of awaited-on-the-gateway handlers (Discord.Net): publishing never waits for a handler,
/// handlers run on the thread pool, one event at a time per <see cref="ChatalotEvent.OrderingKey"/> (per channel) so
/// per-channel order holds, and a handler that throws is logged and counted, never fatal. A slow handler delays only
/// later events of its own channel; the receive loop and heartbeats keep running.
/// </remarks>
public sealed partial class EventHub : IAsyncDisposable
{
    private readonly EventHubOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ClientMetrics _metrics;
    private readonly bool _ownsMetrics;
    private readonly KeyedSerialExecutor _executor;
    private ImmutableArray<Subscription> _subscriptions = [];
    private int _backlogWarned;

    /// <summary>Creates an event hub. A <c>ChatalotClient</c> owns one; create your own only to test handlers.</summary>
    /// <param name="options">Settings; <see cref="EventHubOptions.Default"/> when null.</param>
    /// <param name="logger">Receives handler failures and slow-handler warnings.</param>
    /// <param name="timeProvider">Clock for handler timings; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="meterFactory">Creates the <c>Chatalot.Client</c> meter; a private meter when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> are invalid.</exception>
    public EventHub(EventHubOptions? options = null, ILogger<EventHub>? logger = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
        : this(options, logger, timeProvider, new ClientMetrics(meterFactory), ownsMetrics: true)
    {
    }

    internal EventHub(EventHubOptions? options, ILogger? logger, TimeProvider? timeProvider, ClientMetrics metrics, bool ownsMetrics)
    {
        _options = options ?? EventHubOptions.Default;
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _metrics = metrics;
        _ownsMetrics = ownsMetrics;
        _executor = new KeyedSerialExecutor(OnWorkFailed, OnBacklog);
    }

    /// <summary>Number of events waiting for, or being processed by, handlers and streams.</summary>
    public long Backlog => _executor.Pending;

    /// <summary>
    /// Registers a handler for events of type <typeparamref name="TEvent"/> (or derived types; <see cref="ChatalotEvent"/>
    /// receives everything). The handler runs off the receive loop; exceptions are logged, not rethrown.
    /// </summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <param name="handler">Called with the event and a token cancelled when the client shuts down.</param>
    /// <returns>Dispose it to unregister the handler.</returns>
    public IDisposable On<TEvent>(Func<TEvent, CancellationToken, ValueTask> handler)
        where TEvent : ChatalotEvent
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, typeof(TEvent), (e, ct) => handler((TEvent)e, ct), stream: null);
        Add(subscription);
        return subscription;
    }

    /// <summary>
    /// Streams events of type <typeparamref name="TEvent"/> from now until <paramref name="cancellationToken"/> fires or the
    /// hub is disposed. Each call gets its own bounded buffer (see <paramref name="options"/>).
    /// </summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <param name="options">Buffer settings; <see cref="EventStreamOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The events, in per-channel order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> are invalid.</exception>
    public IAsyncEnumerable<TEvent> StreamAsync<TEvent>(EventStreamOptions? options = null, CancellationToken cancellationToken = default)
        where TEvent : ChatalotEvent
    {
        options ??= EventStreamOptions.Default;
        options.Validate();

        // Subscribe now, not at the first MoveNextAsync, so that nothing published between this call and the first
        // iteration is missed.
        var stream = new StreamSink(this, options);
        var subscription = new Subscription(this, typeof(TEvent), handler: null, stream);
        Add(subscription);
        return ReadAsync<TEvent>(subscription, stream, cancellationToken);
    }

    /// <summary>
    /// Sees every event as it is published, before and whether or not anyone subscribed, synchronously on the publishing
    /// (per-channel) queue: how the client keeps its search index in step with what it decrypted.
    /// </summary>
    internal Action<ChatalotEvent>? Observer { get; set; }

    /// <summary>
    /// Runs first, synchronously on the publishing queue: the entity directory applies what the event says (a rename, a
    /// deletion) so that later events see it, and names a deleted entity while it still knows the name.
    /// </summary>
    internal Func<ChatalotEvent, ChatalotEvent>? Prepare { get; set; }

    /// <summary>
    /// Runs on the event's own ordering key before delivery (off the receive loop): the entity directory adds names,
    /// reading them over REST on a cache miss. It never fails an event: on error the event goes out without names.
    /// </summary>
    internal Func<ChatalotEvent, CancellationToken, ValueTask<ChatalotEvent>>? Enricher { get; set; }

    /// <summary>
    /// Hands an event to every matching handler and stream, in order with earlier events of the same ordering key.
    /// Never blocks and never throws for handler failures. Only the client publishes: an application cannot inject events
    /// that look authenticated (tests reach it through InternalsVisibleTo).
    /// </summary>
    /// <param name="chatalotEvent">The event.</param>
    /// <returns><see langword="false"/> if no one was subscribed to it or the hub is disposed.</returns>
    internal bool Publish(ChatalotEvent chatalotEvent)
    {
        ArgumentNullException.ThrowIfNull(chatalotEvent);
        if (Prepare is { } prepare)
        {
            chatalotEvent = prepare(chatalotEvent);
        }

        Observer?.Invoke(chatalotEvent);
        var matching = _subscriptions.Where(s => s.EventType.IsInstanceOfType(chatalotEvent)).ToArray();
        if (matching.Length == 0)
        {
            return false;
        }

        _metrics.EventsPublished.Add(1);
        return _executor.Enqueue(chatalotEvent.OrderingKey, ct => DeliverAsync(chatalotEvent, matching, ct));
    }

    /// <summary>Completes when every event published so far has been handled. Useful in tests and for graceful shutdown.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the hub is idle.</returns>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) => _executor.WhenIdleAsync(cancellationToken);

    /// <summary>Stops delivery, cancels running handlers' tokens, waits for them, and ends every stream.</summary>
    /// <returns>A task that completes when the hub is shut down.</returns>
    public async ValueTask DisposeAsync()
    {
        await _executor.DisposeAsync().ConfigureAwait(false);
        foreach (var subscription in ImmutableInterlocked.InterlockedExchange(ref _subscriptions, []))
        {
            subscription.Stream?.Channel.Writer.TryComplete();
        }

        if (_ownsMetrics)
        {
            _metrics.Dispose();
        }
    }

    private async ValueTask DeliverAsync(ChatalotEvent chatalotEvent, Subscription[] subscriptions, CancellationToken cancellationToken)
    {
        if (Enricher is { } enricher)
        {
            chatalotEvent = await enricher(chatalotEvent, cancellationToken).ConfigureAwait(false);
        }

        foreach (var subscription in subscriptions)
        {
            if (subscription.IsRemoved)
            {
                continue;
            }

            if (subscription.Stream is { } stream)
            {
                await stream.WriteAsync(chatalotEvent, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var started = _timeProvider.GetTimestamp();
            try
            {
                await subscription.Handler!(chatalotEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // One handler's failure must not stop the others or the channel.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _metrics.HandlerErrors.Add(1);
                LogHandlerFailed(_logger, chatalotEvent.GetType().Name, chatalotEvent.OrderingKey, ex);
            }
            finally
            {
                var elapsed = _timeProvider.GetElapsedTime(started);
                _metrics.HandlerDuration.Record(elapsed.TotalSeconds);
                if (_options.SlowHandlerThreshold != Timeout.InfiniteTimeSpan && elapsed > _options.SlowHandlerThreshold)
                {
                    LogSlowHandler(_logger, chatalotEvent.GetType().Name, elapsed.TotalMilliseconds, chatalotEvent.OrderingKey);
                }
            }
        }
    }

    private async IAsyncEnumerable<TEvent> ReadAsync<TEvent>(Subscription subscription, StreamSink stream, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TEvent : ChatalotEvent
    {
        try
        {
            while (await stream.Channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (stream.Channel.Reader.TryRead(out var item))
                {
                    yield return (TEvent)item;
                }
            }
        }
        finally
        {
            subscription.Dispose();
        }
    }

    private void Add(Subscription subscription) => ImmutableInterlocked.Update(ref _subscriptions, (list, s) => list.Add(s), subscription);

    private void Remove(Subscription subscription)
    {
        ImmutableInterlocked.Update(ref _subscriptions, (list, s) => list.Remove(s), subscription);
        subscription.Stream?.Channel.Writer.TryComplete();
    }

    private void OnWorkFailed(string key, Exception exception)
    {
        _metrics.HandlerErrors.Add(1);
        LogDeliveryFailed(_logger, key, exception);
    }

    private void OnBacklog(long pending)
    {
        if (pending > _options.BacklogWarningThreshold)
        {
            if (Interlocked.Exchange(ref _backlogWarned, 1) == 0)
            {
                LogBacklog(_logger, pending);
            }
        }
        else if (pending < _options.BacklogWarningThreshold / 2)
        {
            Volatile.Write(ref _backlogWarned, 0);
        }
    }

    private void OnDropped(string eventType)
    {
        _metrics.EventsDropped.Add(1);
        LogStreamDropped(_logger, eventType);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "A {EventType} handler threw (ordering key {OrderingKey}); the event was skipped for that handler only")]
    private static partial void LogHandlerFailed(ILogger logger, string eventType, string orderingKey, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "A {EventType} handler took {ElapsedMs:F0} ms; it delays later events of ordering key {OrderingKey} only, never the connection")]
    private static partial void LogSlowHandler(ILogger logger, string eventType, double elapsedMs, string orderingKey);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Event delivery failed for ordering key {OrderingKey}")]
    private static partial void LogDeliveryFailed(ILogger logger, string orderingKey, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "{Pending} events are waiting for handlers; a handler may be stuck")]
    private static partial void LogBacklog(ILogger logger, long pending);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "An event stream was full and dropped a {EventType} event")]
    private static partial void LogStreamDropped(ILogger logger, string eventType);

    private sealed class Subscription(EventHub hub, Type eventType, Func<ChatalotEvent, CancellationToken, ValueTask>? handler, StreamSink? stream) : IDisposable
    {
        private int _removed;

        public Type EventType { get; } = eventType;

        public Func<ChatalotEvent, CancellationToken, ValueTask>? Handler { get; } = handler;

        public StreamSink? Stream { get; } = stream;

        public bool IsRemoved => Volatile.Read(ref _removed) != 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _removed, 1) == 0)
            {
                hub.Remove(this);
            }
        }
    }

    private sealed class StreamSink
    {
        private readonly EventHub _hub;

        public StreamSink(EventHub hub, EventStreamOptions options)
        {
            _hub = hub;
            var fullMode = options.FullMode switch
            {
                EventStreamFullMode.DropOldest => BoundedChannelFullMode.DropOldest,
                EventStreamFullMode.DropNewest => BoundedChannelFullMode.DropWrite,
                _ => BoundedChannelFullMode.Wait,
            };
            Channel = System.Threading.Channels.Channel.CreateBounded<ChatalotEvent>(
                new BoundedChannelOptions(options.Capacity) { FullMode = fullMode, SingleReader = true, SingleWriter = false },
                dropped => _hub.OnDropped(dropped.GetType().Name));
        }

        public Channel<ChatalotEvent> Channel { get; }

        public async ValueTask WriteAsync(ChatalotEvent chatalotEvent, CancellationToken cancellationToken)
        {
            try
            {
                await Channel.Writer.WriteAsync(chatalotEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                // The subscriber stopped reading; nothing to deliver to.
            }
        }
    }
}
