namespace Chatalot.Protocol.Keys;

/// <summary>How many unused one-time prekeys a device has left.</summary>
/// <param name="OneTimePrekeys">Unused X25519 one-time prekeys.</param>
/// <param name="OneTimeKemPrekeys">Unused one-time ML-KEM prekeys.</param>
public sealed record PrekeyCounts(int OneTimePrekeys, int OneTimeKemPrekeys);
