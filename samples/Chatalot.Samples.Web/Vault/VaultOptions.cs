namespace Chatalot.Samples.Web.Vault;

/// <summary>Cost of the passphrase derivation. Argon2id runs on the WebAssembly interpreter here, so the defaults keep
/// an unlock near a second on a laptop while still costing an attacker 16 MiB per guess.</summary>
public sealed record VaultOptions
{
    public int MemoryKiB { get; init; } = 16 * 1024;

    public int Iterations { get; init; } = 2;

    public int MinimumPassphraseLength { get; init; } = 8;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MemoryKiB, 8 * 1024, nameof(MemoryKiB));
        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumPassphraseLength, 8, nameof(MinimumPassphraseLength));
    }
}
