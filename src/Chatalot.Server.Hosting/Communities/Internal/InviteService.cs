using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Communities.Internal;

/// <summary>Community and group invite codes with max uses and expiry, counted atomically.</summary>
internal sealed class InviteService(ChatalotDbContext db, Clock clock, Access access, CommunityService communities, GroupService groups)
{
    public async Task<Invite> CreateCommunityInviteAsync(Caller caller, Guid communityId, CreateInviteRequest request, CancellationToken cancellationToken)
    {
        await access.RequireCommunityPermissionAsync(caller, communityId, Protocol.Roles.CommunityPermissions.CreateInvites, cancellationToken).ConfigureAwait(false);
        return await CreateAsync(caller, communityId, null, request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Invite> CreateGroupInviteAsync(Caller caller, Guid groupId, CreateInviteRequest request, CancellationToken cancellationToken)
    {
        var a = await access.RequireGroupAsync(caller, groupId, x => x.CanManage, cancellationToken).ConfigureAwait(false);
        return await CreateAsync(caller, a.Group.CommunityId, groupId, request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Invite>> ListCommunityInvitesAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        await access.RequireCommunityPermissionAsync(caller, communityId, Protocol.Roles.CommunityPermissions.ManageInvites, cancellationToken).ConfigureAwait(false);
        var rows = await db.Invites.AsNoTracking().Where(i => i.CommunityId == communityId && i.GroupId == null).OrderBy(i => i.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(Mapper.ToDto)];
    }

    public async Task<IReadOnlyList<Invite>> ListGroupInvitesAsync(Caller caller, Guid groupId, CancellationToken cancellationToken)
    {
        await access.RequireGroupAsync(caller, groupId, x => x.CanManage, cancellationToken).ConfigureAwait(false);
        var rows = await db.Invites.AsNoTracking().Where(i => i.GroupId == groupId).OrderBy(i => i.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(Mapper.ToDto)];
    }

    public async Task DeleteAsync(Caller caller, Guid inviteId, Guid? communityId, Guid? groupId, CancellationToken cancellationToken)
    {
        var invite = await db.Invites.FirstOrDefaultAsync(i => i.Id == inviteId, cancellationToken).ConfigureAwait(false);
        if (invite is null || (communityId is { } c && (invite.CommunityId != c || invite.GroupId is not null)) || (groupId is { } g0 && invite.GroupId != g0))
        {
            throw Fail.NotFound("The invite");
        }

        var allowed = invite.CreatedBy == caller.UserId;
        if (!allowed && invite.GroupId is { } g)
        {
            allowed = (await access.GroupAccessAsync(caller.UserId, g, cancellationToken).ConfigureAwait(false))?.CanManage == true;
        }

        allowed |= (await access.MemberFactsAsync(caller.UserId, invite.CommunityId, cancellationToken).ConfigureAwait(false))?.Has(Protocol.Roles.CommunityPermissions.ManageInvites) == true;
        if (!allowed)
        {
            throw Fail.NotFound("The invite");
        }

        db.Invites.Remove(invite);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A community's name is shown when it is discoverable or to its members; a group's name only when the group is
    /// discoverable (in a shown community) or to those who can see the group anyway (the rule of <c>GET /groups/{id}</c>),
    /// so a community member outside a private, undiscoverable group learns nothing of it from an invite.
    /// </summary>
    public async Task<InvitePreview> PreviewAsync(Caller caller, string code, CancellationToken cancellationToken) =>
        await BuildPreviewAsync(caller, await UsableAsync(code, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private async Task<InvitePreview> BuildPreviewAsync(Caller caller, InviteRow invite, CancellationToken cancellationToken)
    {
        var community = await db.Communities.AsNoTracking().FirstAsync(c => c.Id == invite.CommunityId, cancellationToken).ConfigureAwait(false);
        var isMember = await access.CommunityRoleAsync(caller.UserId, community.Id, cancellationToken).ConfigureAwait(false) is not null;
        var show = community.Discoverable || isMember;
        var group = invite.GroupId is { } gid ? await db.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == gid, cancellationToken).ConfigureAwait(false) : null;
        var canSeeGroup = group is not null && (await access.GroupAccessAsync(caller.UserId, group.Id, cancellationToken).ConfigureAwait(false))?.CanSee == true;
        var showGroup = group is not null && ((show && group.Discoverable) || canSeeGroup);
        var count = show ? await db.CommunityMembers.CountAsync(m => m.CommunityId == community.Id, cancellationToken).ConfigureAwait(false) : (int?)null;
        return new InvitePreview(invite.Code, community.Id, show ? community.Name : null, group?.Id, showGroup ? group!.Name : null, count);
    }

    public async Task<InvitePreview> AcceptAsync(Caller caller, string code, CancellationToken cancellationToken)
    {
        var invite = await UsableAsync(code, cancellationToken).ConfigureAwait(false);
        if (invite.GroupId is { } groupId)
        {
            // Group invites admit community members only.
            var a = await access.GroupAccessAsync(caller.UserId, groupId, cancellationToken).ConfigureAwait(false);
            if (a is null || !a.IsCommunityMember)
            {
                throw Fail.Code(ErrorCodes.InviteInvalid, 403, "Join the community before accepting a group invite.");
            }

            if (a.GroupRole is null)
            {
                await ConsumeAsync(invite, cancellationToken).ConfigureAwait(false);
                await groups.AddMemberAsync(a.Group, caller.UserId, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (await access.CommunityRoleAsync(caller.UserId, invite.CommunityId, cancellationToken).ConfigureAwait(false) is null)
        {
            if (await db.CommunityBans.AnyAsync(b => b.CommunityId == invite.CommunityId && b.UserId == caller.UserId, cancellationToken).ConfigureAwait(false))
            {
                throw Fail.Code(ErrorCodes.Banned, 403, "You are banned from this community.");
            }

            await ConsumeAsync(invite, cancellationToken).ConfigureAwait(false);
            await communities.JoinAsync(invite.CommunityId, caller.UserId, cancellationToken).ConfigureAwait(false);
        }

        return await BuildPreviewAsync(caller, invite, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Invite> CreateAsync(Caller caller, Guid communityId, Guid? groupId, CreateInviteRequest request, CancellationToken cancellationToken)
    {
        Check.InviteLimits(request.MaxUses, request.ExpiresInHours);
        var now = clock.UtcNow;
        var row = new InviteRow
        {
            Id = clock.NewId(),
            Code = Codes.NewInviteCode(),
            CommunityId = communityId,
            GroupId = groupId,
            MaxUses = request.MaxUses,
            ExpiresAt = request.ExpiresInHours is { } h ? now.AddHours(h) : null,
            CreatedBy = caller.UserId,
            CreatedAt = now,
        };
        db.Invites.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return Mapper.ToDto(row);
    }

    private async Task<InviteRow> UsableAsync(string code, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var invite = code.Length > 32 ? null : await db.Invites.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, cancellationToken).ConfigureAwait(false);
        if (invite is null || invite.ExpiresAt <= now || invite.Uses >= invite.MaxUses)
        {
            throw Fail.Code(ErrorCodes.InviteInvalid, 404, "The invite code is invalid, expired or used up.");
        }

        return invite;
    }

    /// <summary>Counts a use with a conditional update, so concurrent accepts never exceed max uses.</summary>
    private async Task ConsumeAsync(InviteRow invite, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var used = await db.Invites.Where(i => i.Id == invite.Id && (i.ExpiresAt == null || i.ExpiresAt > now) && (i.MaxUses == null || i.Uses < i.MaxUses))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Uses, i => i.Uses + 1), cancellationToken).ConfigureAwait(false);
        if (used == 0)
        {
            throw Fail.Code(ErrorCodes.InviteInvalid, 404, "The invite code is invalid, expired or used up.");
        }
    }
}
