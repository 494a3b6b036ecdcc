namespace Chatalot.Protocol.Gateway;

/// <summary>Answers a heartbeat.</summary>
/// <param name="ServerTime">The server clock, for latency estimates.</param>
public sealed record HeartbeatAckFrame(DateTimeOffset ServerTime) : ServerFrame;
