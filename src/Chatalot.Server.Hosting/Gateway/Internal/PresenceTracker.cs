using System.Collections.Concurrent;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Authorization.Internal;
using Chatalot.Server.Hosting.ScaleOut.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// Derives each user's visible presence from their live sessions and tells community mates when it changes.
/// Invisible users are reported as offline (the original leaked idle/dnd/invisible as online: W17).
/// <para>
/// In a cluster this node's view of a user is one entry in Redis (<see cref="RedisPresence"/>): what others see is the
/// most present status over every live node's entry, and a node publishes a change only when its own change altered that.
/// While Redis cannot be reached the node falls back to its own view, as on a single node.
/// </para>
/// </summary>
internal sealed partial class PresenceTracker : IDisposable
{
    private readonly GatewayHub _hub;
    private readonly IGatewayPublisher _publisher;
    private readonly IServiceScopeFactory _scopes;
    private readonly AuthorizationCache _authorization;
    private readonly TimeProvider _time;
    private readonly RedisPresence? _cluster;
    private readonly IChatalotBackplane _backplane;
    private readonly ILogger<PresenceTracker> _logger;
    private readonly IDisposable _statusChoices;

    // Bounded by the ids held in all lists together (16 B each: 16 MiB), not by the number of lists: in one large community
    // every member's list is as long as the community.
    private const long MaxCachedMateIds = 1_000_000;

    private readonly ConcurrentDictionary<Guid, Shown> _visible = new();

    // The status each online user chose (PUT /users/me/status), read from the database when their first session
    // attaches and dropped when their last one leaves, so it holds only online users.
    private readonly ConcurrentDictionary<Guid, ChosenStatus> _chosen = new();

    // Who shares a community with whom, per user: read at every connect (snapshot) and presence change. Valid while the
    // authorisation cache's channel scope has not moved, which every community membership write bumps (exactly as for
    // send permissions, so a removed member stops seeing presence at once).
    private readonly ConcurrentDictionary<Guid, (long Epoch, Guid[] Mates)> _mates = new();
    private long _cachedMateIds;

    public PresenceTracker(
        GatewayHub hub,
        IGatewayPublisher publisher,
        IServiceScopeFactory scopes,
        AuthorizationCache authorization,
        TimeProvider time,
        IChatalotBackplane backplane,
        ILogger<PresenceTracker> logger,
        RedisPresence? cluster = null)
    {
        _hub = hub;
        _publisher = publisher;
        _scopes = scopes;
        _authorization = authorization;
        _time = time;
        _backplane = backplane;
        _logger = logger;
        _cluster = cluster;
        _statusChoices = backplane.Subscribe(OnBackplaneMessageAsync);
    }

    public static PresenceStatus Visible(PresenceStatus status) => status == PresenceStatus.Invisible ? PresenceStatus.Offline : status;

    public PresenceStatus Current(Guid userId) => _visible.TryGetValue(userId, out var s) ? s.Status : PresenceStatus.Offline;

    /// <summary>What others see of a user now: status, and the custom status text unless it expired (or the user appears offline).</summary>
    public UserPresence Presence(Guid userId)
    {
        if (!_visible.TryGetValue(userId, out var shown))
        {
            return new UserPresence(userId, PresenceStatus.Offline);
        }

        return shown.Text is not null && (shown.ExpiresAt is null || shown.ExpiresAt > _time.GetUtcNow())
            ? new UserPresence(userId, shown.Status, shown.Text, shown.ExpiresAt)
            : new UserPresence(userId, shown.Status);
    }

    /// <summary>What others see of a user now, across the cluster when there is one.</summary>
    public async ValueTask<UserPresence> PresenceAsync(Guid userId) =>
        _cluster is null ? Presence(userId) : (await OnlineAsync([userId]).ConfigureAwait(false)).FirstOrDefault() ?? new UserPresence(userId, PresenceStatus.Offline);

    /// <summary>The users of <paramref name="userIds"/> who are not offline, as others see them.</summary>
    public async ValueTask<List<UserPresence>> OnlineAsync(IReadOnlyList<Guid> userIds)
    {
        var online = new List<UserPresence>();
        if (_cluster is not null)
        {
            try
            {
                foreach (var p in await _cluster.ReadAsync(userIds).ConfigureAwait(false))
                {
                    if (p.Status != PresenceStatus.Offline)
                    {
                        online.Add(p.CustomStatus is not null && p.CustomStatusExpiresAt <= _time.GetUtcNow() ? new UserPresence(p.UserId, p.Status) : p);
                    }
                }

                return online;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _cluster.LogFailure(ex);
            }
        }

        foreach (var userId in userIds)
        {
            if (Presence(userId) is { Status: not PresenceStatus.Offline } shown)
            {
                online.Add(shown);
            }
        }

        return online;
    }

    /// <summary>
    /// Removes a dead node's entries for <paramref name="userIds"/> and tells the mates of each user whose presence that
    /// changed (called by the node that won the reaping lease, see <see cref="PresenceHeartbeat"/>).
    /// </summary>
    public async Task ReapAsync(string nodeField, IEnumerable<Guid> userIds, CancellationToken cancellationToken)
    {
        foreach (var userId in userIds)
        {
            if (await _cluster!.WriteAsync(userId, nodeField, PresenceStatus.Offline, null, null).ConfigureAwait(false) is { } changed)
            {
                await PublishAsync(changed, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Records a user's new chosen status (already stored) and tells their mates what changed. In a cluster the user's
    /// connections may be on other nodes than the one that took the request: every node holding one refreshes too.
    /// </summary>
    public async Task ChooseAsync(Guid userId, ChosenStatus chosen, CancellationToken cancellationToken)
    {
        if (_hub.SessionsOf(userId).Any())
        {
            _chosen[userId] = chosen;
        }

        await RefreshAsync(userId, cancellationToken).ConfigureAwait(false);
        if (_backplane is not InProcessBackplane)
        {
            await _backplane.PublishAsync(new ChatalotBackplaneMessage { Kind = ChatalotBackplaneMessageKind.StatusChosen, UserIds = [userId] }, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _statusChoices.Dispose();

    private ValueTask OnBackplaneMessageAsync(ChatalotBackplaneMessage message)
    {
        if (message.Kind == ChatalotBackplaneMessageKind.StatusChosen)
        {
            foreach (var userId in message.UserIds.Where(u => _hub.SessionsOf(u).Any()))
            {
                // Re-read from the database (the choice is stored before it is announced); on the node that took the
                // request this finds nothing new. Off the backplane's thread: handlers must not block.
                _chosen.TryRemove(userId, out _);
                _ = Task.Run(() => RefreshAfterChoiceAsync(userId));
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task RefreshAfterChoiceAsync(Guid userId)
    {
        try
        {
            await RefreshAsync(userId, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed refresh leaves the old status shown until the next change; it must not go unobserved.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogChoiceRefreshFailed(_logger, ex);
        }
    }

    /// <summary>
    /// Sends a new session the current presence of every online community mate as one <c>presence_snapshot</c> event
    /// (one frame, not one per mate: at a connect storm in a large community that was most of the frames sent).
    /// </summary>
    public async Task SendSnapshotAsync(GatewaySession session, CancellationToken cancellationToken)
    {
        var mates = await MatesAsync(session.UserId, cancellationToken).ConfigureAwait(false);
        var online = await OnlineAsync(mates).ConfigureAwait(false);
        if (online.Count > 0)
        {
            session.Deliver(GatewayPublisher.Serialize(new PresenceSnapshotEvent(online)));
        }
    }

    /// <summary>
    /// Two users who are already online become community mates: the community learns the newcomer's presence and the
    /// newcomer gets a snapshot of the community's (otherwise neither would see the other until a status changed).
    /// </summary>
    public async Task MemberJoinedAsync(Guid userId, IReadOnlyCollection<Guid> members, CancellationToken cancellationToken)
    {
        if (await PresenceAsync(userId).ConfigureAwait(false) is { Status: not PresenceStatus.Offline } shown)
        {
            await _publisher.PublishToUsersAsync([.. members.Where(m => m != userId)], ToEvent(shown), cancellationToken).ConfigureAwait(false);
        }

        var online = await OnlineAsync([.. members.Where(m => m != userId)]).ConfigureAwait(false);
        if (online.Count > 0)
        {
            await _publisher.PublishToUsersAsync([userId], new PresenceSnapshotEvent(online), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RefreshAsync(Guid userId, CancellationToken cancellationToken)
    {
        // The most present status over the user's attached sessions: online > dnd > idle > offline (invisible).
        var status = PresenceStatus.Offline;
        var attached = false;
        foreach (var session in _hub.SessionsOf(userId))
        {
            attached |= session.DetachedAt is null;
            if (session.DetachedAt is null && Rank(Visible(session.Presence)) > Rank(status))
            {
                status = Visible(session.Presence);
            }
        }

        // A chosen idle, dnd or invisible holds on every connection; a chosen online lets the connections' own
        // update_presence decide (docs/protocol/gateway.md §Presence).
        var chosen = attached ? await ChosenAsync(userId, cancellationToken).ConfigureAwait(false) : null;
        if (!_hub.SessionsOf(userId).Any())
        {
            _chosen.TryRemove(userId, out _);
        }

        if (attached && chosen is { Status: PresenceStatus.Idle or PresenceStatus.Dnd or PresenceStatus.Invisible })
        {
            status = Visible(chosen.Status);
        }

        var shown = status == PresenceStatus.Offline || chosen?.Text is null
            ? new Shown(status, null, null)
            : new Shown(status, chosen.Text, chosen.ExpiresAt);
        var previous = _visible.TryGetValue(userId, out var p) ? p : new Shown(PresenceStatus.Offline, null, null);
        if (shown == previous)
        {
            return;
        }

        if (status == PresenceStatus.Offline)
        {
            _visible.TryRemove(userId, out _);
        }
        else
        {
            _visible[userId] = shown;
        }

        var visible = Presence(userId);
        if (_cluster is not null)
        {
            try
            {
                // Only the node whose change altered the cluster's view tells the mates, and tells them that view.
                if (await _cluster.WriteAsync(userId, _cluster.NodeField, shown.Status, shown.Text, shown.ExpiresAt).ConfigureAwait(false) is not { } changed)
                {
                    return;
                }

                visible = changed;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _cluster.LogFailure(ex);
            }
        }

        await PublishAsync(visible, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishAsync(UserPresence visible, CancellationToken cancellationToken)
    {
        var mates = await MatesAsync(visible.UserId, cancellationToken).ConfigureAwait(false);
        await _publisher.PublishToUsersAsync(mates, ToEvent(visible), cancellationToken).ConfigureAwait(false);
    }

    private static PresenceUpdatedEvent ToEvent(UserPresence p) => new(p.UserId, p.Status, p.CustomStatus, p.CustomStatusExpiresAt);

    private async Task<ChosenStatus?> ChosenAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (_chosen.TryGetValue(userId, out var cached))
        {
            return cached;
        }

        var scope = _scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        var row = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Status, u.CustomStatusText, u.CustomStatusExpiresAt }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var chosen = new ChosenStatus((PresenceStatus)(row?.Status ?? (int)PresenceStatus.Online), row?.CustomStatusText, row?.CustomStatusExpiresAt);

        // A status chosen while this read ran wins (ChooseAsync stored it first).
        return _hub.SessionsOf(userId).Any() ? _chosen.GetOrAdd(userId, chosen) : chosen;
    }

    private static int Rank(PresenceStatus status) => status switch
    {
        PresenceStatus.Online => 3,
        PresenceStatus.Dnd => 2,
        PresenceStatus.Idle => 1,
        _ => 0,
    };

    private async Task<Guid[]> MatesAsync(Guid userId, CancellationToken cancellationToken)
    {
        var epoch = _authorization.Epoch(AuthorizationScope.Channels);
        if (_authorization.Enabled && _mates.TryGetValue(userId, out var cached) && cached.Epoch == epoch)
        {
            return cached.Mates;
        }

        var scope = _scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        var communities = db.CommunityMembers.Where(m => m.UserId == userId).Select(m => m.CommunityId);
        var mates = await db.CommunityMembers.Where(m => communities.Contains(m.CommunityId) && m.UserId != userId)
            .Select(m => m.UserId).Distinct().ToArrayAsync(cancellationToken).ConfigureAwait(false);

        // Stored only if no membership write committed since the epoch was read (the read may predate it), and only on a
        // single node (see AuthorizationCache.Enabled).
        if (_authorization.Enabled && _authorization.Epoch(AuthorizationScope.Channels) == epoch)
        {
            if (Interlocked.Add(ref _cachedMateIds, mates.Length) > MaxCachedMateIds)
            {
                _mates.Clear();
                Interlocked.Exchange(ref _cachedMateIds, mates.Length);
            }

            _mates[userId] = (epoch, mates);
        }

        return mates;
    }

    [LoggerMessage(EventId = 2654, Level = LogLevel.Warning, Message = "Showing a status chosen through another node failed")]
    private static partial void LogChoiceRefreshFailed(ILogger logger, Exception exception);

    private sealed record Shown(PresenceStatus Status, string? Text, DateTimeOffset? ExpiresAt);
}

/// <summary>A user's stored status choice (<c>PUT /users/me/status</c>).</summary>
internal sealed record ChosenStatus(PresenceStatus Status, string? Text, DateTimeOffset? ExpiresAt);
