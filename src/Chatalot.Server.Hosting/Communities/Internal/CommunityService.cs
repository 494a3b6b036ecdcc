using Chatalot.Protocol;
using Chatalot.Protocol.Common;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Communities.Internal;

/// <summary>Communities, their members, roles and bans (docs/protocol/permissions.md §Communities).</summary>
internal sealed class CommunityService(ChatalotDbContext db, Clock clock, Access access, MembershipEffects effects, Admin.Internal.ServerSettingsService settings, Audit.Internal.AuditLog audit, IServiceProvider services)
{
    public async Task<Community> CreateAsync(Caller caller, CreateCommunityRequest request, CancellationToken cancellationToken)
    {
        await Bots.Internal.BotGuard.RefuseOwnershipAsync(db, caller.UserId, cancellationToken).ConfigureAwait(false);
        await settings.RequireMayCreateCommunityAsync(caller, cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        var community = new CommunityRow
        {
            Id = clock.NewId(),
            Name = Check.Name(request.Name, "name"),
            Description = Check.OptionalText(request.Description, "description", ChatalotLimits.DescriptionMaxLength),
            Discoverable = request.Discoverable,
            OwnerId = caller.UserId,
            CreatedAt = now,
        };
        await db.InTransactionAsync(async ct =>
        {
            // The per-user limit is a count then an insert: one user's creations take turns, and the count is taken
            // again under the lock, so two racing creations cannot both see the last free slot.
            await db.LockUserAsync(caller.UserId, ct).ConfigureAwait(false);
            await settings.RequireMayCreateCommunityAsync(caller, ct).ConfigureAwait(false);
            db.Communities.Add(community);
            db.CommunityMembers.Add(new CommunityMemberRow { CommunityId = community.Id, UserId = caller.UserId, Role = (int)CommunityRole.Owner, JoinedAt = now });
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return Mapper.ToDto(community, 1, CommunityRole.Owner, canMentionEveryone: true);
    }

    public async Task<IReadOnlyList<Community>> ListMineAsync(Caller caller, CancellationToken cancellationToken)
    {
        var rows = await db.CommunityMembers.AsNoTracking().Where(m => m.UserId == caller.UserId)
            .Join(db.Communities, m => m.CommunityId, c => c.Id, (m, c) => new { c, m.Role, Count = db.CommunityMembers.Count(x => x.CommunityId == c.Id) })
            .OrderBy(x => x.c.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        var communities = new List<Community>(rows.Count);
        foreach (var x in rows)
        {
            communities.Add(Mapper.ToDto(x.c, x.Count, (CommunityRole)x.Role, await CanMentionEveryoneAsync(caller, x.c.Id, cancellationToken).ConfigureAwait(false)));
        }

        return communities;
    }

    public async Task<Community> GetAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        var (community, role) = await access.RequireCommunityAsync(caller, communityId, CommunityRole.Member, cancellationToken).ConfigureAwait(false);
        return Mapper.ToDto(community, await CountAsync(communityId, cancellationToken).ConfigureAwait(false), role,
            await CanMentionEveryoneAsync(caller, communityId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Decided by the <c>mention_everyone</c> flag, so a custom role can grant it (permissions.md).</summary>
    private async Task<bool> CanMentionEveryoneAsync(Caller caller, Guid communityId, CancellationToken cancellationToken) =>
        (await access.MemberFactsAsync(caller.UserId, communityId, cancellationToken).ConfigureAwait(false))?.Has(Protocol.Roles.CommunityPermissions.MentionEveryone) == true;

    public async Task<Community> UpdateAsync(Caller caller, Guid communityId, UpdateCommunityRequest request, CancellationToken cancellationToken)
    {
        var (community, role) = await access.RequireCommunityAsync(caller, communityId, CommunityRole.Admin, cancellationToken).ConfigureAwait(false);
        community.Name = request.Name is null ? community.Name : Check.Name(request.Name, "name");
        community.Description = request.Description is null ? community.Description : Check.OptionalText(request.Description, "description", ChatalotLimits.DescriptionMaxLength);
        community.Discoverable = request.Discoverable ?? community.Discoverable;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var count = await CountAsync(communityId, cancellationToken).ConfigureAwait(false);
        await effects.NotifyCommunityAsync(communityId, new CommunityUpdatedEvent(Mapper.ToDto(community, count, null)), null, cancellationToken).ConfigureAwait(false);
        return Mapper.ToDto(community, count, role, canMentionEveryone: true);
    }

    /// <summary>The owner deletes a community; instance admins may too (abuse take-down) without being members.</summary>
    public async Task DeleteAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        var community = await db.Communities.FirstOrDefaultAsync(c => c.Id == communityId, cancellationToken).ConfigureAwait(false);
        var role = community is null ? null : await access.CommunityRoleAsync(caller.UserId, communityId, cancellationToken).ConfigureAwait(false);
        if (community is null || (role is null && !caller.IsInstanceAdmin))
        {
            throw Fail.NotFound("The community");
        }

        if (role != CommunityRole.Owner && !caller.IsInstanceAdmin)
        {
            throw Fail.Forbidden("Only the owner deletes a community.");
        }

        var members = await db.CommunityMembers.Where(m => m.CommunityId == communityId).Select(m => m.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var channelIds = await db.Channels.Where(c => c.CommunityId == communityId).Select(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var groupIds = await db.Groups.Where(g => g.CommunityId == communityId).Select(g => g.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        await db.InTransactionAsync(async ct =>
        {
            await db.MessageEdits.Where(e => db.Messages.Any(m => m.Id == e.MessageId && channelIds.Contains(m.ChannelId))).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Messages.Where(m => channelIds.Contains(m.ChannelId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.ChannelPins.Where(p => channelIds.Contains(p.ChannelId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.ReadStates.Where(r => channelIds.Contains(r.ChannelId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Channels.Where(c => c.CommunityId == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.GroupMembers.Where(m => groupIds.Contains(m.GroupId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Groups.Where(g => g.CommunityId == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Invites.Where(i => i.CommunityId == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.DirectInvites.Where(i => i.CommunityId == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.CommunityBans.Where(b => b.CommunityId == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.CustomEmoji.Where(e => e.CommunityId == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.PermissionOverrides.Where(o => o.CommunityId == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.MemberRoles.Where(r => r.CommunityId == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Roles.Where(r => r.CommunityId == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.CommunityMembers.Where(m => m.CommunityId == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Communities.Where(c => c.Id == communityId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        foreach (var channelId in channelIds)
        {
            await effects.ChannelDeletedAsync(channelId, null, members, cancellationToken).ConfigureAwait(false);
        }

        // The member rows are gone by now, so tell the members captured before the delete.
        await effects.NotifyUsersAsync(members, new CommunityDeletedEvent(communityId), cancellationToken).ConfigureAwait(false);
    }

    public async Task TransferOwnershipAsync(Caller caller, Guid communityId, TransferOwnershipRequest request, CancellationToken cancellationToken)
    {
        var (community, _) = await access.RequireCommunityAsync(caller, communityId, CommunityRole.Owner, cancellationToken).ConfigureAwait(false);
        var target = await db.CommunityMembers.FirstOrDefaultAsync(m => m.CommunityId == communityId && m.UserId == request.NewOwnerId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.Validation("new_owner_id", "The new owner must be a member.");
        if (target.UserId == caller.UserId)
        {
            return;
        }

        await Bots.Internal.BotGuard.RefuseOwnershipAsync(db, target.UserId, cancellationToken).ConfigureAwait(false);

        var me = await db.CommunityMembers.FirstAsync(m => m.CommunityId == communityId && m.UserId == caller.UserId, cancellationToken).ConfigureAwait(false);
        me.Role = (int)CommunityRole.Admin;
        target.Role = (int)CommunityRole.Owner;
        community.OwnerId = target.UserId;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var count = await CountAsync(communityId, cancellationToken).ConfigureAwait(false);
        await effects.NotifyCommunityAsync(communityId, new CommunityUpdatedEvent(Mapper.ToDto(community, count, null)), null, cancellationToken).ConfigureAwait(false);
    }

    public async Task LeaveAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        var (_, role) = await access.RequireCommunityAsync(caller, communityId, CommunityRole.Member, cancellationToken).ConfigureAwait(false);
        if (role == CommunityRole.Owner)
        {
            throw Fail.Conflict("The owner cannot leave; transfer ownership or delete the community.");
        }

        await RemoveAsync(communityId, caller.UserId, "left", cancellationToken).ConfigureAwait(false);
    }

    public async Task<MemberList> ListMembersAsync(Caller caller, Guid communityId, Guid? after, int? limit, CancellationToken cancellationToken)
    {
        await access.RequireCommunityAsync(caller, communityId, CommunityRole.Member, cancellationToken).ConfigureAwait(false);
        var take = Check.PageSize(limit, ChatalotLimits.MemberPageMaxSize);
        var query = db.CommunityMembers.AsNoTracking().Where(m => m.CommunityId == communityId);
        if (after is { } a)
        {
            // Members are paged by user id in the database's own uuid order.
            query = query.Where(m => m.UserId.CompareTo(a) > 0);
        }

        var rows = await query
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u.Username, u.DisplayName, u.AvatarId, u.IsBot })
            .OrderBy(r => r.m.UserId).Take(take + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var more = rows.Count > take;
        var now = clock.UtcNow;
        var pageIds = rows.Take(take).Select(r => r.m.UserId).ToList();
        var roleIds = (await db.MemberRoles.AsNoTracking().Where(r => r.CommunityId == communityId && pageIds.Contains(r.UserId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(r => r.UserId, r => r.RoleId);
        var page = rows.Take(take).Select(r => new CommunityMember(r.m.UserId, r.Username, r.DisplayName, (CommunityRole)r.m.Role, r.m.JoinedAt, r.AvatarId)
        {
            RoleIds = [.. roleIds[r.m.UserId]],
            TimedOutUntil = r.m.TimedOutUntil > now ? r.m.TimedOutUntil : null,
            IsBot = r.IsBot,
        }).ToList();
        return new MemberList(page, new PageInfo(more, more ? page[^1].UserId.ToString() : null));
    }

    public async Task SetRoleAsync(Caller caller, Guid communityId, Guid userId, UpdateMemberRoleRequest request, CancellationToken cancellationToken)
    {
        var (_, myRole) = await access.RequireCommunityAsync(caller, communityId, CommunityRole.Admin, cancellationToken).ConfigureAwait(false);
        var target = await db.CommunityMembers.FirstOrDefaultAsync(m => m.CommunityId == communityId && m.UserId == userId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The member");
        if (request.Role == CommunityRole.Owner || !Enum.IsDefined(request.Role))
        {
            throw Fail.Validation("role", "Ownership changes only by transfer.");
        }

        // Act only on members below you, and grant only roles below yours: admins appoint moderators, the owner appoints admins.
        if ((CommunityRole)target.Role >= myRole || request.Role >= myRole)
        {
            throw Fail.Forbidden("You can only change roles below your own.");
        }

        target.Role = (int)request.Role;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await effects.RevokeLostChannelsAsync(userId, communityId, "role_changed", cancellationToken).ConfigureAwait(false);
    }

    public async Task KickAsync(Caller caller, Guid communityId, Guid userId, CancellationToken cancellationToken)
    {
        await RequireOutranksAsync(caller, communityId, userId, Protocol.Roles.CommunityPermissions.KickMembers, cancellationToken).ConfigureAwait(false);
        audit.Record(Protocol.Audit.AuditAction.MemberKicked, caller.UserId, communityId, userId);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await RemoveAsync(communityId, userId, "kicked", cancellationToken).ConfigureAwait(false);
    }

    public async Task BanAsync(Caller caller, Guid communityId, Guid userId, BanRequest request, CancellationToken cancellationToken)
    {
        var reason = Check.OptionalText(request.Reason, "reason", ChatalotLimits.ReasonMaxLength);
        // One read of the target's role: a concurrent ban that removes the member between two reads must not turn
        // this one into a 404.
        var hours = request.DeleteMessageHours ?? 0;
        if (hours is < 0 or > ChatalotLimits.BanDeleteMessageHoursMax)
        {
            throw Fail.Validation("delete_message_hours", $"Must be 0-{ChatalotLimits.BanDeleteMessageHoursMax}.");
        }

        var me = await access.RequireCommunityPermissionAsync(caller, communityId, Protocol.Roles.CommunityPermissions.BanMembers, cancellationToken).ConfigureAwait(false);
        var target = await access.MemberFactsAsync(userId, communityId, cancellationToken).ConfigureAwait(false);
        var isMember = target is not null;
        if (target is not null && target.Standing >= me.Standing)
        {
            throw Fail.Forbidden("You can only act on members below your role.");
        }

        if (!isMember && !await db.Users.AnyAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.NotFound("The user");
        }

        if (!await db.CommunityBans.AnyAsync(b => b.CommunityId == communityId && b.UserId == userId, cancellationToken).ConfigureAwait(false))
        {
            db.CommunityBans.Add(new CommunityBanRow { CommunityId = communityId, UserId = userId, Reason = reason, BannedBy = caller.UserId, CreatedAt = clock.UtcNow });
            audit.Record(Protocol.Audit.AuditAction.MemberBanned, caller.UserId, communityId, userId, reason: reason, detail: hours > 0 ? $"deleting {hours} h of messages" : null);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        if (isMember)
        {
            await RemoveAsync(communityId, userId, "banned", cancellationToken).ConfigureAwait(false);
        }

        if (hours > 0)
        {
            var moderation = (Roles.Internal.ModerationService)services.GetService(typeof(Roles.Internal.ModerationService))!;
            await moderation.DeleteRecentMessagesAsync(communityId, userId, TimeSpan.FromHours(hours), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UnbanAsync(Caller caller, Guid communityId, Guid userId, CancellationToken cancellationToken)
    {
        await access.RequireCommunityPermissionAsync(caller, communityId, Protocol.Roles.CommunityPermissions.BanMembers, cancellationToken).ConfigureAwait(false);
        if (await db.CommunityBans.Where(b => b.CommunityId == communityId && b.UserId == userId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            audit.Record(Protocol.Audit.AuditAction.MemberUnbanned, caller.UserId, communityId, userId);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<CommunityBan>> ListBansAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        await access.RequireCommunityPermissionAsync(caller, communityId, Protocol.Roles.CommunityPermissions.BanMembers, cancellationToken).ConfigureAwait(false);
        return await db.CommunityBans.AsNoTracking().Where(b => b.CommunityId == communityId)
            .Select(b => new CommunityBan(b.UserId, b.Reason, b.BannedBy, b.CreatedAt)).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a member (invite acceptance) and auto-joins the community's public groups.</summary>
    public async Task JoinAsync(Guid communityId, Guid userId, CancellationToken cancellationToken)
    {
        if (await db.CommunityBans.AnyAsync(b => b.CommunityId == communityId && b.UserId == userId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Code(Protocol.Errors.ErrorCodes.Banned, 403, "You are banned from this community.");
        }

        if (await db.CommunityMembers.AnyAsync(m => m.CommunityId == communityId && m.UserId == userId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var now = clock.UtcNow;
        db.CommunityMembers.Add(new CommunityMemberRow { CommunityId = communityId, UserId = userId, Role = (int)CommunityRole.Member, JoinedAt = now });
        var publicGroups = await db.Groups.Where(g => g.CommunityId == communityId && g.Visibility == (int)GroupVisibility.Public)
            .Select(g => g.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var already = await db.GroupMembers.Where(m => m.UserId == userId && publicGroups.Contains(m.GroupId)).Select(m => m.GroupId).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var groupId in publicGroups.Except(already))
        {
            db.GroupMembers.Add(new GroupMemberRow { GroupId = groupId, UserId = userId, Role = (int)GroupRole.Member, JoinedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await effects.CommunityMemberJoinedAsync(communityId, userId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The caller holds <paramref name="flag"/> and stands above the target (owner, admin, moderator, then roles by position).</summary>
    internal async Task<(Roles.Internal.MemberFacts Me, Roles.Internal.MemberFacts Target)> RequireOutranksAsync(Caller caller, Guid communityId, Guid userId, Protocol.Roles.CommunityPermissions flag, CancellationToken cancellationToken)
    {
        var me = await access.RequireCommunityPermissionAsync(caller, communityId, flag, cancellationToken).ConfigureAwait(false);
        var target = await access.MemberFactsAsync(userId, communityId, cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The member");
        if (target.Standing >= me.Standing)
        {
            throw Fail.Forbidden("You can only act on members below your role.");
        }

        return (me, target);
    }

    private async Task RemoveAsync(Guid communityId, Guid userId, string reason, CancellationToken cancellationToken)
    {
        var groupIds = db.Groups.Where(g => g.CommunityId == communityId).Select(g => g.Id);
        await db.InTransactionAsync(async ct =>
        {
            await db.GroupMembers.Where(m => m.UserId == userId && groupIds.Contains(m.GroupId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.MemberRoles.Where(r => r.CommunityId == communityId && r.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.PermissionOverrides.Where(o => o.CommunityId == communityId && o.TargetKind == (int)Protocol.Roles.OverrideTargetKind.Member && o.TargetId == userId)
                .ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.CommunityMembers.Where(m => m.CommunityId == communityId && m.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await effects.RevokeLostChannelsAsync(userId, communityId, "member_removed", cancellationToken).ConfigureAwait(false);
        await effects.NotifyCommunityAsync(communityId, new MemberRemovedEvent(communityId, null, userId, reason), userId, cancellationToken).ConfigureAwait(false);
    }

    private Task<int> CountAsync(Guid communityId, CancellationToken cancellationToken) =>
        db.CommunityMembers.CountAsync(m => m.CommunityId == communityId, cancellationToken);
}
