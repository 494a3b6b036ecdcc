namespace Chatalot.Protocol.Emoji;

/// <summary>
/// A community's custom emoji (<c>GET /communities/{id}/emoji</c>), written <c>:name:</c> in messages and reactions
/// (content.md §3.3). Its image is served at <c>GET /emoji/{id}</c> to members of the community.
/// </summary>
/// <param name="Id">The emoji id (UUIDv7).</param>
/// <param name="CommunityId">The community it belongs to.</param>
/// <param name="Name">The name, <c>[a-z0-9_]{2,32}</c>, unique in the community.</param>
/// <param name="MediaType">The image's checked media type (PNG, GIF or WebP).</param>
/// <param name="CreatedBy">Who uploaded it.</param>
/// <param name="CreatedAt">When it was uploaded.</param>
public sealed record CustomEmoji(Guid Id, Guid CommunityId, string Name, string MediaType, Guid CreatedBy, DateTimeOffset CreatedAt);
