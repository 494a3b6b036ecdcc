namespace Chatalot.Protocol.Roles;

/// <summary>A community role (permissions.md §Roles). The @everyone role has the community's id, position 0 and <see cref="IsDefault"/>.</summary>
/// <param name="Id">The role; for @everyone, the community's id.</param>
/// <param name="CommunityId">The community.</param>
/// <param name="Name">The name (1-100 characters); <c>@everyone</c> for the default role.</param>
/// <param name="Color">Colour as <c>#rrggbb</c>, or null for none.</param>
/// <param name="Position">Rank among the roles: higher outranks lower; 0 is @everyone, custom roles count from 1.</param>
/// <param name="Permissions">The flags the role grants.</param>
/// <param name="Hoist">Whether clients list its members separately.</param>
/// <param name="Mentionable">Whether anyone may <c>@mention</c> the role (advisory, clients enforce it).</param>
/// <param name="IsDefault">True for @everyone, which every member holds and which cannot be deleted, renamed or moved.</param>
public sealed record Role(Guid Id, Guid CommunityId, string Name, string? Color, int Position, CommunityPermissions Permissions, bool Hoist, bool Mentionable, bool IsDefault);
