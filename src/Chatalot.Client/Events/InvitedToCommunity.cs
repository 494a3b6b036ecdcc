using Chatalot.Protocol.Communities;

namespace Chatalot.Client;

/// <summary>
/// Someone invited the signed-in user to a community by user name. Accept with
/// <see cref="Rest.ChatalotRestClient.AcceptDirectInviteAsync"/> or decline with
/// <see cref="Rest.ChatalotRestClient.DeclineDirectInviteAsync"/>; a hosted bot can accept automatically
/// (<see cref="Bots.ChatalotBotOptions.AutoAcceptInvites"/>).
/// </summary>
public sealed record InvitedToCommunity : ChatalotEvent
{
    /// <summary>The invite, as <c>GET /users/me/invites</c> lists it.</summary>
    public required DirectInvite Invite { get; init; }

    /// <summary>The invite's id (what accept, decline and cancel take).</summary>
    public Guid InviteId => Invite.Id;

    /// <summary>The community the invite admits to.</summary>
    public CommunityId CommunityId => new(Invite.CommunityId);

    /// <summary>The community's name.</summary>
    public string CommunityName => Invite.CommunityName;

    /// <summary>Who invited.</summary>
    public UserId InviterId => new(Invite.InviterId);

    /// <summary>The inviter's user name.</summary>
    public string InviterUsername => Invite.InviterUsername;

    /// <summary>The inviter's display name.</summary>
    public string InviterDisplayName => Invite.InviterDisplayName;

    /// <summary>Whether the server vouches that the inviter was the community's owner or an admin when inviting.</summary>
    public bool InviterIsAdmin => Invite.InviterIsAdmin;

    /// <inheritdoc />
    public override string OrderingKey => "invites";
}
