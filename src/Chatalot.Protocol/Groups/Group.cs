namespace Chatalot.Protocol.Groups;

/// <summary>A group inside a community; it holds channels.</summary>
/// <param name="Id">The group id.</param>
/// <param name="CommunityId">The community.</param>
/// <param name="Name">The name, 1-64 characters.</param>
/// <param name="Description">The description.</param>
/// <param name="Visibility">Public or private.</param>
/// <param name="Discoverable">Whether a private group is listed (by name only) to community members.</param>
/// <param name="OwnerId">The owner.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="MyRole">The caller's role, when the caller is a member.</param>
public sealed record Group(
    Guid Id,
    Guid CommunityId,
    string Name,
    string? Description,
    GroupVisibility Visibility,
    bool Discoverable,
    Guid OwnerId,
    DateTimeOffset CreatedAt,
    GroupRole? MyRole = null);
