namespace Chatalot.Protocol.Communities;

/// <summary>A member of a community.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Username">The user name.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="Role">The role in the community.</param>
/// <param name="JoinedAt">When the user joined.</param>
/// <param name="AvatarId">The user's current avatar (<c>GET /users/{id}/avatar</c>), or null when none is set.</param>
public sealed record CommunityMember(Guid UserId, string Username, string DisplayName, CommunityRole Role, DateTimeOffset JoinedAt, Guid? AvatarId = null)
{
    private readonly IReadOnlyList<Guid> _roleIds = [];

    /// <summary>The member's custom roles (permissions.md §Roles); @everyone is implied and not listed. A JSON null reads as none.</summary>
    public IReadOnlyList<Guid> RoleIds { get => _roleIds; init => _roleIds = value ?? []; }

    /// <summary>When the member's time-out ends, or null when they are not timed out.</summary>
    public DateTimeOffset? TimedOutUntil { get; init; }

    /// <summary>Whether the account is a bot (signs in with a bot token; docs/articles/bots.md). Clients mark bots as such.</summary>
    public bool IsBot { get; init; }
}
