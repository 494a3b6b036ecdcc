using System.Globalization;
using Chatalot.Protocol;
using Chatalot.Protocol.Audit;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Moderation;
using Chatalot.Protocol.Roles;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Audit.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Messages.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Roles.Internal;

/// <summary>Time-outs, bulk deletes, a ban's message clean-up and the caller's effective flags (permissions.md §Moderation).</summary>
internal sealed class ModerationService(
    ChatalotDbContext db, Clock clock, Access access, CommunityService communities, MessageService messages, MembershipEffects effects, AuditLog audit)
{
    public async Task TimeoutAsync(Caller caller, Guid communityId, Guid userId, TimeoutRequest request, CancellationToken cancellationToken)
    {
        var reason = Check.OptionalText(request.Reason, "reason", ChatalotLimits.ReasonMaxLength);
        await communities.RequireOutranksAsync(caller, communityId, userId, CommunityPermissions.TimeoutMembers, cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        if (request.Until <= now || request.Until > now.AddDays(ChatalotLimits.TimeoutMaxDays))
        {
            throw Fail.Validation("until", $"Must be in the future and at most {ChatalotLimits.TimeoutMaxDays} days ahead.");
        }

        var member = await db.CommunityMembers.FirstOrDefaultAsync(m => m.CommunityId == communityId && m.UserId == userId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The member");
        member.TimedOutUntil = request.Until;
        audit.Record(AuditAction.MemberTimedOut, caller.UserId, communityId, userId, reason: reason,
            detail: "until " + request.Until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await PublishMemberAsync(communityId, userId, cancellationToken).ConfigureAwait(false);
        await effects.MemberTimedOutAsync(userId, communityId, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveTimeoutAsync(Caller caller, Guid communityId, Guid userId, CancellationToken cancellationToken)
    {
        await communities.RequireOutranksAsync(caller, communityId, userId, CommunityPermissions.TimeoutMembers, cancellationToken).ConfigureAwait(false);
        var member = await db.CommunityMembers.FirstOrDefaultAsync(m => m.CommunityId == communityId && m.UserId == userId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The member");
        if (member.TimedOutUntil is null)
        {
            return;
        }

        member.TimedOutUntil = null;
        audit.Record(AuditAction.MemberTimeoutRemoved, caller.UserId, communityId, userId);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await PublishMemberAsync(communityId, userId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BulkDeleteResult> BulkDeleteAsync(Caller caller, Guid channelId, BulkDeleteRequest request, CancellationToken cancellationToken)
    {
        var a = await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        if (!a.CanModerate)
        {
            throw Fail.Forbidden("This needs the manage_messages permission.");
        }

        var ids = request.MessageIds ?? [];
        if (ids.Count is 0 or > ChatalotLimits.BulkDeleteMax || ids.Distinct().Count() != ids.Count)
        {
            throw Fail.Validation("message_ids", $"1-{ChatalotLimits.BulkDeleteMax} distinct message ids.");
        }

        var rows = await db.Messages.Where(m => m.ChannelId == channelId && ids.Contains(m.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count != ids.Count)
        {
            throw Fail.Validation("message_ids", "Every id must be a message of this channel.");
        }

        var deleted = 0;
        foreach (var row in rows)
        {
            deleted += await messages.SoftDeleteAsync(a.Channel, row, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        if (deleted > 0 && a.Channel.CommunityId is { } community)
        {
            audit.Record(AuditAction.MessagesBulkDeleted, caller.UserId, community, targetId: channelId, detail: $"{deleted} messages");
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return new BulkDeleteResult(deleted);
    }

    /// <summary>A ban's <c>delete_message_hours</c>: soft-deletes the user's messages in the community's channels since <paramref name="window"/> ago.</summary>
    public async Task<int> DeleteRecentMessagesAsync(Guid communityId, Guid userId, TimeSpan window, CancellationToken cancellationToken)
    {
        var since = clock.UtcNow - window;
        var channels = await db.Channels.AsNoTracking().Where(c => c.CommunityId == communityId).ToDictionaryAsync(c => c.Id, cancellationToken).ConfigureAwait(false);
        var channelIds = channels.Keys.ToList();
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.SenderId == userId && m.DeletedAt == null && channelIds.Contains(m.ChannelId)).OrderByDescending(m => m.Seq)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var row in rows.Where(r => r.CreatedAt >= since))
        {
            deleted += await messages.SoftDeleteAsync(channels[row.ChannelId], row, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return deleted;
    }

    /// <summary>
    /// The caller's resolved flags in a channel, or those of <paramref name="userId"/> (another reader of the channel: a
    /// bot checking its invoker for a permission precondition). Any member can already compute them from the roles,
    /// members and overrides it may list; a user who cannot read the channel is <c>404</c> like an unknown channel.
    /// </summary>
    public async Task<EffectivePermissions> PermissionsAsync(Caller caller, Guid channelId, Guid? userId, CancellationToken cancellationToken)
    {
        var a = await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        if (userId is { } other && other != caller.UserId)
        {
            a = await access.ChannelAccessAsync(other, channelId, cancellationToken).ConfigureAwait(false) is { CanRead: true } theirs
                ? theirs
                : throw Fail.NotFound("The user");
        }

        var until = a.TimedOutUntil > clock.UtcNow ? a.TimedOutUntil : null;
        return new EffectivePermissions(channelId, a.Permissions, until);
    }

    /// <summary>Tells the community a member changed (roles, rank or time-out).</summary>
    public async Task PublishMemberAsync(Guid communityId, Guid userId, CancellationToken cancellationToken)
    {
        if (await MemberAsync(communityId, userId, cancellationToken).ConfigureAwait(false) is { } member)
        {
            await effects.NotifyCommunityAsync(communityId, new MemberUpdatedEvent(communityId, member), null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<CommunityMember?> MemberAsync(Guid communityId, Guid userId, CancellationToken cancellationToken)
    {
        var row = await db.CommunityMembers.AsNoTracking().Where(m => m.CommunityId == communityId && m.UserId == userId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u.Username, u.DisplayName, u.AvatarId, u.IsBot })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var roleIds = await db.MemberRoles.AsNoTracking().Where(r => r.CommunityId == communityId && r.UserId == userId).Select(r => r.RoleId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        return new CommunityMember(row.m.UserId, row.Username, row.DisplayName, (CommunityRole)row.m.Role, row.m.JoinedAt, row.AvatarId)
        {
            RoleIds = roleIds,
            TimedOutUntil = row.m.TimedOutUntil > now ? row.m.TimedOutUntil : null,
            IsBot = row.IsBot,
        };
    }
}
