namespace Chatalot.Client;

/// <summary>A pending invite of the signed-in user was cancelled by its inviter or an invite manager.</summary>
public sealed record InviteWithdrawn : ChatalotEvent
{
    /// <summary>The invite.</summary>
    public required Guid InviteId { get; init; }

    /// <summary>The community it was for.</summary>
    public required CommunityId CommunityId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "invites";
}
