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
}
