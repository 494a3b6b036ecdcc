using Chatalot.Protocol.Gateway;

namespace Chatalot.Protocol.Profiles;

/// <summary>
/// A user's profile as the caller may see it (<c>GET /users/{id}/profile</c>, <c>user_updated</c>): served to the user
/// themself and to people who share a community or a direct message with them (permissions.md §Profiles).
/// </summary>
/// <param name="Id">The user id.</param>
/// <param name="Username">The unique user name.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="Bio">The bio, or null when none is set.</param>
/// <param name="Pronouns">The pronouns, or null when none are set.</param>
/// <param name="AvatarId">The current avatar image (<c>GET /users/{id}/avatar</c>), or null.</param>
/// <param name="BannerId">The current banner image (<c>GET /users/{id}/banner</c>), or null.</param>
/// <param name="Status">The presence as others see it now (invisible and disconnected users are offline).</param>
/// <param name="CustomStatus">The custom status text; null when none is set, it expired, or the user appears offline.</param>
/// <param name="CustomStatusExpiresAt">When <paramref name="CustomStatus"/> stops being shown; null when it does not expire.</param>
public sealed record UserProfile(
    Guid Id,
    string Username,
    string DisplayName,
    string? Bio,
    string? Pronouns,
    Guid? AvatarId,
    Guid? BannerId,
    PresenceStatus Status,
    string? CustomStatus = null,
    DateTimeOffset? CustomStatusExpiresAt = null)
{
    /// <summary>Whether the account is a bot (signs in with a bot token; docs/articles/bots.md). Clients mark bots as such.</summary>
    public bool IsBot { get; init; }
}
