namespace Chatalot.Protocol.Gateway;

/// <summary>First server frame: the client must authenticate or resume within <paramref name="AuthTimeoutMs"/>.</summary>
/// <param name="ProtocolVersion">The wire protocol version.</param>
/// <param name="HeartbeatIntervalMs">How often the client must send <c>heartbeat</c>.</param>
/// <param name="AuthTimeoutMs">How long the server waits for authentication.</param>
/// <param name="ResumeWindowSeconds">How long a dropped session stays resumable.</param>
public sealed record HelloFrame(int ProtocolVersion, int HeartbeatIntervalMs, int AuthTimeoutMs, int ResumeWindowSeconds) : ServerFrame;
