namespace Chatalot.Client;

/// <summary>A community as the client's <see cref="EntityDirectory"/> knows it.</summary>
/// <param name="Id">The community.</param>
/// <param name="Name">Its name.</param>
public sealed record DirectoryCommunity(CommunityId Id, string Name);
