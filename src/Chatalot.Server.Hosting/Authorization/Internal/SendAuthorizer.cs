using Chatalot.Protocol.Channels;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Authorization.Internal;

/// <summary>
/// The per-send checks (channel access, device keys, DM blocks) answered from <see cref="AuthorizationCache"/>, with
/// the same database reads as before on a miss. Each miss reads its scope's epoch first, so a write that commits
/// during the read makes the result unstorable (see <see cref="AuthorizationCache"/>).
/// </summary>
internal sealed class SendAuthorizer(AuthorizationCache cache, Access access, Relationships relationships, ChatalotDbContext db)
{
    /// <summary>The caller's permission in the channel, or null when they cannot read it (or it does not exist).</summary>
    public async ValueTask<SendPermission?> ChannelAsync(Guid userId, Guid channelId, CancellationToken cancellationToken)
    {
        if (cache.TryGetChannel(userId, channelId, out var cached))
        {
            return cached;
        }

        var epoch = cache.Epoch(AuthorizationScope.Channels);
        var a = await access.ChannelAccessAsync(userId, channelId, cancellationToken).ConfigureAwait(false);
        var permission = a is { CanRead: true }
            ? new SendPermission(
                a.Channel.Id,
                a.Channel.Type == (int)ChannelType.Dm,
                a.Channel.DmUserLow,
                a.Channel.DmUserHigh,
                a.Channel.Archived,
                a.Channel.ReadOnly,
                a.Channel.SlowModeSeconds,
                a.CanBypassPostingLimits)
            {
                Permissions = a.Permissions,
                TimedOutUntil = a.TimedOutUntil,
            }
            : null;
        cache.SetChannel(userId, channelId, epoch, permission);
        return permission;
    }

    /// <summary>Whether the user's device has published keys.</summary>
    public async ValueTask<bool> DeviceExistsAsync(Guid userId, int deviceId, CancellationToken cancellationToken)
    {
        if (cache.TryGetDevice(userId, deviceId, out var exists))
        {
            return exists;
        }

        var epoch = cache.Epoch(AuthorizationScope.Devices);
        exists = await db.Devices.AnyAsync(d => d.UserId == userId && d.DeviceId == deviceId, cancellationToken).ConfigureAwait(false);
        cache.SetDevice(userId, deviceId, epoch, exists);
        return exists;
    }

    /// <summary>Whether either user blocked the other.</summary>
    public async ValueTask<bool> BlockedEitherWayAsync(Guid a, Guid b, CancellationToken cancellationToken)
    {
        if (cache.TryGetBlocked(a, b, out var blocked))
        {
            return blocked;
        }

        var epoch = cache.Epoch(AuthorizationScope.Blocks);
        blocked = await relationships.IsBlockedEitherWayAsync(a, b, cancellationToken).ConfigureAwait(false);
        cache.SetBlocked(a, b, epoch, blocked);
        return blocked;
    }
}
