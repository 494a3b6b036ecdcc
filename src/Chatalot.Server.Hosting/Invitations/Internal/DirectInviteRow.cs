namespace Chatalot.Server.Hosting.Invitations.Internal;

/// <summary>A pending invitation of one user to a community; answered, cancelled or lapsed invites have no row.</summary>
internal sealed class DirectInviteRow
{
    public Guid Id { get; set; }
    public Guid CommunityId { get; set; }
    public Guid InviteeId { get; set; }
    public Guid InviterId { get; set; }

    /// <summary>Whether the inviter was owner or admin at invite time (what a bot's auto-accept policy trusts).</summary>
    public bool InviterIsAdmin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
