namespace Chatalot.Protocol.Gateway;

/// <summary>Changes the connection's presence.</summary>
/// <param name="Status">The new status (not offline).</param>
public sealed record UpdatePresenceFrame(PresenceStatus Status) : ClientFrame;
