namespace Chatalot.IntegrationTests.Server.RouteMatrix;

/// <summary>
/// The callers of the route × actor matrix (docs/protocol/permissions.md §Route × actor matrix), in the order of the
/// document's columns.
/// </summary>
public enum MatrixActor
{
    /// <summary>No token.</summary>
    Anonymous,

    /// <summary>A member of the community whose account the instance owner suspended (suspension revokes every session).</summary>
    Suspended,

    /// <summary>Signed in, never a member.</summary>
    Outsider,

    /// <summary>An ex-member banned from the community.</summary>
    Banned,

    /// <summary>A member with no role: the @everyone role only.</summary>
    Everyone,

    /// <summary>A member whose one custom role grants exactly the flag the route needs.</summary>
    Flag,

    /// <summary>As <see cref="Flag"/>, with a member override on the group denying that flag.</summary>
    Denied,

    /// <summary>The built-in moderator rank (the moderator preset).</summary>
    Moderator,

    /// <summary>The built-in community admin rank.</summary>
    Admin,

    /// <summary>The community's owner.</summary>
    Owner,

    /// <summary>The instance owner (the account that claimed the server), not a member of the community.</summary>
    Instance,

    /// <summary>An @everyone member timed out until an hour from now.</summary>
    TimedOut,
}
