using Chatalot.Client;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;

namespace Chatalot.Samples.Web.Chat;

/// <summary>Communities, groups, channels, DMs and the names of the people in them.</summary>
public sealed partial class ChatSession
{
    private readonly Dictionary<Guid, string> _names = [];

    public IReadOnlyList<CommunityTree> Communities { get; private set; } = [];

    public IReadOnlyList<ChannelEntry> DirectChannels { get; private set; } = [];

    /// <summary>Every channel and DM, for the quick switcher and keyboard navigation.</summary>
    public IEnumerable<ChannelEntry> AllChannels =>
        Communities.SelectMany(c => c.Groups).SelectMany(g => g.Channels).Concat(DirectChannels);

    public ChannelEntry? FindChannel(Guid id) => AllChannels.FirstOrDefault(c => c.Id == id);

    public CommunityTree? CommunityOf(Guid channelId) =>
        Communities.FirstOrDefault(c => c.Groups.Any(g => g.Channels.Any(ch => ch.Id == channelId)));

    /// <summary>A user's current display name, or null when unknown.</summary>
    public string? DisplayNameOf(Guid userId) => userId == Me?.Id ? Me.DisplayName : _names.GetValueOrDefault(userId);

    public string NameOf(Guid userId) => userId == Me?.Id ? Me.DisplayName : _names.GetValueOrDefault(userId, "someone");

    public async Task RefreshDirectoryAsync()
    {
        var rest = RequireClient().Rest;
        var trees = new List<CommunityTree>();
        foreach (var community in await rest.GetCommunitiesAsync())
        {
            var groups = new List<GroupTree>();
            foreach (var group in await rest.GetGroupsAsync(new CommunityId(community.Id)))
            {
                if (group.MyRole is null)
                {
                    // Not a member. The server already puts every community member in each public group (on joining
                    // the community and when the group is created), so this is a group the user was removed from or
                    // left: joining it again here would undo a moderator's decision.
                    continue;
                }

                var channels = await rest.GetGroupChannelsAsync(new GroupId(group.Id));
                groups.Add(new GroupTree(group, Sorted(channels.Where(c => !c.Archived).Select(c => EntryOf(c, community, group)))));
            }

            var members = (await rest.GetCommunityMembersAsync(new CommunityId(community.Id), limit: 200)).Members;
            foreach (var member in members)
            {
                _names[member.UserId] = member.DisplayName;
                NoteBot(member.UserId, member.IsBot);
                NoteAvatar(member.UserId, member.AvatarId);
            }

            trees.Add(new CommunityTree(community, groups, members));
        }

        var dms = new List<ChannelEntry>();
        foreach (var dm in await rest.GetDirectChannelsAsync())
        {
            var partner = dm.DmUserIds?.FirstOrDefault(u => u != Me?.Id) ?? Me!.Id;
            if (!_names.ContainsKey(partner))
            {
                var user = await rest.GetUserAsync(new UserId(partner));
                _names[partner] = user.DisplayName;
                NoteBot(partner, user.IsBot);
                NoteAvatar(partner, user.AvatarId);
            }

            dms.Add(new ChannelEntry(dm, _names[partner], "Direct message", partner));
        }

        Communities = trees;
        DirectChannels = dms;
        await LoadReadStatesAsync();
        ScheduleTimeoutEnd();
        Notify();
    }

    public async Task<Community> CreateCommunityAsync(string name)
    {
        var rest = RequireClient().Rest;
        var community = await rest.CreateCommunityAsync(new CreateCommunityRequest(name.Trim()));
        // A community starts with a "general" group and text channel unless the server made them already.
        var groups = await rest.GetGroupsAsync(new CommunityId(community.Id));
        var group = groups.Count > 0 ? groups[0] : await rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("General"));
        if ((await rest.GetGroupChannelsAsync(new GroupId(group.Id))).Count == 0)
        {
            await rest.CreateChannelAsync(new GroupId(group.Id), new CreateChannelRequest("general"));
        }

        // No reconnect: the client subscribes to new channels itself (channel_created, and a group's own #general on
        // group_updated).
        await RefreshDirectoryAsync();
        return community;
    }

    public async Task CreateGroupAsync(Guid communityId, string name)
    {
        var rest = RequireClient().Rest;
        var group = await rest.CreateGroupAsync(new CommunityId(communityId), new CreateGroupRequest(name.Trim()));
        // The server gives a new group its #general; older servers may not.
        if ((await rest.GetGroupChannelsAsync(new GroupId(group.Id))).Count == 0)
        {
            await rest.CreateChannelAsync(new GroupId(group.Id), new CreateChannelRequest("general"));
        }

        await RefreshDirectoryAsync();
    }

    public async Task<Channel> CreateChannelAsync(Guid groupId, string name, string? topic, ChannelType type = ChannelType.Text)
    {
        var channel = await RequireClient().Rest.CreateChannelAsync(new GroupId(groupId), new CreateChannelRequest(name.Trim(), type, NullIfEmpty(topic)));
        // The server's channel_created may come before or after this answer; either one puts it in the sidebar, once.
        ApplyChannel(channel);
        return channel;
    }

    /// <summary>Creates a one-use registration invite code (owners and admins, for invite-only servers).</summary>
    public async Task<string> CreateRegistrationInviteAsync() =>
        (await RequireClient().Rest.AdminCreateRegistrationInviteAsync(new Chatalot.Protocol.Accounts.CreateInviteRequest(MaxUses: 1, ExpiresInHours: 24 * 7))).Code;

    /// <summary>Creates an invite link for a community (the code goes after <c>/invite/</c>).</summary>
    public async Task<string> CreateInviteAsync(Guid communityId) =>
        (await RequireClient().Rest.CreateCommunityInviteAsync(new CommunityId(communityId))).Code;

    public async Task<Guid> AcceptInviteAsync(string code)
    {
        var community = await RequireClient().Rest.AcceptInviteAsync(code.Trim());
        await RefreshDirectoryAsync();
        return community.CommunityId;
    }

    public async Task<ChannelEntry> OpenDirectAsync(Guid userId)
    {
        var channel = await RequireClient().Rest.OpenDirectChannelAsync(new UserId(userId));
        await RefreshDirectoryAsync();
        return FindChannel(channel.Id) ?? new ChannelEntry(channel, NameOf(userId), "Direct message", userId);
    }

    /// <summary>People this user may start a DM with whose user name or display name starts with <paramref name="query"/> (<c>GET /users/search</c>).</summary>
    public async Task<IReadOnlyList<User>> SearchPeopleAsync(string query)
    {
        var users = await RequireClient().Rest.SearchUsersAsync(query.Trim(), limit: 10);
        foreach (var user in users)
        {
            _names.TryAdd(user.Id, user.DisplayName);
        }

        return [.. users.Where(u => u.Id != Me?.Id)];
    }

    private void ClearDirectory()
    {
        Communities = [];
        DirectChannels = [];
        _names.Clear();
        _messages.Clear();
        _loadedChannels.Clear();
        _archiveExhausted.Clear();
        IdentityWarnings.Clear();
        ClearAttention();
        ClearConversations();
    }

    private ChatalotClient RequireClient() => Client ?? throw new InvalidOperationException("Not signed in.");
}
