namespace Chatalot.Crypto;

/// <summary>
/// Selects the implementation of the cryptographic primitives.
/// </summary>
public enum CryptoProviderKind
{
    /// <summary>Pick <see cref="Sodium"/> when libsodium loads on this runtime, otherwise <see cref="Managed"/>.</summary>
    Automatic = 0,

    /// <summary>libsodium through NSec.Cryptography (ML-KEM from BouncyCastle). The fast default on .NET runtimes.</summary>
    Sodium = 1,

    /// <summary>Fully managed BouncyCastle code, for runtimes where native code cannot load (e.g. the browser).</summary>
    Managed = 2,
}
