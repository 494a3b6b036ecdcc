namespace Chatalot.Protocol.Communities;

/// <summary>Body of <c>POST /communities/{id}/direct-invites</c>: whom to invite, by exact user name.</summary>
/// <param name="Username">The invitee's user name (case-insensitive, exact).</param>
public sealed record CreateDirectInviteRequest(string Username);
