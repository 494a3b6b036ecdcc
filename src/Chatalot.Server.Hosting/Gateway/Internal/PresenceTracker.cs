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
internal sealed class PresenceTracker(GatewayHub hub, IGatewayPublisher publisher, IServiceScopeFactory scopes, AuthorizationCache authorization)
{
    // Bounded by the ids held in all lists together (16 B each: 16 MiB), not by the number of lists: in one large community
    // every member's list is as long as the community.
    private const long MaxCachedMateIds = 1_000_000;

    private readonly ConcurrentDictionary<Guid, PresenceStatus> _visible = new();

    // Who shares a community with whom, per user: read at every connect (snapshot) and presence change. Valid while the
    // authorisation cache's channel scope has not moved, which every community membership write bumps (exactly as for
    // send permissions, so a removed member stops seeing presence at once).
    private readonly ConcurrentDictionary<Guid, (long Epoch, Guid[] Mates)> _mates = new();
    private long _cachedMateIds;

    public static PresenceStatus Visible(PresenceStatus status) => status == PresenceStatus.Invisible ? PresenceStatus.Offline : status;

    public PresenceStatus Current(Guid userId) => _visible.TryGetValue(userId, out var s) ? s : PresenceStatus.Offline;

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
            if (Current(mate) is var status and not PresenceStatus.Offline)
            {
                online.Add(new UserPresence(mate, status));
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
        if (Current(userId) is var status and not PresenceStatus.Offline)
        {
            await publisher.PublishToUsersAsync([.. members.Where(m => m != userId)], new PresenceUpdatedEvent(userId, status), cancellationToken).ConfigureAwait(false);
        }

        var online = new List<UserPresence>();
        foreach (var member in members)
        {
            if (member != userId && Current(member) is var memberStatus and not PresenceStatus.Offline)
            {
                online.Add(new UserPresence(member, memberStatus));
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
        foreach (var session in hub.SessionsOf(userId))
        {
            if (session.DetachedAt is null && Rank(Visible(session.Presence)) > Rank(status))
            {
                status = Visible(session.Presence);
            }
        }

        var previous = _visible.TryGetValue(userId, out var p) ? p : PresenceStatus.Offline;
        if (status == previous)
        {
            return;
        }

        if (status == PresenceStatus.Offline)
        {
            _visible.TryRemove(userId, out _);
        }
        else
        {
            _visible[userId] = status;
        }

        var mates = await MatesAsync(userId, cancellationToken).ConfigureAwait(false);
        await publisher.PublishToUsersAsync(mates, new PresenceUpdatedEvent(userId, status), cancellationToken).ConfigureAwait(false);
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
        if (_mates.TryGetValue(userId, out var cached) && cached.Epoch == epoch)
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
}
