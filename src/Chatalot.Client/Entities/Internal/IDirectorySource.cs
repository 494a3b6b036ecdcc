namespace Chatalot.Client.Entities.Internal;

/// <summary>Where <see cref="EntityDirectory"/> reads what it does not hold: the REST API (tests count the calls).</summary>
internal interface IDirectorySource
{
    /// <summary>A user, or null when the server does not show them to this user.</summary>
    Task<DirectoryUser?> GetUserAsync(UserId user, CancellationToken cancellationToken);

    /// <summary>Users whose name contains <paramref name="query"/>, among those this user may see.</summary>
    Task<IReadOnlyList<DirectoryUser>> SearchUsersAsync(string query, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> members of a community, with their names.</summary>
    Task<IReadOnlyList<DirectoryUser>> CommunityMembersAsync(CommunityId community, int limit, CancellationToken cancellationToken);

    /// <summary>A channel, or null when not found or not readable.</summary>
    Task<DirectoryChannel?> GetChannelAsync(ChannelId channel, CancellationToken cancellationToken);

    /// <summary>Every channel this user can read.</summary>
    Task<IReadOnlyList<DirectoryChannel>> GetChannelsAsync(CancellationToken cancellationToken);

    /// <summary>A community, or null when not found or not visible.</summary>
    Task<DirectoryCommunity?> GetCommunityAsync(CommunityId community, CancellationToken cancellationToken);

    /// <summary>This user's communities.</summary>
    Task<IReadOnlyList<DirectoryCommunity>> GetCommunitiesAsync(CancellationToken cancellationToken);

    /// <summary>A group, or null when not found or not visible.</summary>
    Task<DirectoryGroup?> GetGroupAsync(GroupId group, CancellationToken cancellationToken);
}
