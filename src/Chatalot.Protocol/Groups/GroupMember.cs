namespace Chatalot.Protocol.Groups;

/// <summary>A member of a group.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Role">The role in the group.</param>
/// <param name="JoinedAt">When the user joined.</param>
public sealed record GroupMember(Guid UserId, GroupRole Role, DateTimeOffset JoinedAt);
