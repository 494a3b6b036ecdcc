namespace Chatalot.Server.Hosting.Authorization.Internal;

/// <summary>Which cached authorisation facts a write may have changed (see <see cref="AuthorizationCache"/>).</summary>
[Flags]
internal enum AuthorizationScope
{
    None = 0,

    /// <summary>Who may read, post in or moderate a channel: communities, groups, channels and their memberships.</summary>
    Channels = 1,

    /// <summary>Which devices have published keys.</summary>
    Devices = 2,

    /// <summary>Who blocked whom.</summary>
    Blocks = 4,

    All = Channels | Devices | Blocks,
}
