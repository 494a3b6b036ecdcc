using Chatalot.Protocol;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Common;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Communities.Internal;

/// <summary>Groups inside communities and their members (docs/protocol/permissions.md §Groups).</summary>
internal sealed class GroupService(ChatalotDbContext db, Clock clock, Access access, MembershipEffects effects)
{
    public async Task<Group> CreateAsync(Caller caller, Guid communityId, CreateGroupRequest request, CancellationToken cancellationToken)
    {
        await access.RequireCommunityPermissionAsync(caller, communityId, Protocol.Roles.CommunityPermissions.ManageGroups, cancellationToken).ConfigureAwait(false);
        if (!Enum.IsDefined(request.Visibility))
        {
            throw Fail.Validation("visibility", "Must be public or private.");
        }

        var now = clock.UtcNow;
        var group = new GroupRow
        {
            Id = clock.NewId(),
            CommunityId = communityId,
            Name = Check.Name(request.Name, "name"),
            Description = Check.OptionalText(request.Description, "description", ChatalotLimits.DescriptionMaxLength),
            Visibility = (int)request.Visibility,
            Discoverable = request.Discoverable,
            OwnerId = caller.UserId,
            CreatedAt = now,
        };
        db.Groups.Add(group);
        db.GroupMembers.Add(new GroupMemberRow { GroupId = group.Id, UserId = caller.UserId, Role = (int)GroupRole.Owner, JoinedAt = now });
        if (request.Visibility == GroupVisibility.Public)
        {
            var others = await db.CommunityMembers.Where(m => m.CommunityId == communityId && m.UserId != caller.UserId).Select(m => m.UserId)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            db.GroupMembers.AddRange(others.Select(u => new GroupMemberRow { GroupId = group.Id, UserId = u, Role = (int)GroupRole.Member, JoinedAt = now }));
        }

        db.Channels.Add(new ChannelRow { Id = clock.NewId(), Type = (int)ChannelType.Text, CommunityId = communityId, GroupId = group.Id, Name = "general", CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await effects.NotifyGroupAsync(group, new GroupUpdatedEvent(Mapper.ToDto(group, null)), cancellationToken).ConfigureAwait(false);
        return Mapper.ToDto(group, GroupRole.Owner);
    }

    public async Task<IReadOnlyList<Group>> ListAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        var (_, role) = await access.RequireCommunityAsync(caller, communityId, CommunityRole.Member, cancellationToken).ConfigureAwait(false);
        var groups = await db.Groups.AsNoTracking().Where(g => g.CommunityId == communityId).OrderBy(g => g.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        var mine = await db.GroupMembers.AsNoTracking().Where(m => m.UserId == caller.UserId).ToDictionaryAsync(m => m.GroupId, m => (GroupRole)m.Role, cancellationToken).ConfigureAwait(false);
        return [.. groups
            .Select(g => new GroupAccess(g, role, mine.TryGetValue(g.Id, out var r) ? r : null))
            .Where(a => a.CanSee)
            .Select(a => Mapper.ToDto(a.Group, a.GroupRole))];
    }

    public async Task<Group> GetAsync(Caller caller, Guid groupId, CancellationToken cancellationToken)
    {
        var a = await access.RequireGroupAsync(caller, groupId, _ => true, cancellationToken).ConfigureAwait(false);
        return Mapper.ToDto(a.Group, a.GroupRole);
    }

    public async Task<Group> UpdateAsync(Caller caller, Guid groupId, UpdateGroupRequest request, CancellationToken cancellationToken)
    {
        var a = await access.RequireGroupAsync(caller, groupId, x => x.CanManage, cancellationToken).ConfigureAwait(false);
        var g = a.Group;
        g.Name = request.Name is null ? g.Name : Check.Name(request.Name, "name");
        g.Description = request.Description is null ? g.Description : Check.OptionalText(request.Description, "description", ChatalotLimits.DescriptionMaxLength);
        if (request.Visibility is { } v)
        {
            g.Visibility = Enum.IsDefined(v) ? (int)v : throw Fail.Validation("visibility", "Must be public or private.");
        }

        g.Discoverable = request.Discoverable ?? g.Discoverable;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await effects.NotifyGroupAsync(g, new GroupUpdatedEvent(Mapper.ToDto(g, null)), cancellationToken).ConfigureAwait(false);
        return Mapper.ToDto(g, a.GroupRole);
    }

    public async Task DeleteAsync(Caller caller, Guid groupId, CancellationToken cancellationToken)
    {
        var a = await access.RequireGroupAsync(caller, groupId, x => x.GroupRole == GroupRole.Owner || x.CommunityRole >= CommunityRole.Admin, cancellationToken).ConfigureAwait(false);
        var channelIds = await db.Channels.Where(c => c.GroupId == groupId).Select(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var readers = await db.CommunityMembers.Where(m => m.CommunityId == a.Group.CommunityId).Select(m => m.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
        await db.InTransactionAsync(async ct =>
        {
            await db.MessageEdits.Where(e => db.Messages.Any(m => m.Id == e.MessageId && channelIds.Contains(m.ChannelId))).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Messages.Where(m => channelIds.Contains(m.ChannelId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.ChannelPins.Where(p => channelIds.Contains(p.ChannelId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.ReadStates.Where(r => channelIds.Contains(r.ChannelId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.PermissionOverrides.Where(o => o.ScopeId == groupId || channelIds.Contains(o.ScopeId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Channels.Where(c => c.GroupId == groupId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Invites.Where(i => i.GroupId == groupId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.GroupMembers.Where(m => m.GroupId == groupId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Groups.Where(g => g.Id == groupId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        foreach (var channelId in channelIds)
        {
            await effects.ChannelDeletedAsync(channelId, groupId, readers, cancellationToken).ConfigureAwait(false);
        }

        await effects.NotifyCommunityAsync(a.Group.CommunityId, new GroupDeletedEvent(a.Group.CommunityId, groupId), null, cancellationToken).ConfigureAwait(false);
    }

    public async Task TransferOwnershipAsync(Caller caller, Guid groupId, TransferOwnershipRequest request, CancellationToken cancellationToken)
    {
        var a = await access.RequireGroupAsync(caller, groupId, x => x.GroupRole == GroupRole.Owner, cancellationToken).ConfigureAwait(false);
        var target = await db.GroupMembers.FirstOrDefaultAsync(m => m.GroupId == groupId && m.UserId == request.NewOwnerId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.Validation("new_owner_id", "The new owner must be a member.");
        var me = await db.GroupMembers.FirstAsync(m => m.GroupId == groupId && m.UserId == caller.UserId, cancellationToken).ConfigureAwait(false);
        if (target.UserId != me.UserId)
        {
            me.Role = (int)GroupRole.Admin;
            target.Role = (int)GroupRole.Owner;
            a.Group.OwnerId = target.UserId;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Joining without an invite works only for public groups (the original's W1/W21 let anyone in).</summary>
    public async Task<Group> JoinAsync(Caller caller, Guid groupId, CancellationToken cancellationToken)
    {
        var a = await access.RequireGroupAsync(caller, groupId, x => x.IsCommunityMember, cancellationToken).ConfigureAwait(false);
        if (a.Group.Visibility != (int)GroupVisibility.Public && a.GroupRole is null)
        {
            throw Fail.Forbidden("Private groups need an invite.");
        }

        await AddMemberAsync(a.Group, caller.UserId, cancellationToken).ConfigureAwait(false);
        return Mapper.ToDto(a.Group, a.GroupRole ?? GroupRole.Member);
    }

    public async Task AddMemberAsync(GroupRow group, Guid userId, CancellationToken cancellationToken)
    {
        if (!await db.GroupMembers.AnyAsync(m => m.GroupId == group.Id && m.UserId == userId, cancellationToken).ConfigureAwait(false))
        {
            db.GroupMembers.Add(new GroupMemberRow { GroupId = group.Id, UserId = userId, Role = (int)GroupRole.Member, JoinedAt = clock.UtcNow });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await effects.NotifyCommunityAsync(group.CommunityId, new MemberJoinedEvent(group.CommunityId, group.Id, userId), null, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task LeaveAsync(Caller caller, Guid groupId, CancellationToken cancellationToken)
    {
        var a = await access.RequireGroupAsync(caller, groupId, x => x.GroupRole is not null, cancellationToken).ConfigureAwait(false);
        if (a.GroupRole == GroupRole.Owner)
        {
            throw Fail.Conflict("The owner cannot leave; transfer ownership or delete the group.");
        }

        await RemoveMemberAsync(a.Group, caller.UserId, "left", cancellationToken).ConfigureAwait(false);
    }

    public async Task KickAsync(Caller caller, Guid groupId, Guid userId, CancellationToken cancellationToken)
    {
        var a = await access.RequireGroupAsync(caller, groupId, x => x.CanManage, cancellationToken).ConfigureAwait(false);
        var target = await access.GroupAccessAsync(userId, groupId, cancellationToken).ConfigureAwait(false);
        if (target?.GroupRole is null)
        {
            throw Fail.NotFound("The member");
        }

        if (target.EffectiveRole >= a.EffectiveRole && !(a.CommunityRole > target.CommunityRole && a.CommunityRole >= CommunityRole.Admin))
        {
            throw Fail.Forbidden("You can only remove members below your role.");
        }

        if (target.GroupRole == GroupRole.Owner)
        {
            throw Fail.Forbidden("The group owner cannot be removed.");
        }

        await RemoveMemberAsync(a.Group, userId, "kicked", cancellationToken).ConfigureAwait(false);
    }

    public async Task<GroupMemberList> ListMembersAsync(Caller caller, Guid groupId, Guid? after, int? limit, CancellationToken cancellationToken)
    {
        await access.RequireGroupAsync(caller, groupId, x => x.CanReadChannels, cancellationToken).ConfigureAwait(false);
        var take = Check.PageSize(limit, ChatalotLimits.MemberPageMaxSize);
        var query = db.GroupMembers.AsNoTracking().Where(m => m.GroupId == groupId);
        if (after is { } a)
        {
            // Members are paged by user id in the database's own uuid order, as community members are.
            query = query.Where(m => m.UserId.CompareTo(a) > 0);
        }

        var rows = await query.OrderBy(m => m.UserId).Take(take + 1)
            .Select(m => new GroupMember(m.UserId, (GroupRole)m.Role, m.JoinedAt)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var more = rows.Count > take;
        var page = rows.Take(take).ToList();
        return new GroupMemberList(page, new PageInfo(more, more ? page[^1].UserId.ToString() : null));
    }

    public async Task SetMemberRoleAsync(Caller caller, Guid groupId, Guid userId, UpdateGroupMemberRoleRequest request, CancellationToken cancellationToken)
    {
        var a = await access.RequireGroupAsync(caller, groupId, x => x.CanManage, cancellationToken).ConfigureAwait(false);
        var target = await db.GroupMembers.FirstOrDefaultAsync(m => m.GroupId == groupId && m.UserId == userId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The member");
        if (request.Role == GroupRole.Owner || !Enum.IsDefined(request.Role))
        {
            throw Fail.Validation("role", "Ownership changes only by transfer.");
        }

        // Only the group owner (or a community admin) appoints group admins; nobody changes the owner's role.
        var canAppointAdmins = a.GroupRole == GroupRole.Owner || a.CommunityRole >= CommunityRole.Admin;
        if (target.Role == (int)GroupRole.Owner || ((request.Role == GroupRole.Admin || target.Role == (int)GroupRole.Admin) && !canAppointAdmins))
        {
            throw Fail.Forbidden("You can only change roles below your own.");
        }

        target.Role = (int)request.Role;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RemoveMemberAsync(GroupRow group, Guid userId, string reason, CancellationToken cancellationToken)
    {
        await db.GroupMembers.Where(m => m.GroupId == group.Id && m.UserId == userId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await effects.RevokeLostChannelsAsync(userId, group.CommunityId, "member_removed", cancellationToken).ConfigureAwait(false);
        await effects.NotifyCommunityAsync(group.CommunityId, new MemberRemovedEvent(group.CommunityId, group.Id, userId, reason), userId, cancellationToken).ConfigureAwait(false);
    }
}
