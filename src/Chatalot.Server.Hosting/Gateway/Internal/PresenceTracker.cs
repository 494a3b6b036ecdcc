using System.Collections.Concurrent;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Authorization.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// Derives each user's visible presence from their live sessions and tells community mates when it changes.
/// Invisible users are reported as offline (the original leaked idle/dnd/invisible as online: W17).
/// </summary>
internal sealed class PresenceTracker(GatewayHub hub, IGatewayPublisher publisher, IServiceScopeFactory scopes, AuthorizationCache authorization, TimeProvider time)
{
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

    public static PresenceStatus Visible(PresenceStatus status) => status == PresenceStatus.Invisible ? PresenceStatus.Offline : status;

    public PresenceStatus Current(Guid userId) => _visible.TryGetValue(userId, out var s) ? s.Status : PresenceStatus.Offline;

    /// <summary>What others see of a user now: status, and the custom status text unless it expired (or the user appears offline).</summary>
    public UserPresence Presence(Guid userId)
    {
        if (!_visible.TryGetValue(userId, out var shown))
        {
            return new UserPresence(userId, PresenceStatus.Offline);
        }

        return shown.Text is not null && (shown.ExpiresAt is null || shown.ExpiresAt > time.GetUtcNow())
            ? new UserPresence(userId, shown.Status, shown.Text, shown.ExpiresAt)
            : new UserPresence(userId, shown.Status);
    }

    /// <summary>Records a user's new chosen status (already stored) and tells their mates what changed.</summary>
    public Task ChooseAsync(Guid userId, ChosenStatus chosen, CancellationToken cancellationToken)
    {
        if (hub.SessionsOf(userId).Any())
        {
            _chosen[userId] = chosen;
        }

        return RefreshAsync(userId, cancellationToken);
    }

    /// <summary>
    /// Sends a new session the current presence of every online community mate as one <c>presence_snapshot</c> event
    /// (one frame, not one per mate: at a connect storm in a large community that was most of the frames sent).
    /// </summary>
    public async Task SendSnapshotAsync(GatewaySession session, CancellationToken cancellationToken)
    {
        var mates = await MatesAsync(session.UserId, cancellationToken).ConfigureAwait(false);
        var online = new List<UserPresence>();
        foreach (var mate in mates)
        {
            if (Presence(mate) is { Status: not PresenceStatus.Offline } shown)
            {
                online.Add(shown);
            }
        }

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
        if (Presence(userId) is { Status: not PresenceStatus.Offline } shown)
        {
            await publisher.PublishToUsersAsync([.. members.Where(m => m != userId)], ToEvent(shown), cancellationToken).ConfigureAwait(false);
        }

        var online = new List<UserPresence>();
        foreach (var member in members)
        {
            if (member != userId && Presence(member) is { Status: not PresenceStatus.Offline } memberShown)
            {
                online.Add(memberShown);
            }
        }

        if (online.Count > 0)
        {
            await publisher.PublishToUsersAsync([userId], new PresenceSnapshotEvent(online), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RefreshAsync(Guid userId, CancellationToken cancellationToken)
    {
        // The most present status over the user's attached sessions: online > dnd > idle > offline (invisible).
        var status = PresenceStatus.Offline;
        var attached = false;
        foreach (var session in hub.SessionsOf(userId))
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
        if (!hub.SessionsOf(userId).Any())
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

        var mates = await MatesAsync(userId, cancellationToken).ConfigureAwait(false);
        await publisher.PublishToUsersAsync(mates, ToEvent(Presence(userId)), cancellationToken).ConfigureAwait(false);
    }

    private static PresenceUpdatedEvent ToEvent(UserPresence p) => new(p.UserId, p.Status, p.CustomStatus, p.CustomStatusExpiresAt);

    private async Task<ChosenStatus?> ChosenAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (_chosen.TryGetValue(userId, out var cached))
        {
            return cached;
        }

        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        var row = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Status, u.CustomStatusText, u.CustomStatusExpiresAt }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var chosen = new ChosenStatus((PresenceStatus)(row?.Status ?? (int)PresenceStatus.Online), row?.CustomStatusText, row?.CustomStatusExpiresAt);

        // A status chosen while this read ran wins (ChooseAsync stored it first).
        return hub.SessionsOf(userId).Any() ? _chosen.GetOrAdd(userId, chosen) : chosen;
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
        var epoch = authorization.Epoch(AuthorizationScope.Channels);
        if (authorization.Enabled && _mates.TryGetValue(userId, out var cached) && cached.Epoch == epoch)
        {
            return cached.Mates;
        }

        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        var communities = db.CommunityMembers.Where(m => m.UserId == userId).Select(m => m.CommunityId);
        var mates = await db.CommunityMembers.Where(m => communities.Contains(m.CommunityId) && m.UserId != userId)
            .Select(m => m.UserId).Distinct().ToArrayAsync(cancellationToken).ConfigureAwait(false);

        // Stored only if no membership write committed since the epoch was read (the read may predate it), and only on a
        // single node (see AuthorizationCache.Enabled).
        if (authorization.Enabled && authorization.Epoch(AuthorizationScope.Channels) == epoch)
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

    private sealed record Shown(PresenceStatus Status, string? Text, DateTimeOffset? ExpiresAt);
}

/// <summary>A user's stored status choice (<c>PUT /users/me/status</c>).</summary>
internal sealed record ChosenStatus(PresenceStatus Status, string? Text, DateTimeOffset? ExpiresAt);
