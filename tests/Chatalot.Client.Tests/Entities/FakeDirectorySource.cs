using System.Collections.Concurrent;
using Chatalot.Client.Entities.Internal;
using Chatalot.Protocol.Channels;

namespace Chatalot.Client.Tests.Entities;

/// <summary>An in-memory directory source that counts its reads and can hold them until a test releases them.</summary>
internal sealed class FakeDirectorySource : IDirectorySource
{
    public ConcurrentDictionary<Guid, DirectoryUser> Users { get; } = new();

    public ConcurrentDictionary<Guid, List<Guid>> Members { get; } = new();

    public ConcurrentDictionary<Guid, DirectoryChannel> Channels { get; } = new();

    public ConcurrentDictionary<Guid, DirectoryCommunity> Communities { get; } = new();

    public ConcurrentDictionary<Guid, DirectoryGroup> Groups { get; } = new();

    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every read waits for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, every read throws it.</summary>
    public Exception? Failure { get; set; }

    public int CallsTo(string name) => Calls.GetValueOrDefault(name);

    public DirectoryUser AddUser(string name, Guid? community = null)
    {
        var user = new DirectoryUser(new UserId(Guid.NewGuid()), name, name.ToUpperInvariant());
        Users[user.Id.Value] = user;
        if (community is { } c)
        {
            Members.GetOrAdd(c, _ => []).Add(user.Id.Value);
        }

        return user;
    }

    public (DirectoryCommunity Community, DirectoryChannel Channel) AddCommunity(string community, string channel)
    {
        var c = new DirectoryCommunity(new CommunityId(Guid.NewGuid()), community);
        var ch = new DirectoryChannel(new ChannelId(Guid.NewGuid()), channel, ChannelType.Text, c.Id, new GroupId(Guid.NewGuid()));
        Communities[c.Id.Value] = c;
        Channels[ch.Id.Value] = ch;
        return (c, ch);
    }

    public async Task<DirectoryUser?> GetUserAsync(UserId user, CancellationToken cancellationToken) =>
        await Read(nameof(GetUserAsync), () => Users.GetValueOrDefault(user.Value));

    public async Task<IReadOnlyList<DirectoryUser>> SearchUsersAsync(string query, CancellationToken cancellationToken) =>
        await Read(nameof(SearchUsersAsync), () => (IReadOnlyList<DirectoryUser>)[.. Users.Values.Where(u => u.Username.Contains(query, StringComparison.OrdinalIgnoreCase))]);

    public async Task<IReadOnlyList<DirectoryUser>> CommunityMembersAsync(CommunityId community, int limit, CancellationToken cancellationToken) =>
        await Read(nameof(CommunityMembersAsync), () => (IReadOnlyList<DirectoryUser>)[.. Members.GetValueOrDefault(community.Value, []).Take(limit).Select(id => Users[id])]);

    public async Task<DirectoryChannel?> GetChannelAsync(ChannelId channel, CancellationToken cancellationToken) =>
        await Read(nameof(GetChannelAsync), () => Channels.GetValueOrDefault(channel.Value));

    public async Task<IReadOnlyList<DirectoryChannel>> GetChannelsAsync(CancellationToken cancellationToken) =>
        await Read(nameof(GetChannelsAsync), () => (IReadOnlyList<DirectoryChannel>)[.. Channels.Values]);

    public async Task<DirectoryCommunity?> GetCommunityAsync(CommunityId community, CancellationToken cancellationToken) =>
        await Read(nameof(GetCommunityAsync), () => Communities.GetValueOrDefault(community.Value));

    public async Task<IReadOnlyList<DirectoryCommunity>> GetCommunitiesAsync(CancellationToken cancellationToken) =>
        await Read(nameof(GetCommunitiesAsync), () => (IReadOnlyList<DirectoryCommunity>)[.. Communities.Values]);

    public async Task<DirectoryGroup?> GetGroupAsync(GroupId group, CancellationToken cancellationToken) =>
        await Read(nameof(GetGroupAsync), () => Groups.GetValueOrDefault(group.Value));

    private async Task<T> Read<T>(string name, Func<T> answer)
    {
        Calls.AddOrUpdate(name, 1, (_, n) => n + 1);
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return answer();
    }
}
