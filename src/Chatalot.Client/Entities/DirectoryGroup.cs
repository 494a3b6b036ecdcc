namespace Chatalot.Client;

/// <summary>A group as the client's <see cref="EntityDirectory"/> knows it.</summary>
/// <param name="Id">The group.</param>
/// <param name="CommunityId">Its community.</param>
/// <param name="Name">Its name.</param>
public sealed record DirectoryGroup(GroupId Id, CommunityId CommunityId, string Name);
