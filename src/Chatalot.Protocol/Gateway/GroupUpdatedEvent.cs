namespace Chatalot.Protocol.Gateway;

/// <summary>A group was created or its settings changed; sent to community members who can see it.</summary>
/// <param name="Group">The group (without the recipient-specific role).</param>
public sealed record GroupUpdatedEvent(Groups.Group Group) : ServerEvent;
