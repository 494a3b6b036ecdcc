namespace Chatalot.Protocol.Gateway;

/// <summary>Keeps the connection alive; send one per <c>heartbeat_interval_ms</c>.</summary>
/// <param name="LastSeq">The last event sequence number processed (lets the server trim its resume buffer).</param>
public sealed record HeartbeatFrame(long? LastSeq = null) : ClientFrame;
