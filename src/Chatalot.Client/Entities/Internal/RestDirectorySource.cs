using System.Net;
using Chatalot.Client.Rest;
using Chatalot.Protocol.Channels;

namespace Chatalot.Client.Entities.Internal;

/// <summary>The REST reads behind <see cref="EntityDirectory"/>: existing routes only (no batch endpoint is needed).</summary>
internal sealed class RestDirectorySource(ChatalotRestClient rest) : IDirectorySource
{
    private const int MemberPage = 200;

    public Task<DirectoryUser?> GetUserAsync(UserId user, CancellationToken cancellationToken) =>
        OrNull(async () => ToEntry(await rest.GetUserAsync(user, cancellationToken).ConfigureAwait(false)));

    public async Task<IReadOnlyList<DirectoryUser>> SearchUsersAsync(string query, CancellationToken cancellationToken) =>
        [.. (await rest.SearchUsersAsync(query, limit: 25, cancellationToken).ConfigureAwait(false)).Select(ToEntry)];

    public async Task<IReadOnlyList<DirectoryUser>> CommunityMembersAsync(CommunityId community, int limit, CancellationToken cancellationToken)
    {
        var result = new List<DirectoryUser>();
        UserId? after = null;
        while (result.Count < limit)
        {
            var page = await rest.GetCommunityMembersAsync(community, after, Math.Min(MemberPage, limit - result.Count), cancellationToken).ConfigureAwait(false);
            result.AddRange(page.Members.Select(m => new DirectoryUser(new UserId(m.UserId), m.Username, m.DisplayName, m.AvatarId) { IsBot = m.IsBot }));
            if (!page.Page.HasMore || page.Members.Count == 0)
            {
                break;
            }

            after = new UserId(page.Members[^1].UserId);
        }

        return result;
    }

    public Task<DirectoryChannel?> GetChannelAsync(ChannelId channel, CancellationToken cancellationToken) =>
        OrNull(async () => ToEntry(await rest.GetChannelAsync(channel, cancellationToken).ConfigureAwait(false)));

    public async Task<IReadOnlyList<DirectoryChannel>> GetChannelsAsync(CancellationToken cancellationToken) =>
        [.. (await rest.GetChannelsAsync(cancellationToken).ConfigureAwait(false)).Select(ToEntry)];

    public Task<DirectoryCommunity?> GetCommunityAsync(CommunityId community, CancellationToken cancellationToken) =>
        OrNull(async () => ToEntry(await rest.GetCommunityAsync(community, cancellationToken).ConfigureAwait(false)));

    public async Task<IReadOnlyList<DirectoryCommunity>> GetCommunitiesAsync(CancellationToken cancellationToken) =>
        [.. (await rest.GetCommunitiesAsync(cancellationToken).ConfigureAwait(false)).Select(ToEntry)];

    public Task<DirectoryGroup?> GetGroupAsync(GroupId group, CancellationToken cancellationToken) =>
        OrNull(async () => ToEntry(await rest.GetGroupAsync(group, cancellationToken).ConfigureAwait(false)));

    public static DirectoryUser ToEntry(Protocol.Accounts.User user) => new(new UserId(user.Id), user.Username, user.DisplayName, user.AvatarId) { IsBot = user.IsBot };

    public static DirectoryChannel ToEntry(Channel channel) => new(
        new ChannelId(channel.Id),
        channel.Name,
        channel.Type,
        channel.CommunityId is { } c ? new CommunityId(c) : null,
        channel.GroupId is { } g ? new GroupId(g) : null);

    public static DirectoryCommunity ToEntry(Protocol.Communities.Community community) => new(new CommunityId(community.Id), community.Name);

    public static DirectoryGroup ToEntry(Protocol.Groups.Group group) => new(new GroupId(group.Id), new CommunityId(group.CommunityId), group.Name);

    /// <summary>Not found and not visible read as "unknown"; anything else (network, server) is the caller's to see.</summary>
    private static async Task<T?> OrNull<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (ChatalotApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }
    }
}
