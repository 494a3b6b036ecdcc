using Chatalot.Protocol.Roles;

namespace Chatalot.Protocol.Gateway;

/// <summary>A community's roles changed (created, edited, reordered or deleted); sent to its members with every role now, @everyone first, then by position.</summary>
/// <param name="CommunityId">The community.</param>
/// <param name="Roles">Every role of the community now.</param>
public sealed record RolesUpdatedEvent(Guid CommunityId, IReadOnlyList<Role> Roles) : ServerEvent;
