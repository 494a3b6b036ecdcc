namespace Chatalot.Protocol.Keys;

/// <summary>Body of <c>POST /api/v1/keys/devices/{device_id}/prekeys</c>: tops up or rotates prekeys.</summary>
/// <param name="OneTimePrekeys">X25519 one-time prekeys to add.</param>
/// <param name="OneTimeKemPrekeys">Signed one-time ML-KEM prekeys to add.</param>
/// <param name="SignedPrekey">A replacement signed prekey, if rotating.</param>
/// <param name="LastResortKemPrekey">A replacement last-resort ML-KEM prekey, if rotating.</param>
public sealed record PrekeyUpload(
    IReadOnlyList<OneTimePrekey>? OneTimePrekeys = null,
    IReadOnlyList<SignedPrekey>? OneTimeKemPrekeys = null,
    SignedPrekey? SignedPrekey = null,
    SignedPrekey? LastResortKemPrekey = null);
