namespace Chatalot.Protocol.Gateway;

/// <summary>Sent to the invitee when a pending direct invite was cancelled by the inviter or an invite manager.</summary>
/// <param name="InviteId">The invite.</param>
/// <param name="CommunityId">The community it was for.</param>
public sealed record InviteWithdrawnEvent(Guid InviteId, Guid CommunityId) : ServerEvent;
