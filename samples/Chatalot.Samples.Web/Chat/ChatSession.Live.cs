using Chatalot.Client;
using Chatalot.Protocol.Roles;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Roles, member updates and overrides applied live (<c>roles_updated</c>, <c>member_updated</c>,
/// <c>overrides_updated</c>): a time-out shows and clears in the composer at once and ends by itself at its end time, the
/// member list's roles and colours follow, and a change that may touch this user's permissions re-reads them for the
/// loaded channels and re-lists the community's channels (an override hiding a channel removes it from the sidebar; one
/// granting view adds it). No polling: each refresh follows an event, and a time-out's end is one timer.
/// </summary>
public sealed partial class ChatSession
{
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(24);
    private ITimer? _timeoutEnd;

    /// <summary>Whether this user holds <paramref name="flag"/> in a channel, as its effective permissions were last read.</summary>
    public bool HasPermissionIn(Guid channelId, CommunityPermissions flag) =>
        _permissions.TryGetValue(channelId, out var held) && held.Permissions.HasAll(flag);

    /// <summary>Whether this user may delete others' messages in a channel: a moderator by rank, or holding manage_messages there.</summary>
    public bool CanDeleteOthers(Guid channelId) =>
        CommunityOf(channelId) is { } tree && (CanModerate(tree.Community.Id) || HasPermissionIn(channelId, CommunityPermissions.ManageMessages));

    /// <summary>Whether this user may act on members of the community: a moderator by rank, or holding a member-moderation flag.</summary>
    public bool CanModerateMembers(Guid communityId) =>
        CanModerate(communityId) || HasPermission(communityId, CommunityPermissions.TimeoutMembers) || HasPermission(communityId, CommunityPermissions.KickMembers)
        || HasPermission(communityId, CommunityPermissions.BanMembers) || HasPermission(communityId, CommunityPermissions.ManageRoles);

    private void SubscribeLiveRoleEvents(ChatalotClient client)
    {
        _subscriptions.Add(client.Events.On<MemberUpdated>((e, _) => new ValueTask(OnMemberUpdatedAsync(e))));
        _subscriptions.Add(client.Events.On<RolesUpdated>((e, _) => new ValueTask(OnRolesUpdatedAsync(e))));
        _subscriptions.Add(client.Events.On<OverridesUpdated>((e, _) => new ValueTask(RefreshAccessAsync(e.CommunityId.Value))));
        _subscriptions.Add(new TimeoutEndRegistration(this));
    }

    private async Task OnMemberUpdatedAsync(MemberUpdated e)
    {
        var mine = e.UserId.Value == Me?.Id;
        _names[e.UserId.Value] = e.Member.DisplayName;
        NoteBot(e.UserId.Value, e.Member.IsBot);
        ReplaceCommunity(e.CommunityId.Value, tree => tree with
        {
            Community = mine ? tree.Community with { MyRole = e.Member.Role } : tree.Community,
            Members = tree.Members.Any(m => m.UserId == e.Member.UserId)
                ? [.. tree.Members.Select(m => m.UserId == e.Member.UserId ? e.Member : m)]
                : [.. tree.Members, e.Member],
        });
        if (!mine)
        {
            ScheduleTimeoutEnd();
            return;
        }

        // The time-out applies at once (the composer reads it from the permissions first): the re-read below follows.
        foreach (var channel in ChannelIdsOf(e.CommunityId.Value).Where(_permissions.ContainsKey))
        {
            _permissions[channel] = _permissions[channel] with { TimedOutUntil = e.TimedOutUntil };
        }

        ScheduleTimeoutEnd();
        Notify();
        await RefreshAccessAsync(e.CommunityId.Value);
    }

    private async Task OnRolesUpdatedAsync(RolesUpdated e)
    {
        var communityId = e.CommunityId.Value;
        var before = _roles.GetValueOrDefault(communityId);
        _roles[communityId] = [.. e.Roles.OrderByDescending(r => r.Position)];
        Notify();

        // Only roles this user holds (and @everyone) change what it may do; unknown previous roles count as changed.
        var held = Communities.FirstOrDefault(c => c.Community.Id == communityId)?.Members.FirstOrDefault(m => m.UserId == Me?.Id)?.RoleIds ?? [];
        var changed = before is null
            || e.Roles.Where(r => !before.Contains(r)).Concat(before.Where(r => !e.Roles.Contains(r)))
                .Any(r => r.IsDefault || r.Id == communityId || held.Contains(r.Id));
        if (changed)
        {
            await RefreshAccessAsync(communityId);
        }
    }

    /// <summary>
    /// Re-lists the community's groups and channels (what this user may view now) and re-reads its permissions in the
    /// loaded channels still listed; channels no longer viewable leave the sidebar and their permissions are dropped.
    /// </summary>
    private async Task RefreshAccessAsync(Guid communityId)
    {
        if (Client is null || Communities.FirstOrDefault(c => c.Community.Id == communityId) is not { } tree)
        {
            return;
        }

        try
        {
            var rest = RequireClient().Rest;
            var groups = new List<GroupTree>();
            foreach (var group in await rest.GetGroupsAsync(new CommunityId(communityId)))
            {
                if (group.MyRole is null)
                {
                    continue; // Not a member (see RefreshDirectoryAsync).
                }

                var channels = await rest.GetGroupChannelsAsync(new GroupId(group.Id));
                groups.Add(new GroupTree(group, Sorted(channels.Where(c => !c.Archived).Select(c => EntryOf(c, tree.Community, group)))));
            }

            var before = ChannelIdsOf(communityId).ToList();
            ReplaceCommunity(communityId, t => t with { Groups = groups });
            var now = ChannelIdsOf(communityId).ToHashSet();
            foreach (var gone in before.Where(id => !now.Contains(id)))
            {
                _permissions.Remove(gone);
            }

            foreach (var channel in now.Where(_permissions.ContainsKey).ToList())
            {
                await LoadPermissionsAsync(channel, refresh: true);
            }
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            // Left as it was: the next event or a reopened channel reads it again, and the server decides meanwhile.
        }

        ScheduleTimeoutEnd();
        Notify();
    }

    private IEnumerable<Guid> ChannelIdsOf(Guid communityId) =>
        Communities.Where(c => c.Community.Id == communityId).SelectMany(c => c.Groups).SelectMany(g => g.Channels).Select(c => c.Id);

    /// <summary>
    /// One timer for the earliest time-out still running (this user's, or a listed member's): when it ends, the composer
    /// re-enables and the badge goes without anyone sending or reloading.
    /// </summary>
    private void ScheduleTimeoutEnd()
    {
        var now = time.GetUtcNow();
        var next = _permissions.Values.Select(p => p.TimedOutUntil)
            .Concat(Communities.SelectMany(c => c.Members).Select(m => m.TimedOutUntil))
            .Where(until => until > now)
            .Min();
        _timeoutEnd?.Dispose();
        // Capped below a timer's longest due time (about 49 days); firing early only schedules the rest.
        _timeoutEnd = next is { } end
            ? time.CreateTimer(_ => OnTimeoutEnded(), null, TimeSpan.FromTicks(Math.Min((end - now).Ticks, MaxTimerDue.Ticks)), Timeout.InfiniteTimeSpan)
            : null;
    }

    private void OnTimeoutEnded()
    {
        ScheduleTimeoutEnd();
        Notify();
    }

    /// <summary>Stops the time-out timer with the session's other subscriptions.</summary>
    private sealed class TimeoutEndRegistration(ChatSession session) : IDisposable
    {
        public void Dispose()
        {
            session._timeoutEnd?.Dispose();
            session._timeoutEnd = null;
        }
    }
}
