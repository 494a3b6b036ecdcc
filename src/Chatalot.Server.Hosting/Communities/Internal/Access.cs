using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Communities.Internal;

/// <summary>What a caller may do in a group (docs/protocol/permissions.md §Groups).</summary>
internal sealed record GroupAccess(GroupRow Group, CommunityRole? CommunityRole, GroupRole? GroupRole)
{
    /// <summary>Group role, raised to admin for community admins and owners (they manage every group of their community).</summary>
    public GroupRole? EffectiveRole => CommunityRole >= Protocol.Communities.CommunityRole.Admin
        ? (GroupRole is Protocol.Groups.GroupRole.Owner ? Protocol.Groups.GroupRole.Owner : Protocol.Groups.GroupRole.Admin)
        : GroupRole;

    public bool IsCommunityMember => CommunityRole is not null;

    public bool CanReadChannels => EffectiveRole is not null;

    public bool CanManage => EffectiveRole >= Protocol.Groups.GroupRole.Admin;

    /// <summary>Deleting others' messages and posting in read-only channels: group admins and community moderators.</summary>
    public bool CanModerate => CanManage || CommunityRole >= Protocol.Communities.CommunityRole.Moderator;

    /// <summary>Seeing the group exists: members, community admins, and community members for public or discoverable groups.</summary>
    public bool CanSee => EffectiveRole is not null || (IsCommunityMember && (Group.Visibility == (int)GroupVisibility.Public || Group.Discoverable));
}

/// <summary>What a caller may do in a channel (docs/protocol/permissions.md §Channels).</summary>
internal sealed record ChannelAccess(ChannelRow Channel, GroupAccess? Group, bool IsDmParticipant)
{
    public bool CanRead => Channel.Type == (int)ChannelType.Dm ? IsDmParticipant : Group?.CanReadChannels == true;

    public bool CanModerate => Group?.CanModerate == true;

    public bool CanManage => Group?.CanManage == true;
}

/// <summary>Role look-ups shared by every route. Unknown and invisible resources are both reported as 404.</summary>
internal sealed class Access(ChatalotDbContext db)
{
    public async Task<CommunityRole?> CommunityRoleAsync(Guid userId, Guid communityId, CancellationToken cancellationToken)
    {
        var role = await db.CommunityMembers.AsNoTracking().Where(m => m.CommunityId == communityId && m.UserId == userId)
            .Select(m => (int?)m.Role).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return role is null ? null : (CommunityRole)role.Value;
    }

    /// <summary>The caller's community role; 404 when the community does not exist or the caller is not a member.</summary>
    public async Task<(CommunityRow Community, CommunityRole Role)> RequireCommunityAsync(Caller caller, Guid communityId, CommunityRole minimum, CancellationToken cancellationToken)
    {
        var community = await db.Communities.FirstOrDefaultAsync(c => c.Id == communityId, cancellationToken).ConfigureAwait(false);
        var role = community is null ? null : await CommunityRoleAsync(caller.UserId, communityId, cancellationToken).ConfigureAwait(false);
        if (community is null || role is null)
        {
            throw Fail.NotFound("The community");
        }

        if (role < minimum)
        {
            throw Fail.Forbidden();
        }

        return (community, role.Value);
    }

    public async Task<GroupAccess?> GroupAccessAsync(Guid userId, Guid groupId, CancellationToken cancellationToken)
    {
        var group = await db.Groups.FirstOrDefaultAsync(g => g.Id == groupId, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            return null;
        }

        var communityRole = await CommunityRoleAsync(userId, group.CommunityId, cancellationToken).ConfigureAwait(false);
        var groupRole = await db.GroupMembers.AsNoTracking().Where(m => m.GroupId == groupId && m.UserId == userId)
            .Select(m => (int?)m.Role).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        // A group member who left the community keeps no rights in its groups.
        return new GroupAccess(group, communityRole, communityRole is null || groupRole is null ? null : (GroupRole)groupRole.Value);
    }

    public async Task<GroupAccess> RequireGroupAsync(Caller caller, Guid groupId, Func<GroupAccess, bool> allowed, CancellationToken cancellationToken)
    {
        var access = await GroupAccessAsync(caller.UserId, groupId, cancellationToken).ConfigureAwait(false);
        if (access is null || !access.CanSee)
        {
            throw Fail.NotFound("The group");
        }

        return allowed(access) ? access : throw Fail.Forbidden();
    }

    public async Task<ChannelAccess?> ChannelAccessAsync(Guid userId, Guid channelId, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Id == channelId, cancellationToken).ConfigureAwait(false);
        if (channel is null)
        {
            return null;
        }

        if (channel.Type == (int)ChannelType.Dm)
        {
            return new ChannelAccess(channel, null, channel.DmUserLow == userId || channel.DmUserHigh == userId);
        }

        var group = channel.GroupId is { } g ? await GroupAccessAsync(userId, g, cancellationToken).ConfigureAwait(false) : null;
        return new ChannelAccess(channel, group, false);
    }

    /// <summary>The channel if the caller can read it; 404 otherwise (a private channel's existence is not revealed).</summary>
    public async Task<ChannelAccess> RequireChannelAsync(Caller caller, Guid channelId, CancellationToken cancellationToken)
    {
        var access = await ChannelAccessAsync(caller.UserId, channelId, cancellationToken).ConfigureAwait(false);
        return access is { CanRead: true } ? access : throw Fail.NotFound("The channel");
    }

    /// <summary>Ids of every channel the user can read: group channels of their groups (or all, for community admins) and their DMs.</summary>
    public async Task<List<Guid>> ReadableChannelIdsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var adminCommunities = db.CommunityMembers.Where(m => m.UserId == userId && m.Role >= (int)CommunityRole.Admin).Select(m => m.CommunityId);
        var memberCommunities = db.CommunityMembers.Where(m => m.UserId == userId).Select(m => m.CommunityId);
        var myGroups = db.GroupMembers.Where(m => m.UserId == userId).Select(m => m.GroupId);
        return await db.Channels.AsNoTracking()
            .Where(c => (c.DmUserLow == userId || c.DmUserHigh == userId) ||
                (c.GroupId != null && c.CommunityId != null && memberCommunities.Contains(c.CommunityId.Value) &&
                    (myGroups.Contains(c.GroupId.Value) || adminCommunities.Contains(c.CommunityId.Value))))
            .Select(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
