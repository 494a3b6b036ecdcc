namespace Chatalot.Protocol.Accounts;

/// <summary>A user as other users see it.</summary>
/// <param name="Id">The user id (UUIDv7).</param>
/// <param name="Username">The unique user name.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="Role">The instance-wide role.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="Suspended">Whether the account is suspended.</param>
/// <param name="AvatarId">The current avatar image (served at <c>GET /users/{id}/avatar</c>), or null when none is set.</param>
public sealed record User(
    Guid Id,
    string Username,
    string DisplayName,
    InstanceRole Role,
    DateTimeOffset CreatedAt,
    bool Suspended = false,
    Guid? AvatarId = null)
{
    /// <summary>Whether the account is a bot (signs in with a bot token; docs/articles/bots.md). Clients mark bots as such.</summary>
    public bool IsBot { get; init; }
}
