using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Communities.Internal;

/// <summary>
/// Makes membership changes take effect on live gateway connections at once (the original's W6): after a removal or
/// demotion, every channel of the community the user can no longer read is revoked from their subscriptions, and the
/// user leaves the calls of those channels (calls.md §2, <c>access_lost</c>).
/// </summary>
internal sealed class MembershipEffects(ChatalotDbContext db, Access access, IGatewayPublisher gateway, PresenceTracker presence, Voice.Internal.VoiceTracker voice)
{
    /// <summary>Announces a new community member and exchanges presence between them and the community.</summary>
    public async Task CommunityMemberJoinedAsync(Guid communityId, Guid userId, CancellationToken cancellationToken)
    {
        var members = await db.CommunityMembers.AsNoTracking().Where(m => m.CommunityId == communityId).Select(m => m.UserId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        await gateway.PublishToUsersAsync(members, new MemberJoinedEvent(communityId, null, userId), cancellationToken).ConfigureAwait(false);
        await presence.MemberJoinedAsync(userId, members, cancellationToken).ConfigureAwait(false);
    }

    public async Task RevokeLostChannelsAsync(Guid userId, Guid communityId, string reason, CancellationToken cancellationToken)
    {
        var channelIds = await db.Channels.AsNoTracking().Where(c => c.CommunityId == communityId).Select(c => c.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var readable = (await access.ReadableChannelIdsAsync(userId, cancellationToken).ConfigureAwait(false)).ToHashSet();
        var lost = channelIds.Where(id => !readable.Contains(id)).ToList();
        if (lost.Count > 0)
        {
            await gateway.RevokeChannelAccessAsync(userId, lost, reason, cancellationToken).ConfigureAwait(false);
            await voice.AccessLostAsync(userId, lost, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A timed-out member cannot be in the community's calls.</summary>
    public Task MemberTimedOutAsync(Guid userId, Guid communityId, CancellationToken cancellationToken) =>
        voice.TimedOutAsync(userId, communityId, cancellationToken);

    /// <summary>Tells readers a channel is gone and ends every subscription to it.</summary>
    public async Task ChannelDeletedAsync(Guid channelId, Guid? groupId, IReadOnlyCollection<Guid> users, CancellationToken cancellationToken)
    {
        await gateway.PublishToChannelAsync(channelId, new ChannelDeletedEvent(channelId, groupId), users, cancellationToken).ConfigureAwait(false);
        await voice.ChannelGoneAsync(channelId, cancellationToken).ConfigureAwait(false);
        foreach (var user in users)
        {
            await gateway.RevokeChannelAccessAsync(user, [channelId], "channel_deleted", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Users who can read a group's channels: its members and the community's admins and owner.</summary>
    public async Task<List<Guid>> GroupReadersAsync(Guid groupId, Guid communityId, CancellationToken cancellationToken)
    {
        var members = await db.GroupMembers.AsNoTracking().Where(m => m.GroupId == groupId).Select(m => m.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var admins = await db.CommunityMembers.AsNoTracking().Where(m => m.CommunityId == communityId && m.Role >= (int)Protocol.Communities.CommunityRole.Admin)
            .Select(m => m.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. members.Union(admins)];
    }

    /// <summary>Tells everyone who can see a group about it (all community members for public or discoverable groups).</summary>
    public async Task NotifyGroupAsync(GroupRow group, ServerEvent evt, CancellationToken cancellationToken)
    {
        if (group.Visibility == (int)Protocol.Groups.GroupVisibility.Public || group.Discoverable)
        {
            await NotifyCommunityAsync(group.CommunityId, evt, null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await gateway.PublishToUsersAsync(await GroupReadersAsync(group.Id, group.CommunityId, cancellationToken).ConfigureAwait(false), evt, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask NotifyUsersAsync(IReadOnlyCollection<Guid> users, ServerEvent evt, CancellationToken cancellationToken) =>
        gateway.PublishToUsersAsync(users, evt, cancellationToken);

    public async Task NotifyCommunityAsync(Guid communityId, ServerEvent evt, Guid? alsoUser, CancellationToken cancellationToken)
    {
        var members = await db.CommunityMembers.AsNoTracking().Where(m => m.CommunityId == communityId).Select(m => m.UserId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (alsoUser is { } extra && !members.Contains(extra))
        {
            members.Add(extra);
        }

        await gateway.PublishToUsersAsync(members, evt, cancellationToken).ConfigureAwait(false);
    }
}
