namespace Chatalot.Protocol.Communities;

/// <summary>
/// A pending invitation of one named user to a community (<c>POST /communities/{id}/direct-invites</c>). The invitee
/// accepts or declines it; the inviter or an invite manager cancels it; it lapses at <see cref="ExpiresAt"/>.
/// </summary>
/// <param name="Id">The invite id.</param>
/// <param name="CommunityId">The community it admits to.</param>
/// <param name="CommunityName">The community's name (the invitee may see it: the invite is addressed to them).</param>
/// <param name="InviteeId">The invited user.</param>
/// <param name="InviteeUsername">The invited user's user name.</param>
/// <param name="InviterId">Who invited.</param>
/// <param name="InviterUsername">The inviter's user name.</param>
/// <param name="InviterDisplayName">The inviter's display name.</param>
/// <param name="InviterIsAdmin">
/// Whether the inviter was the community's owner or an admin when inviting (what a bot's "accept invites from admins"
/// policy checks: the server vouches for it).
/// </param>
/// <param name="CreatedAt">When it was sent.</param>
/// <param name="ExpiresAt">When it lapses unless answered.</param>
public sealed record DirectInvite(
    Guid Id,
    Guid CommunityId,
    string CommunityName,
    Guid InviteeId,
    string InviteeUsername,
    Guid InviterId,
    string InviterUsername,
    string InviterDisplayName,
    bool InviterIsAdmin,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
