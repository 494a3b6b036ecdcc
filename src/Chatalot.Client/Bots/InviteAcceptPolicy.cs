namespace Chatalot.Client.Bots;

/// <summary>Which community invites a hosted bot accepts by itself (<see cref="ChatalotBotOptions.AutoAcceptInvites"/>).</summary>
public enum InviteAcceptPolicy
{
    /// <summary>None: invites wait for code (or a person) to accept them. The default.</summary>
    Never = 0,

    /// <summary>
    /// Invites whose inviter was the community's owner or an admin when inviting, as the server vouches in
    /// <see cref="Protocol.Communities.DirectInvite.InviterIsAdmin"/>; other invites are left pending.
    /// </summary>
    FromCommunityAdmins = 1,
}
