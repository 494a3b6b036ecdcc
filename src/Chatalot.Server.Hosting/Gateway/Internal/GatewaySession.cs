using Chatalot.Protocol.Gateway;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// A logical gateway session: it outlives one WebSocket for the resume window. Each event gets the next sequence number
/// and is kept in a bounded buffer, so a client that reconnects with its last sequence receives exactly what it missed.
/// All state changes happen under one lock, so sequence order, buffer order and queue order always agree.
/// </summary>
internal sealed class GatewaySession(Guid id, Guid userId, Guid authSessionId, int? deviceId, int bufferSize)
{
    private const int RetainedBufferCapacity = 16;
    private readonly Lock _gate = new();
    private readonly Queue<(long Seq, ReadOnlyMemory<byte> Body)> _buffer = new();
    private readonly HashSet<Guid> _subscriptions = [];
    private long _seq;
    private GatewayConnection? _connection;
    private bool _resumable = true;

    public Guid Id { get; } = id;

    public Guid UserId { get; } = userId;

    public Guid AuthSessionId { get; } = authSessionId;

    public int? DeviceId { get; } = deviceId;

    public PresenceStatus Presence { get; set; } = PresenceStatus.Online;

    /// <summary>The authenticated caller, refreshed on resume.</summary>
    public Accounts.Internal.Caller? Caller { get; set; }

    public DateTimeOffset? DetachedAt { get; private set; }

    /// <summary>When the login session and account were last re-checked against the database.</summary>
    public DateTimeOffset LastValidatedAt { get; set; }

    public bool Closed { get; private set; }

    /// <summary>Pipelined sends queued but not finished (see <see cref="GatewayFrameHandler"/>); a field for Interlocked.</summary>
    public int SendsInFlight;

    /// <summary>Completes when the last pipelined send has published: the next one publishes only after it (send order). A field for Interlocked.</summary>
    public Task? LastSendPublished;

    public bool IsSubscribed(Guid channelId)
    {
        lock (_gate)
        {
            return _subscriptions.Contains(channelId);
        }
    }

    public int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public bool AddSubscription(Guid channelId)
    {
        lock (_gate)
        {
            return _subscriptions.Add(channelId);
        }
    }

    public bool RemoveSubscription(Guid channelId)
    {
        lock (_gate)
        {
            return _subscriptions.Remove(channelId);
        }
    }

    public Guid[] ClearSubscriptions()
    {
        lock (_gate)
        {
            var all = _subscriptions.ToArray();
            _subscriptions.Clear();
            return all;
        }
    }

    /// <summary>Numbers, buffers and (when connected) queues an event body; the sending happens after the lock is released.</summary>
    public void Deliver(ReadOnlyMemory<byte> body)
    {
        GatewayConnection? drain = null;
        lock (_gate)
        {
            if (Closed)
            {
                return;
            }

            var seq = ++_seq;
            _buffer.Enqueue((seq, body));
            if (_buffer.Count > bufferSize)
            {
                _buffer.Dequeue();
                if (_connection is null)
                {
                    // Events were lost while nobody was connected: resuming can no longer be exact.
                    _resumable = false;
                }
            }

            if (_connection?.QueueEvent(seq, body) == true)
            {
                drain = _connection;
            }
        }

        drain?.StartDraining();
    }

    /// <summary>Queues a reply frame (not numbered, not replayed).</summary>
    public void Reply(ReadOnlyMemory<byte> frame)
    {
        GatewayConnection? drain = null;
        lock (_gate)
        {
            if (_connection?.QueueRaw(frame) == true)
            {
                drain = _connection;
            }
        }

        drain?.StartDraining();
    }

    public void Attach(GatewayConnection connection)
    {
        lock (_gate)
        {
            _connection = connection;
            DetachedAt = null;
        }
    }

    /// <summary>Detaches a connection (if still the current one) and starts the resume window.</summary>
    public void Detach(GatewayConnection connection, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_connection == connection)
            {
                _connection = null;
                DetachedAt = now;
            }
        }
    }

    /// <summary>
    /// Attaches a new connection and queues every buffered event after <paramref name="lastSeq"/>, atomically with respect
    /// to new deliveries so nothing is missed or duplicated. Fails when the buffer no longer covers the gap.
    /// </summary>
    public bool TryResume(GatewayConnection connection, long lastSeq, ReadOnlyMemory<byte> resumedFrame, out GatewayConnection? previous)
    {
        var drain = false;
        lock (_gate)
        {
            previous = null;
            var oldest = _buffer.Count > 0 ? _buffer.Peek().Seq : _seq + 1;
            if (Closed || !_resumable || lastSeq > _seq || lastSeq < oldest - 1)
            {
                return false;
            }

            previous = _connection;
            _connection = connection;
            DetachedAt = null;
            drain |= connection.QueueRaw(resumedFrame);
            foreach (var (seq, body) in _buffer)
            {
                if (seq > lastSeq)
                {
                    drain |= connection.QueueEvent(seq, body);
                }
            }
        }

        if (drain)
        {
            connection.StartDraining();
        }

        return true;
    }

    public int CountAfter(long lastSeq)
    {
        lock (_gate)
        {
            return _buffer.Count(e => e.Seq > lastSeq);
        }
    }

    /// <summary>Drops buffered events the client confirmed (heartbeat <c>last_seq</c>).</summary>
    public void Acknowledge(long lastSeq)
    {
        lock (_gate)
        {
            while (_buffer.Count > 0 && _buffer.Peek().Seq <= lastSeq)
            {
                _buffer.Dequeue();
            }

            // A burst (the presence snapshot at connect, a busy channel) grows the buffer's array, and a queue never
            // shrinks by itself: give the array back once the client has confirmed everything, or every idle
            // connection keeps kilobytes of empty slots.
            if (_buffer.Count == 0 && _buffer.EnsureCapacity(0) > RetainedBufferCapacity)
            {
                _buffer.TrimExcess();
            }
        }
    }

    public GatewayConnection? Close()
    {
        lock (_gate)
        {
            Closed = true;
            _buffer.Clear();
            var connection = _connection;
            _connection = null;
            return connection;
        }
    }
}
