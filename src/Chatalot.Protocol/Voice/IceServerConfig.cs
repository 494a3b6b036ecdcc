namespace Chatalot.Protocol.Voice;

/// <summary>
/// Answer of <c>GET /voice/ice-servers</c>: the STUN and TURN servers to use, with TURN credentials in coturn's
/// shared-secret scheme (calls.md §4) that expire at <see cref="ExpiresAt"/>. An allocation made before then lasts.
/// </summary>
/// <param name="IceServers">The servers; empty when the instance configures none (direct connections only).</param>
/// <param name="ExpiresAt">When the TURN credentials stop working for new allocations.</param>
public sealed record IceServerConfig(IReadOnlyList<IceServer> IceServers, DateTimeOffset ExpiresAt);
