using Chatalot.Protocol.Accounts;

namespace Chatalot.Protocol.Admin;

/// <summary>A user as instance administrators see it (<c>GET /admin/users</c>): the <see cref="User"/> members and more.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Username">The unique user name.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="Role">The instance-wide role.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="Suspended">Whether the account is suspended.</param>
/// <param name="SuspendedAt">When it was suspended, or <see langword="null"/>.</param>
/// <param name="SuspensionReason">The reason given when suspending, or <see langword="null"/>.</param>
/// <param name="LastSeenAt">The last sign-in or token refresh of any of its sessions, or <see langword="null"/> when it never signed in.</param>
/// <param name="StorageBytes">Ciphertext bytes of the attachments it uploaded (counted against its quota).</param>
/// <param name="AvatarId">The current avatar image, or <see langword="null"/>.</param>
/// <param name="TwoFactorEnabled">Whether two-factor sign-in is on (an administrator can reset it: <c>POST /admin/users/{id}/2fa/reset</c>).</param>
public sealed record AdminUser(
    Guid Id,
    string Username,
    string DisplayName,
    InstanceRole Role,
    DateTimeOffset CreatedAt,
    bool Suspended,
    DateTimeOffset? SuspendedAt,
    string? SuspensionReason,
    DateTimeOffset? LastSeenAt,
    long StorageBytes,
    Guid? AvatarId = null,
    bool TwoFactorEnabled = false)
{
    /// <summary>Whether the account is a bot (signs in with a bot token; docs/articles/bots.md). Clients mark bots as such.</summary>
    public bool IsBot { get; init; }
}
