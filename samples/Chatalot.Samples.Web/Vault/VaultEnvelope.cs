namespace Chatalot.Samples.Web.Vault;

/// <summary>
/// What IndexedDB holds: the sealed vault plus the public facts needed to show the unlock screen. Only
/// <see cref="Ciphertext"/> carries secrets, and it is ChaCha20-Poly1305 under a key derived from the passphrase with
/// Argon2id (the cost parameters are stored so they can be raised without breaking old vaults).
/// </summary>
public sealed record VaultEnvelope
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required Guid UserId { get; init; }

    public required string Username { get; init; }

    public required int MemoryKiB { get; init; }

    public required int Iterations { get; init; }

    public required byte[] Salt { get; init; }

    public required byte[] Nonce { get; init; }

    public required byte[] Ciphertext { get; init; }
}
