namespace Chatalot.Protocol.Gateway;

/// <summary>
/// A server frame that reports something that happened. <see cref="Seq"/> increases strictly within a gateway
/// session (it need not be contiguous); a client resumes by sending the last value it processed.
/// </summary>
public abstract record ServerEvent : ServerFrame
{
    /// <summary>The event's sequence number within the session.</summary>
    public long Seq { get; init; }
}
