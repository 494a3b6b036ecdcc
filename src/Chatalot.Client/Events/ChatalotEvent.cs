namespace Chatalot.Client;

/// <summary>
/// Base of every event the client raises. Events with the same <see cref="OrderingKey"/> (for channel events, the
/// channel) reach handlers and streams in the order the server sent them; events with different keys run concurrently.
/// </summary>
public abstract record ChatalotEvent
{
    /// <summary>When the client received (or produced) the event, from the client's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// The serialisation key: events sharing it are delivered one at a time, in order. Channel events use the channel id;
    /// events about the connection or the account use a fixed key.
    /// </summary>
    public virtual string OrderingKey => "client";
}
