namespace Chatalot.Client;

/// <summary>A channel as the client's <see cref="EntityDirectory"/> knows it.</summary>
/// <param name="Id">The channel.</param>
/// <param name="Name">Its name; null for a direct-message channel, which has none.</param>
/// <param name="Kind">Group text channel or direct message.</param>
/// <param name="CommunityId">Its community; null for a direct-message channel.</param>
/// <param name="GroupId">Its group; null for a direct-message channel.</param>
public sealed record DirectoryChannel(ChannelId Id, string? Name, Protocol.Channels.ChannelType Kind, CommunityId? CommunityId, GroupId? GroupId);
