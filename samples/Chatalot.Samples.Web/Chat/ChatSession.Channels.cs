using Chatalot.Client;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Channels live: settings (name, topic, order, read-only, slow mode), deletion, and the directory kept current from the
/// gateway's channel, group and community events, so what someone else changes shows up without a reload.
/// </summary>
public sealed partial class ChatSession
{
    private readonly Dictionary<Guid, DateTimeOffset> _slowModeUntil = [];

    /// <summary>Whether this user may change a channel's settings and delete it (effective group admin, permissions.md).</summary>
    public bool CanManage(ChannelEntry channel) =>
        !channel.IsDirect && RolesOf(channel.Id) is var (community, group)
        && (community is CommunityRole.Admin or CommunityRole.Owner || group is GroupRole.Admin or GroupRole.Owner
            || HasPermissionIn(channel.Id, Chatalot.Protocol.Roles.CommunityPermissions.ManageChannels));

    /// <summary>Whether this user may post: read-only channels take only group admins and community moderators.</summary>
    public bool CanPost(ChannelEntry channel) => !channel.Channel.ReadOnly || IsExemptFromChannelRules(channel);

    /// <summary>Whether slow mode and read-only apply to this user in the channel (moderators are exempt, permissions.md).</summary>
    public bool IsExemptFromChannelRules(ChannelEntry channel) =>
        channel.IsDirect || (RolesOf(channel.Id) is var (community, group)
            && (community is CommunityRole.Moderator or CommunityRole.Admin or CommunityRole.Owner || group is GroupRole.Admin or GroupRole.Owner));

    /// <summary>How long this user still waits before posting again after a <c>slow_mode</c> refusal; null when they may post.</summary>
    public TimeSpan? SlowModeWait(Guid channelId) =>
        _slowModeUntil.TryGetValue(channelId, out var until) && until - time.GetUtcNow() is { } left && left > TimeSpan.Zero ? left : null;

    /// <summary>
    /// Records a <c>slow_mode</c> refusal of a send (the composer then shows the wait instead of an error); false for any
    /// other error, which the composer reports itself.
    /// </summary>
    public bool NoteSlowMode(Guid channelId, ChatalotClientException error)
    {
        if (error.Code != Chatalot.Protocol.Errors.ErrorCodes.SlowMode)
        {
            return false;
        }

        var wait = (error as ChatalotApiException)?.RetryAfter
            ?? TimeSpan.FromSeconds(Math.Max(1, FindChannel(channelId)?.Channel.SlowModeSeconds ?? 1));
        _slowModeUntil[channelId] = time.GetUtcNow() + wait;
        Notify();
        return true;
    }

    /// <summary>Changes a channel's settings (<c>PATCH /channels/{id}</c>); throws <see cref="ChatalotClientException"/>.</summary>
    public async Task UpdateChannelAsync(Guid channelId, UpdateChannelRequest request) =>
        ApplyChannel(await RequireClient().Rest.UpdateChannelAsync(new ChannelId(channelId), request));

    /// <summary>Deletes a channel with its messages, for everyone; throws <see cref="ChatalotClientException"/>.</summary>
    public async Task DeleteChannelAsync(Guid channelId)
    {
        await RequireClient().Rest.DeleteChannelAsync(new ChannelId(channelId));
        RemoveChannel(channelId);
    }

    /// <summary>
    /// Moves a channel one place up (<paramref name="delta"/> -1) or down (+1) in its group. Positions are renumbered
    /// 0, 1, 2… in the shown order first, so channels that all still have the default position 0 reorder too; only the
    /// channels whose position changes are patched.
    /// </summary>
    public async Task MoveChannelAsync(Guid channelId, int delta)
    {
        var group = Communities.SelectMany(c => c.Groups).FirstOrDefault(g => g.Channels.Any(c => c.Id == channelId));
        if (group is null)
        {
            return;
        }

        var order = group.Channels.ToList();
        var index = order.FindIndex(c => c.Id == channelId);
        var target = index + delta;
        if (target < 0 || target >= order.Count)
        {
            return;
        }

        (order[index], order[target]) = (order[target], order[index]);
        var rest = RequireClient().Rest;
        for (var position = 0; position < order.Count; position++)
        {
            if (order[position].Channel.Position != position)
            {
                ApplyChannel(await rest.UpdateChannelAsync(new ChannelId(order[position].Id), new UpdateChannelRequest(Position: position)));
            }
        }
    }

    private static IReadOnlyList<ChannelEntry> Sorted(IEnumerable<ChannelEntry> channels) =>
        [.. channels.OrderBy(c => c.Channel.Position).ThenBy(c => c.Channel.CreatedAt).ThenBy(c => c.Id)];

    private static ChannelEntry EntryOf(Channel channel, Community community, Group group) =>
        new(channel, channel.Name ?? "channel", community.Name + " › " + group.Name, null);

    private (CommunityRole? Community, GroupRole? Group)? RolesOf(Guid channelId)
    {
        foreach (var tree in Communities)
        {
            foreach (var group in tree.Groups)
            {
                if (group.Channels.Any(c => c.Id == channelId))
                {
                    return (tree.Community.MyRole, group.Group.MyRole);
                }
            }
        }

        return null;
    }

    private void SubscribeDirectoryEvents(ChatalotClient client)
    {
        SubscribeServerEvents(client);
        SubscribeLiveRoleEvents(client);
        SubscribeInviteEvents(client);
        _subscriptions.Add(client.Events.On<ChannelCreated>((e, _) => Apply(() => ApplyChannel(e.Channel))));
        _subscriptions.Add(client.Events.On<ChannelUpdated>((e, _) => Apply(() => ApplyChannel(e.Channel))));
        _subscriptions.Add(client.Events.On<ChannelDeleted>((e, _) => Apply(() => RemoveChannel(e.ChannelId.Value))));
        _subscriptions.Add(client.Events.On<GroupUpdated>((e, _) => new ValueTask(ApplyGroupAsync(e.Group))));
        _subscriptions.Add(client.Events.On<GroupDeleted>((e, _) => Apply(() => ReplaceCommunity(e.CommunityId.Value, tree =>
            tree with { Groups = [.. tree.Groups.Where(g => g.Group.Id != e.GroupId.Value)] }))));
        _subscriptions.Add(client.Events.On<CommunityUpdated>((e, _) => Apply(() => ReplaceCommunity(e.Community.Id, tree =>
            tree with { Community = e.Community with { MyRole = e.Community.MyRole ?? tree.Community.MyRole } }))));
        _subscriptions.Add(client.Events.On<CommunityDeleted>((e, _) => Apply(() =>
        {
            Communities = [.. Communities.Where(c => c.Community.Id != e.CommunityId.Value)];
            Notify();
        })));
    }

    private static ValueTask Apply(Action action)
    {
        action();
        return ValueTask.CompletedTask;
    }

    /// <summary>Puts a new or changed channel in its group, in order (an archived one leaves the list); idempotent.</summary>
    private void ApplyChannel(Channel channel)
    {
        if (channel.GroupId is not { } groupId || channel.CommunityId is not { } communityId)
        {
            return;
        }

        ReplaceCommunity(communityId, tree => tree with
        {
            Groups = [.. tree.Groups.Select(g => g.Group.Id != groupId ? g : g with
            {
                Channels = Sorted(g.Channels.Where(c => c.Id != channel.Id)
                    .Concat(channel.Archived ? [] : [EntryOf(channel, tree.Community, g.Group)])),
            })],
        });
    }

    private void RemoveChannel(Guid channelId)
    {
        Communities = [.. Communities.Select(tree => tree with
        {
            Groups = [.. tree.Groups.Select(g => g with { Channels = [.. g.Channels.Where(c => c.Id != channelId)] })],
        })];
        Notify();
    }

    /// <summary>A renamed group changes in place; a group new to this user (created, or made visible) is listed with its channels.</summary>
    private async Task ApplyGroupAsync(Group group)
    {
        if (Communities.SelectMany(c => c.Groups).Any(g => g.Group.Id == group.Id))
        {
            ReplaceCommunity(group.CommunityId, tree => tree with
            {
                Groups = [.. tree.Groups.Select(g => g.Group.Id != group.Id ? g : g with { Group = group with { MyRole = group.MyRole ?? g.Group.MyRole } })],
            });
        }
        else if (Communities.Any(c => c.Community.Id == group.CommunityId))
        {
            await RefreshDirectoryAsync();
        }
    }

    private void ReplaceCommunity(Guid communityId, Func<CommunityTree, CommunityTree> change)
    {
        var trees = Communities.ToList();
        var index = trees.FindIndex(c => c.Community.Id == communityId);
        if (index < 0)
        {
            return;
        }

        trees[index] = change(trees[index]);
        Communities = trees;
        Notify();
    }
}
