namespace Chatalot.Client;

/// <summary>
/// A community's roles were created, edited, reordered or deleted (<c>roles_updated</c>). Permissions derived from roles
/// may have changed: re-read the effective permissions of an open channel
/// (<see cref="Rest.ChatalotRestClient.GetMyPermissionsAsync"/>). Channels that became readable are subscribed by the
/// client itself; channels no longer readable end with the server's subscription revocation.
/// </summary>
public sealed record RolesUpdated : ChatalotEvent
{
    /// <summary>The community.</summary>
    public required CommunityId CommunityId { get; init; }

    /// <summary>Every role of the community now: @everyone first, then by position.</summary>
    public required IReadOnlyList<Protocol.Roles.Role> Roles { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "community:" + CommunityId.ToString();
}
