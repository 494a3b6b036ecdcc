using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Roles;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Roles.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Communities.Internal;

/// <summary>What a caller may do in a group (docs/protocol/permissions.md §Groups).</summary>
internal sealed record GroupAccess(GroupRow Group, CommunityRole? CommunityRole, GroupRole? GroupRole)
{
    /// <summary>The caller's rank, roles and community-wide flags; null for non-members.</summary>
    public MemberFacts? Facts { get; init; }

    /// <summary>The caller's flags in this group: the community-wide ones with the group's overrides (all for group admins).</summary>
    public CommunityPermissions Permissions { get; init; }

    /// <summary>Group role, raised to admin for community admins and owners (they manage every group of their community).</summary>
    public GroupRole? EffectiveRole => CommunityRole >= Protocol.Communities.CommunityRole.Admin
        ? (GroupRole is Protocol.Groups.GroupRole.Owner ? Protocol.Groups.GroupRole.Owner : Protocol.Groups.GroupRole.Admin)
        : GroupRole;

    public bool IsCommunityMember => CommunityRole is not null;

    public bool CanReadChannels => EffectiveRole is not null;

    /// <summary>Group admins, and holders of <c>manage_groups</c> who can see the group (unless an override on the group denies it).</summary>
    public bool CanManage => EffectiveRole >= Protocol.Groups.GroupRole.Admin ||
        (CanSee && Facts?.Has(CommunityPermissions.ManageGroups) == true && Permissions.HasAll(CommunityPermissions.ManageGroups));

    /// <summary>Creating channels in the group: its managers and holders of <c>manage_channels</c> in it.</summary>
    public bool CanManageChannels => CanManage || (EffectiveRole is not null && Permissions.HasAll(CommunityPermissions.ManageChannels));

    /// <summary>Deleting others' messages and posting in read-only channels: group admins and <c>manage_messages</c> (moderators hold it).</summary>
    public bool CanModerate => CanManage || (EffectiveRole is not null && Permissions.HasAll(CommunityPermissions.ManageMessages));

    /// <summary>Seeing the group exists: members, community admins, and community members for public or discoverable groups.</summary>
    public bool CanSee => EffectiveRole is not null || (IsCommunityMember && (Group.Visibility == (int)GroupVisibility.Public || Group.Discoverable));
}

/// <summary>What a caller may do in a channel (docs/protocol/permissions.md §Channels).</summary>
internal sealed record ChannelAccess(ChannelRow Channel, GroupAccess? Group, bool IsDmParticipant)
{
    /// <summary>What a DM participant holds (permissions.md §Channels): everything a DM allows.</summary>
    public const CommunityPermissions DmPermissions = CommunityPermissions.ViewChannels | CommunityPermissions.SendMessages |
        CommunityPermissions.AddReactions | CommunityPermissions.AttachFiles | CommunityPermissions.PinMessages;

    /// <summary>The caller's flags in this channel: group flags with the channel's overrides (all for group admins).</summary>
    public CommunityPermissions Permissions { get; init; }

    private bool IsDm => Channel.Type == (int)ChannelType.Dm;

    public bool CanRead => IsDm ? IsDmParticipant : Group?.CanReadChannels == true && Has(CommunityPermissions.ViewChannels);

    /// <summary>Deleting others' messages: <c>manage_messages</c> (group admins, moderators, roles that grant it).</summary>
    public bool CanModerate => !IsDm && Group is not null && Has(CommunityPermissions.ManageMessages);

    /// <summary>Channel settings and deletion: group managers and <c>manage_channels</c>.</summary>
    public bool CanManage => !IsDm && (Group?.CanManage == true || (Group is not null && Has(CommunityPermissions.ManageChannels)));

    /// <summary>Posting despite read-only and slow mode: <c>manage_messages</c> or <c>manage_channels</c>.</summary>
    public bool CanBypassPostingLimits => CanModerate || CanManage;

    public bool CanSend => IsDm ? IsDmParticipant : Has(CommunityPermissions.SendMessages);

    public bool CanPin => IsDm ? IsDmParticipant : Has(CommunityPermissions.PinMessages);

    /// <summary>The caller's time-out in the channel's community, if any (compare with the clock).</summary>
    public DateTimeOffset? TimedOutUntil => Group?.Facts?.TimedOutUntil;

    public bool Has(CommunityPermissions flag) => Permissions.HasAll(flag);
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

        var facts = await MemberFactsAsync(userId, group.CommunityId, cancellationToken).ConfigureAwait(false);
        var communityRole = facts?.Rank;
        var groupRole = await db.GroupMembers.AsNoTracking().Where(m => m.GroupId == groupId && m.UserId == userId)
            .Select(m => (int?)m.Role).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        // A group member who left the community keeps no rights in its groups.
        var access = new GroupAccess(group, communityRole, communityRole is null || groupRole is null ? null : (GroupRole)groupRole.Value) { Facts = facts };
        return access with { Permissions = await GroupPermissionsAsync(access, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>The caller's rank, roles, community-wide flags and time-out; null when not a member.</summary>
    public async Task<MemberFacts?> MemberFactsAsync(Guid userId, Guid communityId, CancellationToken cancellationToken)
    {
        var row = await db.CommunityMembers.AsNoTracking().Where(m => m.CommunityId == communityId && m.UserId == userId)
            .Join(db.Communities, m => m.CommunityId, c => c.Id, (m, c) => new { m.Role, m.TimedOutUntil, c.EveryonePermissions })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var roles = await db.MemberRoles.AsNoTracking().Where(r => r.CommunityId == communityId && r.UserId == userId)
            .Join(db.Roles, mr => mr.RoleId, r => r.Id, (mr, r) => new { r.Id, r.Position, r.Permissions })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var rank = (CommunityRole)row.Role;
        return new MemberFacts(
            communityId, userId, rank, roles.Select(r => r.Id).ToHashSet(), roles.Count == 0 ? 0 : roles.Max(r => r.Position),
            PermissionResolver.Base(rank, (CommunityPermissions)row.EveryonePermissions, roles.Select(r => (CommunityPermissions)r.Permissions)),
            row.TimedOutUntil);
    }

    /// <summary>The caller's community-wide flags; 404 when the community does not exist or the caller is not a member, 403 without <paramref name="flag"/>.</summary>
    public async Task<MemberFacts> RequireCommunityPermissionAsync(Caller caller, Guid communityId, CommunityPermissions flag, CancellationToken cancellationToken)
    {
        var facts = await MemberFactsAsync(caller.UserId, communityId, cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The community");
        return facts.Has(flag) ? facts : throw Fail.Forbidden($"This needs the {CommunityPermissionFlags.WireName(flag)} permission.");
    }

    /// <summary>The overrides of a group or a channel.</summary>
    public async Task<List<OverrideFlags>> OverridesAsync(Guid scopeId, CancellationToken cancellationToken) =>
        [.. (await db.PermissionOverrides.AsNoTracking().Where(o => o.ScopeId == scopeId).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(ToFlags)];

    internal static OverrideFlags ToFlags(PermissionOverrideRow o) =>
        new((OverrideTargetKind)o.TargetKind, o.TargetId, (CommunityPermissions)o.Allow, (CommunityPermissions)o.Deny);

    private async Task<CommunityPermissions> GroupPermissionsAsync(GroupAccess access, CancellationToken cancellationToken)
    {
        if (access.Facts is not { } f)
        {
            return CommunityPermissions.None;
        }

        if (access.EffectiveRole >= GroupRole.Admin)
        {
            return CommunityPermissions.All;
        }

        var overrides = await OverridesAsync(access.Group.Id, cancellationToken).ConfigureAwait(false);
        return PermissionResolver.Apply(f.Base, f.Rank, f.CommunityId, f.UserId, f.RoleIds, overrides);
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
            var participant = channel.DmUserLow == userId || channel.DmUserHigh == userId;
            return new ChannelAccess(channel, null, participant) { Permissions = participant ? ChannelAccess.DmPermissions : CommunityPermissions.None };
        }

        var group = channel.GroupId is { } g ? await GroupAccessAsync(userId, g, cancellationToken).ConfigureAwait(false) : null;
        var permissions = CommunityPermissions.None;
        if (group is { Facts: { } f })
        {
            permissions = group.EffectiveRole >= GroupRole.Admin
                ? CommunityPermissions.All
                : PermissionResolver.Apply(group.Permissions, f.Rank, f.CommunityId, f.UserId, f.RoleIds, await OverridesAsync(channel.Id, cancellationToken).ConfigureAwait(false));
        }

        return new ChannelAccess(channel, group, false) { Permissions = permissions };
    }

    /// <summary>The channel if the caller can read it; 404 otherwise (a private channel's existence is not revealed).</summary>
    public async Task<ChannelAccess> RequireChannelAsync(Caller caller, Guid channelId, CancellationToken cancellationToken)
    {
        var access = await ChannelAccessAsync(caller.UserId, channelId, cancellationToken).ConfigureAwait(false);
        return access is { CanRead: true } ? access : throw Fail.NotFound("The channel");
    }

    /// <summary>
    /// Those of <paramref name="readers"/> (the group's readers) who hold <c>view_channels</c> in a group channel, so its
    /// create and update events skip members an override hides it from. Resolved in memory from four reads, not per member.
    /// </summary>
    public async Task<List<Guid>> ChannelViewersAsync(ChannelRow channel, IReadOnlyCollection<Guid> readers, CancellationToken cancellationToken)
    {
        if (channel.GroupId is not { } groupId || channel.CommunityId is not { } communityId || readers.Count == 0)
        {
            return [.. readers];
        }

        var ids = readers.ToList();
        var members = await db.CommunityMembers.AsNoTracking().Where(m => m.CommunityId == communityId && ids.Contains(m.UserId))
            .Join(db.Communities, m => m.CommunityId, c => c.Id, (m, c) => new { m.UserId, m.Role, c.EveryonePermissions })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var roles = (await db.MemberRoles.AsNoTracking().Where(r => r.CommunityId == communityId && ids.Contains(r.UserId))
            .Join(db.Roles, mr => mr.RoleId, r => r.Id, (mr, r) => new { mr.UserId, r.Id, r.Permissions })
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(r => r.UserId);
        var groupAdmins = (await db.GroupMembers.AsNoTracking().Where(m => m.GroupId == groupId && m.Role >= (int)GroupRole.Admin && ids.Contains(m.UserId))
            .Select(m => m.UserId).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        var overrides = (await db.PermissionOverrides.AsNoTracking().Where(o => o.ScopeId == groupId || o.ScopeId == channel.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(o => o.ScopeId, ToFlags);

        var viewers = new List<Guid>(members.Count);
        foreach (var m in members)
        {
            var rank = (CommunityRole)m.Role;
            if (rank >= CommunityRole.Admin || groupAdmins.Contains(m.UserId))
            {
                viewers.Add(m.UserId);
                continue;
            }

            var mine = roles[m.UserId].ToList();
            var roleIds = mine.Select(r => r.Id).ToHashSet();
            var flags = PermissionResolver.Base(rank, (CommunityPermissions)m.EveryonePermissions, mine.Select(r => (CommunityPermissions)r.Permissions));
            flags = PermissionResolver.Apply(flags, rank, communityId, m.UserId, roleIds, overrides[groupId]);
            flags = PermissionResolver.Apply(flags, rank, communityId, m.UserId, roleIds, overrides[channel.Id]);
            if (flags.HasAll(CommunityPermissions.ViewChannels))
            {
                viewers.Add(m.UserId);
            }
        }

        return viewers;
    }

    /// <summary>Ids of every channel the user can read: group channels of their groups (or all, for community admins) and their DMs.</summary>
    public async Task<List<Guid>> ReadableChannelIdsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var adminCommunities = db.CommunityMembers.Where(m => m.UserId == userId && m.Role >= (int)CommunityRole.Admin).Select(m => m.CommunityId);
        var memberCommunities = db.CommunityMembers.Where(m => m.UserId == userId).Select(m => m.CommunityId);
        var myGroups = db.GroupMembers.Where(m => m.UserId == userId).Select(m => m.GroupId);
        var candidates = await db.Channels.AsNoTracking()
            .Where(c => (c.DmUserLow == userId || c.DmUserHigh == userId) ||
                (c.GroupId != null && c.CommunityId != null && memberCommunities.Contains(c.CommunityId.Value) &&
                    (myGroups.Contains(c.GroupId.Value) || adminCommunities.Contains(c.CommunityId.Value))))
            .Select(c => new { c.Id, c.GroupId, c.CommunityId }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var grouped = candidates.Where(c => c.GroupId is not null && c.CommunityId is not null).ToList();
        if (grouped.Count == 0)
        {
            return [.. candidates.Select(c => c.Id)];
        }

        // view_channels through roles and overrides, resolved in memory from three reads rather than per channel.
        var viewable = new HashSet<Guid>();
        var facts = new Dictionary<Guid, MemberFacts?>();
        foreach (var communityId in grouped.Select(c => c.CommunityId!.Value).Distinct())
        {
            facts[communityId] = await MemberFactsAsync(userId, communityId, cancellationToken).ConfigureAwait(false);
        }

        var groupIds = grouped.Select(c => c.GroupId!.Value).Distinct().ToList();
        var adminGroups = (await db.GroupMembers.AsNoTracking().Where(m => m.UserId == userId && groupIds.Contains(m.GroupId) && m.Role >= (int)GroupRole.Admin)
            .Select(m => m.GroupId).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        var scopes = groupIds.Concat(grouped.Select(c => c.Id)).ToList();
        var overrides = (await db.PermissionOverrides.AsNoTracking().Where(o => scopes.Contains(o.ScopeId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(o => o.ScopeId).ToDictionary(g => g.Key, g => g.Select(ToFlags).ToList());
        foreach (var c in grouped)
        {
            if (facts[c.CommunityId!.Value] is not { } f)
            {
                continue;
            }

            if (f.Rank >= CommunityRole.Admin || adminGroups.Contains(c.GroupId!.Value))
            {
                viewable.Add(c.Id);
                continue;
            }

            var flags = PermissionResolver.Apply(f.Base, f.Rank, f.CommunityId, userId, f.RoleIds, overrides.GetValueOrDefault(c.GroupId!.Value) ?? []);
            flags = PermissionResolver.Apply(flags, f.Rank, f.CommunityId, userId, f.RoleIds, overrides.GetValueOrDefault(c.Id) ?? []);
            if (flags.HasAll(CommunityPermissions.ViewChannels))
            {
                viewable.Add(c.Id);
            }
        }

        return [.. candidates.Where(c => c.GroupId is null || c.CommunityId is null || viewable.Contains(c.Id)).Select(c => c.Id)];
    }
}
