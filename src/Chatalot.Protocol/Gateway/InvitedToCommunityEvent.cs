using Chatalot.Protocol.Communities;

namespace Chatalot.Protocol.Gateway;

/// <summary>Sent to a user when someone invites them to a community by name.</summary>
/// <param name="Invite">The pending invite.</param>
public sealed record InvitedToCommunityEvent(DirectInvite Invite) : ServerEvent;
