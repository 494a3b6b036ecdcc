using System.Text.RegularExpressions;
using Chatalot.Protocol;
using Chatalot.Protocol.Audit;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Roles;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Audit.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Roles.Internal;

/// <summary>
/// Custom roles, their assignment and group/channel overrides (permissions.md §Roles, §Overrides). Discord's rule
/// throughout: <c>manage_roles</c>, and you only touch roles below your own highest one and flags you hold yourself.
/// </summary>
internal sealed partial class RoleService(ChatalotDbContext db, Clock clock, Access access, MembershipEffects effects, ModerationService moderation, AuditLog audit)
{
    public async Task<IReadOnlyList<Role>> ListAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        _ = await access.MemberFactsAsync(caller.UserId, communityId, cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The community");
        return await RolesAsync(communityId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Role> CreateAsync(Caller caller, Guid communityId, CreateRoleRequest request, CancellationToken cancellationToken)
    {
        var me = await access.RequireCommunityPermissionAsync(caller, communityId, CommunityPermissions.ManageRoles, cancellationToken).ConfigureAwait(false);
        var name = RoleName(request.Name);
        var color = Color(request.Color);
        RequireHeld(me, request.Permissions);

        // The new role takes position 1 and lifts the others by one, so it sits below every role, the caller's too.
        if (me.Rank < CommunityRole.Moderator && me.TopPosition < 1)
        {
            throw Fail.Forbidden("You can only create roles below your own highest role.");
        }

        var row = new RoleRow
        {
            Id = clock.NewId(), CommunityId = communityId, Name = name, Color = color, Position = 1, Permissions = (long)(request.Permissions & CommunityPermissions.All),
            Hoist = request.Hoist, Mentionable = request.Mentionable, CreatedAt = clock.UtcNow,
        };
        await db.InTransactionAsync(async ct =>
        {
            // Creates, deletes and reorders of one community's roles take turns (RowLocks): a concurrent create's
            // role would otherwise miss this shift and share position 1, and the count would let both pass the limit.
            await db.LockCommunityAsync(communityId, ct).ConfigureAwait(false);
            if (await db.Roles.CountAsync(r => r.CommunityId == communityId, ct).ConfigureAwait(false) >= ChatalotLimits.RolesPerCommunityMax)
            {
                throw Fail.Validation("name", $"A community has at most {ChatalotLimits.RolesPerCommunityMax} roles.");
            }

            await db.Roles.Where(r => r.CommunityId == communityId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Position, r => r.Position + 1), ct).ConfigureAwait(false);
            db.Roles.Add(row);
            audit.Record(AuditAction.RoleCreated, caller.UserId, communityId, targetId: row.Id, detail: name);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await PublishRolesAsync(communityId, cancellationToken).ConfigureAwait(false);
        return ToDto(row);
    }

    public async Task<Role> UpdateAsync(Caller caller, Guid communityId, Guid roleId, UpdateRoleRequest request, CancellationToken cancellationToken)
    {
        var me = await access.RequireCommunityPermissionAsync(caller, communityId, CommunityPermissions.ManageRoles, cancellationToken).ConfigureAwait(false);
        if (roleId == communityId)
        {
            if (request.Name is not null || request.Color is not null || request.Hoist is not null || request.Mentionable is not null)
            {
                throw Fail.Validation("name", "Only the flags of @everyone change.");
            }

            var community = await db.Communities.FirstAsync(c => c.Id == communityId, cancellationToken).ConfigureAwait(false);
            if (request.Permissions is { } everyone)
            {
                RequireHeld(me, (CommunityPermissions)community.EveryonePermissions ^ (everyone & CommunityPermissions.All));
                community.EveryonePermissions = (long)(everyone & CommunityPermissions.All);
                audit.Record(AuditAction.RoleUpdated, caller.UserId, communityId, targetId: communityId, detail: "@everyone");
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await AfterPermissionsChangedAsync(communityId, null, cancellationToken).ConfigureAwait(false);
            }

            return Everyone(community);
        }

        var row = await RequireBelowAsync(me, communityId, roleId, cancellationToken).ConfigureAwait(false);
        row.Name = request.Name is null ? row.Name : RoleName(request.Name);
        row.Color = request.Color is null ? row.Color : request.Color.Length == 0 ? null : Color(request.Color);
        row.Hoist = request.Hoist ?? row.Hoist;
        row.Mentionable = request.Mentionable ?? row.Mentionable;
        var flagsChanged = false;
        if (request.Permissions is { } flags)
        {
            RequireHeld(me, (CommunityPermissions)row.Permissions ^ (flags & CommunityPermissions.All));
            flagsChanged = row.Permissions != (long)(flags & CommunityPermissions.All);
            row.Permissions = (long)(flags & CommunityPermissions.All);
        }

        audit.Record(AuditAction.RoleUpdated, caller.UserId, communityId, targetId: roleId, detail: row.Name);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await PublishRolesAsync(communityId, cancellationToken).ConfigureAwait(false);
        if (flagsChanged)
        {
            await AfterPermissionsChangedAsync(communityId, await HoldersAsync(communityId, roleId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        return ToDto(row);
    }

    public async Task DeleteAsync(Caller caller, Guid communityId, Guid roleId, CancellationToken cancellationToken)
    {
        var me = await access.RequireCommunityPermissionAsync(caller, communityId, CommunityPermissions.ManageRoles, cancellationToken).ConfigureAwait(false);
        if (roleId == communityId)
        {
            throw Fail.Forbidden("The @everyone role cannot be deleted.");
        }

        var row = await RequireBelowAsync(me, communityId, roleId, cancellationToken).ConfigureAwait(false);
        var holders = await HoldersAsync(communityId, roleId, cancellationToken).ConfigureAwait(false);
        await db.InTransactionAsync(async ct =>
        {
            // Under the community's lock the role's position is read afresh (a concurrent reorder may have moved it),
            // and a concurrent delete of the same role is seen: the roles above it close the gap exactly once.
            await db.LockCommunityAsync(communityId, ct).ConfigureAwait(false);
            var position = await db.Roles.AsNoTracking().Where(r => r.Id == roleId).Select(r => (int?)r.Position).FirstOrDefaultAsync(ct).ConfigureAwait(false)
                ?? throw Fail.NotFound("The role");
            await db.MemberRoles.Where(r => r.RoleId == roleId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.PermissionOverrides.Where(o => o.CommunityId == communityId && o.TargetKind == (int)OverrideTargetKind.Role && o.TargetId == roleId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Roles.Where(r => r.Id == roleId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Roles.Where(r => r.CommunityId == communityId && r.Position > position).ExecuteUpdateAsync(u => u.SetProperty(r => r.Position, r => r.Position - 1), ct).ConfigureAwait(false);
            audit.Record(AuditAction.RoleDeleted, caller.UserId, communityId, targetId: roleId, detail: row.Name);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await PublishRolesAsync(communityId, cancellationToken).ConfigureAwait(false);
        await AfterPermissionsChangedAsync(communityId, holders, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Role>> ReorderAsync(Caller caller, Guid communityId, ReorderRolesRequest request, CancellationToken cancellationToken)
    {
        var me = await access.RequireCommunityPermissionAsync(caller, communityId, CommunityPermissions.ManageRoles, cancellationToken).ConfigureAwait(false);
        var ids = request.RoleIds ?? [];
        await db.InTransactionAsync(async ct =>
        {
            // The roles are read under the community's lock, so a create or delete cannot slip in between the read
            // and the write and leave two roles at one position.
            await db.LockCommunityAsync(communityId, ct).ConfigureAwait(false);
            var rows = await db.Roles.Where(r => r.CommunityId == communityId).ToListAsync(ct).ConfigureAwait(false);
            if (ids.Count != rows.Count || ids.Distinct().Count() != ids.Count || !rows.All(r => ids.Contains(r.Id)))
            {
                throw Fail.Validation("role_ids", "List every custom role of the community exactly once, lowest first.");
            }

            var byId = rows.ToDictionary(r => r.Id);
            for (var i = 0; i < ids.Count; i++)
            {
                var row = byId[ids[i]];
                var position = i + 1;
                if (row.Position != position && !Below(me, Math.Max(row.Position, position)))
                {
                    throw Fail.Forbidden("You can only move roles below your own highest role.");
                }

                row.Position = position;
            }

            audit.Record(AuditAction.RolesReordered, caller.UserId, communityId);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await PublishRolesAsync(communityId, cancellationToken).ConfigureAwait(false);
        return await RolesAsync(communityId, cancellationToken).ConfigureAwait(false);
    }

    public async Task AssignAsync(Caller caller, Guid communityId, Guid userId, Guid roleId, bool assign, CancellationToken cancellationToken)
    {
        var me = await access.RequireCommunityPermissionAsync(caller, communityId, CommunityPermissions.ManageRoles, cancellationToken).ConfigureAwait(false);
        if (roleId == communityId)
        {
            throw Fail.Validation("role_id", "Every member holds @everyone.");
        }

        await RequireBelowAsync(me, communityId, roleId, cancellationToken).ConfigureAwait(false);
        if (!await db.CommunityMembers.AnyAsync(m => m.CommunityId == communityId && m.UserId == userId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.NotFound("The member");
        }

        var existing = await db.MemberRoles.FirstOrDefaultAsync(r => r.CommunityId == communityId && r.UserId == userId && r.RoleId == roleId, cancellationToken).ConfigureAwait(false);
        if (assign == (existing is not null))
        {
            return;
        }

        audit.Record(assign ? AuditAction.MemberRoleAdded : AuditAction.MemberRoleRemoved, caller.UserId, communityId, userId, roleId);
        if (assign)
        {
            await db.InTransactionAsync(async ct =>
            {
                // Under the community's lock a concurrent delete of the role is seen, so no assignment outlives its role.
                await RequireRoleStillExistsAsync(communityId, roleId, ct).ConfigureAwait(false);
                db.MemberRoles.Add(new MemberRoleRow { CommunityId = communityId, UserId = userId, RoleId = roleId });
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            db.MemberRoles.Remove(existing!);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        await moderation.PublishMemberAsync(communityId, userId, cancellationToken).ConfigureAwait(false);
        await AfterPermissionsChangedAsync(communityId, [userId], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PermissionOverride>> ListOverridesAsync(Caller caller, Guid scopeId, bool isChannel, CancellationToken cancellationToken)
    {
        await ScopeAsync(caller, scopeId, isChannel, cancellationToken).ConfigureAwait(false);
        return await OverridesAsync(scopeId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PermissionOverride> SetOverrideAsync(Caller caller, Guid scopeId, bool isChannel, string targetKind, Guid targetId, SetPermissionOverrideRequest request, CancellationToken cancellationToken)
    {
        var (communityId, groupId, held, me) = await ScopeAsync(caller, scopeId, isChannel, cancellationToken).ConfigureAwait(false);
        RequireManageRolesThere(me, held);
        var kind = await RequireTargetAsync(me, communityId, targetKind, targetId, cancellationToken).ConfigureAwait(false);
        var allow = request.Allow & CommunityPermissions.All;
        var deny = request.Deny & CommunityPermissions.All;
        if ((allow & deny) != 0)
        {
            throw Fail.Validation("deny", "A flag cannot be both allowed and denied.");
        }

        var row = await db.PermissionOverrides.FirstOrDefaultAsync(o => o.ScopeId == scopeId && o.TargetKind == (int)kind && o.TargetId == targetId, cancellationToken).ConfigureAwait(false);
        var before = row is null ? 0 : row.Allow | row.Deny;
        if (me.Rank < CommunityRole.Admin && (((long)(allow | deny) | before) & ~(long)held) != 0)
        {
            throw Fail.Forbidden("You can only allow or deny flags you hold there.");
        }

        if (row is null)
        {
            row = new PermissionOverrideRow { ScopeId = scopeId, TargetKind = (int)kind, TargetId = targetId, CommunityId = communityId, IsChannel = isChannel };
            db.PermissionOverrides.Add(row);
        }

        row.Allow = (long)allow;
        row.Deny = (long)deny;
        audit.Record(AuditAction.OverrideSet, caller.UserId, communityId, kind == OverrideTargetKind.Member ? targetId : null, scopeId, detail: TargetDetail(kind, targetId, communityId));
        if (kind == OverrideTargetKind.Role && targetId != communityId)
        {
            await db.InTransactionAsync(async ct =>
            {
                // As for assignments: an override of a role a concurrent request deleted is not left behind.
                await RequireRoleStillExistsAsync(communityId, targetId, ct).ConfigureAwait(false);
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        await AfterOverridesChangedAsync(communityId, groupId, isChannel ? scopeId : null, kind, targetId, cancellationToken).ConfigureAwait(false);
        return new PermissionOverride(kind, targetId, allow, deny);
    }

    public async Task DeleteOverrideAsync(Caller caller, Guid scopeId, bool isChannel, string targetKind, Guid targetId, CancellationToken cancellationToken)
    {
        var (communityId, groupId, held, me) = await ScopeAsync(caller, scopeId, isChannel, cancellationToken).ConfigureAwait(false);
        RequireManageRolesThere(me, held);
        var kind = ParseKind(targetKind);
        if (kind == OverrideTargetKind.Role && targetId != communityId)
        {
            await RequireBelowAsync(me, communityId, targetId, cancellationToken).ConfigureAwait(false);
        }

        var row = await db.PermissionOverrides.FirstOrDefaultAsync(o => o.ScopeId == scopeId && o.TargetKind == (int)kind && o.TargetId == targetId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return;
        }

        if (me.Rank < CommunityRole.Admin && ((row.Allow | row.Deny) & ~(long)held) != 0)
        {
            throw Fail.Forbidden("You can only remove overrides of flags you hold there.");
        }

        db.PermissionOverrides.Remove(row);
        audit.Record(AuditAction.OverrideDeleted, caller.UserId, communityId, kind == OverrideTargetKind.Member ? targetId : null, scopeId, detail: TargetDetail(kind, targetId, communityId));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AfterOverridesChangedAsync(communityId, groupId, isChannel ? scopeId : null, kind, targetId, cancellationToken).ConfigureAwait(false);
    }

    // Changing overrides needs manage_roles both community-wide and where the override applies: an override denying it
    // in a group or channel takes the right to edit that scope's overrides away (owners and admins skip overrides).
    private static void RequireManageRolesThere(MemberFacts me, CommunityPermissions held)
    {
        if (!me.Has(CommunityPermissions.ManageRoles) || (me.Rank < CommunityRole.Admin && !held.HasAll(CommunityPermissions.ManageRoles)))
        {
            throw Fail.Forbidden("This needs the manage_roles permission there.");
        }
    }

    // The group or channel, seen by the caller (404 otherwise), and the caller's flags there; manage_roles is required
    // only for changes, so listing works for every reader.
    private async Task<(Guid CommunityId, Guid GroupId, CommunityPermissions Held, MemberFacts Me)> ScopeAsync(Caller caller, Guid scopeId, bool isChannel, CancellationToken cancellationToken)
    {
        GroupAccess group;
        CommunityPermissions held;
        if (isChannel)
        {
            var a = await access.RequireChannelAsync(caller, scopeId, cancellationToken).ConfigureAwait(false);
            group = a.Group ?? throw Fail.NotFound("The channel");
            held = a.Permissions;
        }
        else
        {
            group = await access.RequireGroupAsync(caller, scopeId, _ => true, cancellationToken).ConfigureAwait(false);
            held = group.Permissions;
        }

        return (group.Group.CommunityId, group.Group.Id, held, group.Facts ?? throw Fail.NotFound("The group"));
    }

    private async Task<OverrideTargetKind> RequireTargetAsync(MemberFacts me, Guid communityId, string targetKind, Guid targetId, CancellationToken cancellationToken)
    {
        if (!me.Has(CommunityPermissions.ManageRoles))
        {
            throw Fail.Forbidden("This needs the manage_roles permission.");
        }

        var kind = ParseKind(targetKind);
        if (kind == OverrideTargetKind.Member)
        {
            return await db.CommunityMembers.AnyAsync(m => m.CommunityId == communityId && m.UserId == targetId, cancellationToken).ConfigureAwait(false)
                ? kind : throw Fail.NotFound("The member");
        }

        if (targetId != communityId)
        {
            await RequireBelowAsync(me, communityId, targetId, cancellationToken).ConfigureAwait(false);
        }

        return kind;
    }

    private static OverrideTargetKind ParseKind(string targetKind) => targetKind switch
    {
        "role" => OverrideTargetKind.Role,
        "member" => OverrideTargetKind.Member,
        _ => throw Fail.Validation("target_kind", "Must be role or member."),
    };

    private static string TargetDetail(OverrideTargetKind kind, Guid targetId, Guid communityId) =>
        kind == OverrideTargetKind.Member ? "member" : targetId == communityId ? "@everyone" : "role " + targetId;

    /// <summary>Takes the community's lock (see <see cref="RowLocks"/>) and refuses a role deleted since it was read.</summary>
    private async Task RequireRoleStillExistsAsync(Guid communityId, Guid roleId, CancellationToken cancellationToken)
    {
        await db.LockCommunityAsync(communityId, cancellationToken).ConfigureAwait(false);
        if (!await db.Roles.AnyAsync(r => r.Id == roleId && r.CommunityId == communityId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.NotFound("The role");
        }
    }

    private async Task<RoleRow> RequireBelowAsync(MemberFacts me, Guid communityId, Guid roleId, CancellationToken cancellationToken)
    {
        var row = await db.Roles.FirstOrDefaultAsync(r => r.Id == roleId && r.CommunityId == communityId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The role");
        return Below(me, row.Position) ? row : throw Fail.Forbidden("You can only manage roles below your own highest role.");
    }

    /// <summary>Moderators and up stand above every custom role; others only above positions below their highest role.</summary>
    private static bool Below(MemberFacts me, int position) => me.Rank >= CommunityRole.Moderator || position < me.TopPosition;

    private static void RequireHeld(MemberFacts me, CommunityPermissions flags)
    {
        if ((flags & CommunityPermissions.All & ~me.Base) != 0)
        {
            throw Fail.Forbidden("You can only grant or take away flags you hold yourself.");
        }
    }

    private static string RoleName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length is >= 1 and <= ChatalotLimits.RoleNameMaxLength && !trimmed.Any(char.IsControl)
            ? trimmed : throw Fail.Validation("name", $"1-{ChatalotLimits.RoleNameMaxLength} characters, no control characters.");
    }

    private static string? Color(string? color) =>
        color is null ? null : ColorPattern().IsMatch(color) ? color.ToLowerInvariant() : throw Fail.Validation("color", "A colour is #rrggbb.");

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();

    private Task<List<Guid>> HoldersAsync(Guid communityId, Guid roleId, CancellationToken cancellationToken) =>
        db.MemberRoles.AsNoTracking().Where(r => r.CommunityId == communityId && r.RoleId == roleId).Select(r => r.UserId).ToListAsync(cancellationToken);

    private async Task<IReadOnlyList<Role>> RolesAsync(Guid communityId, CancellationToken cancellationToken)
    {
        var community = await db.Communities.AsNoTracking().FirstAsync(c => c.Id == communityId, cancellationToken).ConfigureAwait(false);
        var rows = await db.Roles.AsNoTracking().Where(r => r.CommunityId == communityId).OrderBy(r => r.Position).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [Everyone(community), .. rows.Select(ToDto)];
    }

    private async Task<IReadOnlyList<PermissionOverride>> OverridesAsync(Guid scopeId, CancellationToken cancellationToken) =>
        [.. (await access.OverridesAsync(scopeId, cancellationToken).ConfigureAwait(false)).Select(o => new PermissionOverride(o.Kind, o.TargetId, o.Allow, o.Deny))];

    private static Role Everyone(CommunityRow c) => new(c.Id, c.Id, "@everyone", null, 0, (CommunityPermissions)c.EveryonePermissions, false, false, true);

    private static Role ToDto(RoleRow r) => new(r.Id, r.CommunityId, r.Name, r.Color, r.Position, (CommunityPermissions)r.Permissions, r.Hoist, r.Mentionable, false);

    private async Task PublishRolesAsync(Guid communityId, CancellationToken cancellationToken) =>
        await effects.NotifyCommunityAsync(communityId, new RolesUpdatedEvent(communityId, await RolesAsync(communityId, cancellationToken).ConfigureAwait(false)), null, cancellationToken).ConfigureAwait(false);

    private async Task AfterOverridesChangedAsync(Guid communityId, Guid groupId, Guid? channelId, OverrideTargetKind kind, Guid targetId, CancellationToken cancellationToken)
    {
        var overrides = await OverridesAsync(channelId ?? groupId, cancellationToken).ConfigureAwait(false);
        await effects.NotifyCommunityAsync(communityId, new OverridesUpdatedEvent(communityId, groupId, channelId, overrides), null, cancellationToken).ConfigureAwait(false);
        IReadOnlyCollection<Guid>? affected = kind == OverrideTargetKind.Member ? [targetId]
            : targetId == communityId ? null
            : await HoldersAsync(communityId, targetId, cancellationToken).ConfigureAwait(false);
        await AfterPermissionsChangedAsync(communityId, affected, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends live subscriptions to channels the affected members (all members when null) can no longer view.</summary>
    private async Task AfterPermissionsChangedAsync(Guid communityId, IReadOnlyCollection<Guid>? users, CancellationToken cancellationToken)
    {
        users ??= await db.CommunityMembers.AsNoTracking().Where(m => m.CommunityId == communityId).Select(m => m.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var user in users)
        {
            await effects.RevokeLostChannelsAsync(user, communityId, "permissions_changed", cancellationToken).ConfigureAwait(false);
        }
    }
}
