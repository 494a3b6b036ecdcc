namespace Chatalot.Protocol.Bots;

/// <summary>
/// A bot account as the people who manage it see it (<c>GET /bots</c>): its creator, the admins of the community it was
/// created in, and instance administrators (permissions.md §Bots). The token itself is never part of it.
/// </summary>
/// <param name="Id">The bot's user id.</param>
/// <param name="Username">The bot's unique user name.</param>
/// <param name="DisplayName">The bot's display name.</param>
/// <param name="CommunityId">The community it was created in (and added to), or null for a bot an instance administrator created outside any community.</param>
/// <param name="CreatedBy">The user who created it.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="TokenIssuedAt">When its current token was issued, or null when its token is revoked (sign-in is refused until it is rotated).</param>
/// <param name="AvatarId">The bot's avatar (<c>GET /users/{id}/avatar</c>; the bot sets it with its own session), or null.</param>
public sealed record Bot(
    Guid Id,
    string Username,
    string DisplayName,
    Guid? CommunityId,
    Guid CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? TokenIssuedAt,
    Guid? AvatarId = null);
