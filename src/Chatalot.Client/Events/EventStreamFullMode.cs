namespace Chatalot.Client;

/// <summary>What an event stream does when its subscriber falls behind and the stream's buffer is full.</summary>
public enum EventStreamFullMode
{
    /// <summary>
    /// Wait for the subscriber. Only the delivery of events with the same ordering key (the channel) waits: the receive
    /// loop, heartbeats and other channels are never held up. Nothing is lost.
    /// </summary>
    Wait = 0,

    /// <summary>Drop the oldest buffered event (counted in the <c>chatalot.client.events.dropped</c> metric and logged).</summary>
    DropOldest = 1,

    /// <summary>Drop the incoming event (counted and logged).</summary>
    DropNewest = 2,
}
