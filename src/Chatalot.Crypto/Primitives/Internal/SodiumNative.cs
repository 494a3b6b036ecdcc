using System.Runtime.InteropServices;

namespace Chatalot.Crypto.Primitives.Internal;

/// <summary>
/// Direct libsodium entry points. The native library is the one NSec.Cryptography ships (package libsodium);
/// we call it directly on the hot paths because NSec's key objects live in guarded secure memory, which costs
/// microseconds per import, and NSec does not expose the Ed25519→X25519 conversion at all.
/// </summary>
internal static unsafe partial class SodiumNative
{
    private const string Library = "libsodium";

    [LibraryImport(Library)]
    internal static partial int sodium_init();

    [LibraryImport(Library)]
    internal static partial int crypto_scalarmult_curve25519_base(byte* q, byte* n);

    [LibraryImport(Library)]
    internal static partial int crypto_scalarmult_curve25519(byte* q, byte* n, byte* p);

    [LibraryImport(Library)]
    internal static partial int crypto_sign_ed25519_seed_keypair(byte* pk, byte* sk, byte* seed);

    [LibraryImport(Library)]
    internal static partial int crypto_sign_ed25519_detached(byte* sig, ulong* siglen, byte* m, ulong mlen, byte* sk);

    [LibraryImport(Library)]
    internal static partial int crypto_sign_ed25519_verify_detached(byte* sig, byte* m, ulong mlen, byte* pk);

    [LibraryImport(Library)]
    internal static partial int crypto_sign_ed25519_pk_to_curve25519(byte* curve25519Pk, byte* ed25519Pk);

    [LibraryImport(Library)]
    internal static partial int crypto_sign_ed25519_sk_to_curve25519(byte* curve25519Sk, byte* ed25519Sk);

    [LibraryImport(Library)]
    internal static partial int crypto_aead_chacha20poly1305_ietf_encrypt(
        byte* c, ulong* clen, byte* m, ulong mlen, byte* ad, ulong adlen, byte* nsec, byte* npub, byte* k);

    [LibraryImport(Library)]
    internal static partial int crypto_aead_chacha20poly1305_ietf_decrypt(
        byte* m, ulong* mlen, byte* nsec, byte* c, ulong clen, byte* ad, ulong adlen, byte* npub, byte* k);
}
