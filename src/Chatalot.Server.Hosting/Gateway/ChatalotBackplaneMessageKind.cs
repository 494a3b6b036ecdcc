namespace Chatalot.Server.Hosting.Gateway;

/// <summary>What a backplane message asks every node to do.</summary>
public enum ChatalotBackplaneMessageKind
{
    /// <summary>Deliver <see cref="ChatalotBackplaneMessage.Frames"/> to connections subscribed to the channel and to the listed users.</summary>
    ChannelEvent,

    /// <summary>Deliver the frame to every connection of the listed users.</summary>
    UserEvent,

    /// <summary>Deliver the frame to the connections of one user's device.</summary>
    DeviceEvent,

    /// <summary>End the user's subscriptions to the listed channels; the frames (one per channel) explain why.</summary>
    RevokeChannels,

    /// <summary>Close the connections of a session (or of every session of the user) with a reason code.</summary>
    Disconnect,

    /// <summary>
    /// Cached authorisation decisions may be stale: drop the scopes named in <see cref="ChatalotBackplaneMessage.Code"/>
    /// (a number, the internal scope flags). Published after every write that changes membership, roles, channels,
    /// devices or blocks, so a kick on one node stops sends on every node.
    /// </summary>
    CacheInvalidation,

    /// <summary>
    /// Messages between nodes may have been lost (a node was cut off from the backplane, or failed to publish): every
    /// cache is dropped and every gateway session ends unresumably, so its client catches up from the database.
    /// <see cref="ChatalotBackplaneMessage.Code"/> names the reason. Backplanes raise it; services never publish it.
    /// </summary>
    Resync,

    /// <summary>
    /// The listed users chose a new status (<c>PUT /users/me/status</c>, already stored). The request may have reached
    /// another node than the users' connections: each node holding one re-reads the choice and tells the mates.
    /// </summary>
    StatusChosen,
}
