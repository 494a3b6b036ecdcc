using System.Collections.Concurrent;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// This node's registry of gateway sessions, indexed by user and by subscribed channel, and the receiving end of the
/// backplane: it turns each backplane message into queue writes on local connections.
/// </summary>
internal sealed class GatewayHub : IDisposable
{
    private readonly ConcurrentDictionary<Guid, GatewaySession> _sessions = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, GatewaySession>> _byUser = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, GatewaySession>> _byChannel = new();
    private readonly ChatalotGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ChatalotMetrics _metrics;
    private readonly IDisposable _subscription;
    private readonly ITimer _sweeper;

    public GatewayHub(IChatalotBackplane backplane, IOptions<ChatalotServerOptions> options, TimeProvider time, ChatalotMetrics metrics)
    {
        _options = options.Value.Gateway;
        _time = time;
        _metrics = metrics;
        _subscription = backplane.Subscribe(OnMessageAsync);
        var period = _options.ResumeWindow > TimeSpan.Zero ? TimeSpan.FromSeconds(Math.Clamp(_options.ResumeWindow.TotalSeconds / 4, 0.25, 15)) : TimeSpan.FromSeconds(1);
        _sweeper = time.CreateTimer(_ => Sweep(), null, period, period);
    }

    public int SessionCount => _sessions.Count;

    public GatewaySession Create(Guid userId, Guid authSessionId, int? deviceId)
    {
        var session = new GatewaySession(Guid.CreateVersion7(_time.GetUtcNow()), userId, authSessionId, deviceId, _options.ResumeBufferSize);
        _sessions[session.Id] = session;
        _byUser.GetOrAdd(userId, _ => new())[session.Id] = session;
        return session;
    }

    public GatewaySession? Find(Guid sessionId) => _sessions.TryGetValue(sessionId, out var s) && !s.Closed ? s : null;

    // Enumerating the dictionary itself is lock-free; its Values property takes every lock and copies, which under a
    // connect storm (each connect refreshes the user's presence) made this a point of contention.
    public IEnumerable<GatewaySession> SessionsOf(Guid userId) =>
        _byUser.TryGetValue(userId, out var map) ? map.Select(pair => pair.Value).Where(s => !s.Closed) : [];

    public bool Subscribe(GatewaySession session, Guid channelId)
    {
        if (session.SubscriptionCount >= Protocol.ChatalotLimits.GatewayMaxSubscriptions && !session.IsSubscribed(channelId))
        {
            return false;
        }

        session.AddSubscription(channelId);
        _byChannel.GetOrAdd(channelId, _ => new())[session.Id] = session;
        return true;
    }

    public void Unsubscribe(GatewaySession session, Guid channelId)
    {
        session.RemoveSubscription(channelId);
        if (_byChannel.TryGetValue(channelId, out var map))
        {
            map.TryRemove(session.Id, out _);
        }
    }

    public Guid[] SubscriptionsCleared(GatewaySession session)
    {
        var all = session.ClearSubscriptions();
        foreach (var channelId in all)
        {
            if (_byChannel.TryGetValue(channelId, out var map))
            {
                map.TryRemove(session.Id, out _);
            }
        }

        return all;
    }

    public void UnsubscribeAll(GatewaySession session)
    {
        foreach (var channelId in session.ClearSubscriptions())
        {
            if (_byChannel.TryGetValue(channelId, out var map))
            {
                map.TryRemove(session.Id, out _);
            }
        }
    }

    public void Detach(GatewaySession session, GatewayConnection connection)
    {
        session.Detach(connection, _time.GetUtcNow());
        if (_options.ResumeWindow <= TimeSpan.Zero)
        {
            Remove(session);
        }
    }

    /// <summary>Ends a session for good: no resume.</summary>
    public void Remove(GatewaySession session)
    {
        session.Close();
        UnsubscribeAll(session);
        _sessions.TryRemove(session.Id, out _);
        if (_byUser.TryGetValue(session.UserId, out var map))
        {
            map.TryRemove(session.Id, out _);
        }
    }

    /// <summary>Closes every connection (graceful shutdown); clients resume elsewhere.</summary>
    public void Drain()
    {
        foreach (var session in _sessions.Values)
        {
            var connection = session.Close();
            connection?.CloseWith(GatewayCloseCodes.ServerShuttingDown, ErrorCodes.ServerShuttingDown, "The server is shutting down; reconnect and resume.");
        }
    }

    /// <summary>
    /// Events from other nodes may have been lost: every session ends unresumably, so each client reconnects with a fresh
    /// session and catches up over REST from the database (docs/articles/scaling.md, "When Redis fails").
    /// </summary>
    public void Resync()
    {
        _metrics.Resynced();
        foreach (var session in _sessions.Values)
        {
            var connection = session.Close();
            Remove(session);
            connection?.CloseWith(GatewayCloseCodes.ServerShuttingDown, ErrorCodes.ResyncRequired, "Events between server nodes may have been lost; reconnect and catch up.");
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _sweeper.Dispose();
    }

    private ValueTask OnMessageAsync(ChatalotBackplaneMessage message)
    {
        switch (message.Kind)
        {
            case ChatalotBackplaneMessageKind.ChannelEvent:
                DeliverToChannel(message);
                break;
            case ChatalotBackplaneMessageKind.UserEvent:
                DeliverAll(message.UserIds.SelectMany(SessionsOf), message);
                break;
            case ChatalotBackplaneMessageKind.DeviceEvent:
                DeliverAll(message.UserIds.SelectMany(SessionsOf).Where(s => s.DeviceId == message.DeviceId), message);
                break;
            case ChatalotBackplaneMessageKind.RevokeChannels:
                foreach (var session in message.UserIds.SelectMany(SessionsOf))
                {
                    for (var i = 0; i < message.ChannelIds.Count; i++)
                    {
                        if (session.IsSubscribed(message.ChannelIds[i]))
                        {
                            Unsubscribe(session, message.ChannelIds[i]);
                            session.Deliver(message.Frames[i]);
                        }
                    }
                }

                break;
            case ChatalotBackplaneMessageKind.Disconnect:
                foreach (var session in message.UserIds.SelectMany(SessionsOf).Where(s => message.SessionId is null || s.AuthSessionId == message.SessionId).ToList())
                {
                    var connection = session.Close();
                    Remove(session);
                    connection?.CloseWith(GatewayCloseCodes.SessionRevoked, message.Code ?? ErrorCodes.SessionRevoked, "The session ended.");
                }

                break;
            case ChatalotBackplaneMessageKind.Resync:
                Resync();
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The hot path of a broadcast: every subscriber of the channel, plus (for DMs) every session of the participants
    /// that did not subscribe. No per-broadcast collection unless there are direct users to de-duplicate against.
    /// </summary>
    private void DeliverToChannel(ChatalotBackplaneMessage message)
    {
        // DM events also reach the participants' unsubscribed sessions: remember who got it (at most a few sessions'
        // worth of ids), since the subscriber map can change while we deliver.
        var delivered = message.UserIds.Count > 0 ? new HashSet<Guid>() : null;
        if (message.ChannelId is { } channelId && _byChannel.TryGetValue(channelId, out var subscribers))
        {
            foreach (var (id, session) in subscribers)
            {
                delivered?.Add(id);
                foreach (var frame in message.Frames)
                {
                    session.Deliver(frame);
                }
            }
        }

        if (delivered is not null)
        {
            DeliverAll(message.UserIds.SelectMany(SessionsOf).Where(s => delivered.Add(s.Id)), message);
        }
        else
        {
            _metrics.FanOut(_time.GetUtcNow() - message.PublishedAt);
        }
    }

    private void DeliverAll(IEnumerable<GatewaySession> sessions, ChatalotBackplaneMessage message)
    {
        foreach (var session in sessions)
        {
            foreach (var frame in message.Frames)
            {
                session.Deliver(frame);
            }
        }

        _metrics.FanOut(_time.GetUtcNow() - message.PublishedAt);
    }

    private void Sweep()
    {
        var cutoff = _time.GetUtcNow() - _options.ResumeWindow;
        foreach (var session in _sessions.Values)
        {
            if (session.DetachedAt is { } detached && detached <= cutoff)
            {
                Remove(session);
            }
        }
    }
}
