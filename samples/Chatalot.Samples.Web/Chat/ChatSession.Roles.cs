using Chatalot.Client;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Roles;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Community roles, permission overrides and time-outs over the SDK. The caller's effective permissions are read per
/// channel (<c>GetMyPermissionsAsync</c>) and gate what the UI offers; a refusal from the server is still shown.
/// </summary>
public sealed partial class ChatSession
{
    private readonly Dictionary<Guid, EffectivePermissions> _permissions = [];
    private readonly Dictionary<Guid, IReadOnlyList<Role>> _roles = [];
    private readonly HashSet<Guid> _permissionsLoading = [];

    /// <summary>The caller's permissions in a channel, when loaded (<see cref="LoadPermissionsAsync"/>).</summary>
    public EffectivePermissions? PermissionsIn(Guid channelId) => _permissions.GetValueOrDefault(channelId);

    /// <summary>Whether the caller holds <paramref name="flag"/> in some loaded channel of the community (the owner holds all).</summary>
    public bool HasPermission(Guid communityId, CommunityPermissions flag)
    {
        if (MyRoleIn(communityId) is CommunityRole.Owner or CommunityRole.Admin)
        {
            return true;
        }

        return Communities.FirstOrDefault(c => c.Community.Id == communityId) is { } tree
            && tree.Groups.SelectMany(g => g.Channels).Any(c => _permissions.TryGetValue(c.Id, out var p) && p.Permissions.HasAll(flag));
    }

    /// <summary>Loads (once, or again when <paramref name="refresh"/>) the caller's permissions in a community channel.</summary>
    public async Task LoadPermissionsAsync(Guid channelId, bool refresh = false)
    {
        if (FindChannel(channelId) is not { IsDirect: false } || (!refresh && _permissions.ContainsKey(channelId)) || !_permissionsLoading.Add(channelId))
        {
            return;
        }

        try
        {
            _permissions[channelId] = await RequireClient().Rest.GetMyPermissionsAsync(new ChannelId(channelId));
            ScheduleTimeoutEnd();
            if (CommunityOf(channelId) is { } tree && !_roles.ContainsKey(tree.Community.Id))
            {
                // Names show their top role's colour.
                await LoadRolesAsync(tree.Community.Id);
            }

            Notify();
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            // Not loaded: the UI offers only the role-based actions, and the server still decides.
        }
        finally
        {
            _permissionsLoading.Remove(channelId);
        }
    }

    /// <summary>Until when the caller is timed out in the channel's community (null when not).</summary>
    public DateTimeOffset? MyTimeoutIn(Guid channelId)
    {
        var now = time.GetUtcNow();
        var fromPermissions = _permissions.GetValueOrDefault(channelId)?.TimedOutUntil;
        var fromMembers = CommunityOf(channelId)?.Members.FirstOrDefault(m => m.UserId == Me?.Id)?.TimedOutUntil;
        var until = fromPermissions ?? fromMembers;
        return until > now ? until : null;
    }

    /// <summary>A refusal of a send because the caller is timed out: re-reads the permissions (which carry the end).</summary>
    public bool NoteTimedOut(Guid channelId, ChatalotClientException error)
    {
        if (error.Code != "timed_out")
        {
            return false;
        }

        _ = LoadPermissionsAsync(channelId, refresh: true);
        return true;
    }

    /// <summary>Until when a member is timed out (null when not).</summary>
    public DateTimeOffset? TimeoutOf(Guid communityId, Guid userId) =>
        Communities.FirstOrDefault(c => c.Community.Id == communityId)?.Members.FirstOrDefault(m => m.UserId == userId)?.TimedOutUntil is { } until && until > time.GetUtcNow()
            ? until
            : null;

    public async Task TimeoutAsync(Guid communityId, Guid userId, TimeSpan duration, string? reason)
    {
        await RequireClient().Rest.TimeoutMemberAsync(new CommunityId(communityId), new UserId(userId), time.GetUtcNow() + duration, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        await RefreshDirectoryAsync();
    }

    public async Task RemoveTimeoutAsync(Guid communityId, Guid userId)
    {
        await RequireClient().Rest.RemoveTimeoutAsync(new CommunityId(communityId), new UserId(userId));
        await RefreshDirectoryAsync();
    }

    /// <summary>Bans with a reason, deleting the member's messages of the last <paramref name="deleteHours"/> hours.</summary>
    public async Task BanAsync(Guid communityId, Guid userId, string? reason, int deleteHours)
    {
        await RequireClient().Rest.BanMemberAsync(new CommunityId(communityId), new UserId(userId),
            new BanRequest(string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()) { DeleteMessageHours = deleteHours > 0 ? deleteHours : null });
        await RefreshDirectoryAsync();
    }

    /// <summary>A community's roles by position, highest first (loaded once; <see cref="LoadRolesAsync"/> refreshes).</summary>
    public IReadOnlyList<Role> CommunityRolesOf(Guid communityId) => _roles.GetValueOrDefault(communityId) ?? [];

    public async Task<IReadOnlyList<Role>> LoadRolesAsync(Guid communityId)
    {
        var roles = await RequireClient().Rest.GetRolesAsync(new CommunityId(communityId));
        _roles[communityId] = [.. roles.OrderByDescending(r => r.Position)];
        Notify();
        return _roles[communityId];
    }

    /// <summary>The colour of a member's highest coloured role (null when none).</summary>
    public string? RoleColorOf(Guid communityId, Guid userId)
    {
        var member = Communities.FirstOrDefault(c => c.Community.Id == communityId)?.Members.FirstOrDefault(m => m.UserId == userId);
        return member is null ? null : CommunityRolesOf(communityId).FirstOrDefault(r => !r.IsDefault && r.Color is not null && member.RoleIds.Contains(r.Id))?.Color;
    }

    public async Task CreateRoleAsync(Guid communityId, CreateRoleRequest request)
    {
        await RequireClient().Rest.CreateRoleAsync(new CommunityId(communityId), request);
        await LoadRolesAsync(communityId);
    }

    public async Task UpdateRoleAsync(Guid communityId, Guid roleId, UpdateRoleRequest request)
    {
        await RequireClient().Rest.UpdateRoleAsync(new CommunityId(communityId), roleId, request);
        await LoadRolesAsync(communityId);
    }

    public async Task DeleteRoleAsync(Guid communityId, Guid roleId)
    {
        await RequireClient().Rest.DeleteRoleAsync(new CommunityId(communityId), roleId);
        await LoadRolesAsync(communityId);
    }

    /// <summary>Moves a role one place up (toward the top) or down; the @everyone role stays at the bottom.</summary>
    public async Task MoveRoleAsync(Guid communityId, Guid roleId, bool up)
    {
        var ordered = CommunityRolesOf(communityId).Where(r => !r.IsDefault).Reverse().Select(r => r.Id).ToList(); // lowest first
        var index = ordered.IndexOf(roleId);
        var other = up ? index + 1 : index - 1;
        if (index < 0 || other < 0 || other >= ordered.Count)
        {
            return;
        }

        (ordered[index], ordered[other]) = (ordered[other], ordered[index]);
        await RequireClient().Rest.ReorderRolesAsync(new CommunityId(communityId), ordered);
        await LoadRolesAsync(communityId);
    }

    public async Task SetMemberRoleAsync(Guid communityId, Guid userId, Guid roleId, bool has)
    {
        if (has)
        {
            await RequireClient().Rest.AddMemberRoleAsync(new CommunityId(communityId), new UserId(userId), roleId);
        }
        else
        {
            await RequireClient().Rest.RemoveMemberRoleAsync(new CommunityId(communityId), new UserId(userId), roleId);
        }

        await RefreshDirectoryAsync();
    }

    public Task<IReadOnlyList<PermissionOverride>> ChannelOverridesAsync(Guid channelId) =>
        RequireClient().Rest.GetChannelOverridesAsync(new ChannelId(channelId));

    public Task<PermissionOverride> SetChannelOverrideAsync(Guid channelId, OverrideTargetKind kind, Guid target, CommunityPermissions allow, CommunityPermissions deny) =>
        RequireClient().Rest.SetChannelOverrideAsync(new ChannelId(channelId), kind, target, allow, deny);

    public Task DeleteChannelOverrideAsync(Guid channelId, OverrideTargetKind kind, Guid target) =>
        RequireClient().Rest.DeleteChannelOverrideAsync(new ChannelId(channelId), kind, target);
}
