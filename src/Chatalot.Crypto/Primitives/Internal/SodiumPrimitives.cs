using System.Security.Cryptography;

namespace Chatalot.Crypto.Primitives.Internal;

/// <summary>libsodium-backed primitives (the default on .NET runtimes that can load native code).</summary>
internal sealed unsafe class SodiumPrimitives : CryptoPrimitives
{
    public SodiumPrimitives(IRandomSource random)
        : base(random)
    {
    }

    public override CryptoProviderKind Kind => CryptoProviderKind.Sodium;

    /// <summary>Loads and initialises libsodium; false when native code is unavailable on this runtime.</summary>
    public static bool TryInitialize()
    {
        if (OperatingSystem.IsBrowser())
        {
            return false;
        }

        try
        {
            // NSec initialises libsodium and validates its version; our own imports then resolve to the same library.
            _ = NSec.Cryptography.AeadAlgorithm.ChaCha20Poly1305.KeySize;
            return SodiumNative.sodium_init() >= 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException
                                       or TypeInitializationException or BadImageFormatException or InvalidOperationException)
        {
            return false;
        }
    }

    public override void X25519PublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        Check(privateKey, X25519KeySize);
        Check(publicKey, X25519KeySize);
        fixed (byte* q = publicKey)
        fixed (byte* n = privateKey)
        {
            _ = SodiumNative.crypto_scalarmult_curve25519_base(q, n);
        }
    }

    public override bool X25519Agree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        Check(privateKey, X25519KeySize);
        Check(peerPublicKey, X25519KeySize);
        Check(sharedSecret, X25519KeySize);
        fixed (byte* q = sharedSecret)
        fixed (byte* n = privateKey)
        fixed (byte* p = peerPublicKey)
        {
            // libsodium returns -1 when the result is all zero (low-order point).
            if (SodiumNative.crypto_scalarmult_curve25519(q, n, p) != 0)
            {
                sharedSecret.Clear();
                return false;
            }
        }

        return true;
    }

    public override void Ed25519PublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        Check(seed, Ed25519SeedSize);
        Check(publicKey, Ed25519PublicKeySize);
        Span<byte> sk = stackalloc byte[64];
        fixed (byte* pk = publicKey)
        fixed (byte* s = seed)
        fixed (byte* skp = sk)
        {
            _ = SodiumNative.crypto_sign_ed25519_seed_keypair(pk, skp, s);
        }

        CryptographicOperations.ZeroMemory(sk);
    }

    public override void Ed25519Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        Check(seed, Ed25519SeedSize);
        Check(publicKey, Ed25519PublicKeySize);
        Check(signature, Ed25519SignatureSize);

        // libsodium's secret key is seed ‖ public key; building it avoids re-deriving the public key per signature.
        Span<byte> sk = stackalloc byte[64];
        seed.CopyTo(sk);
        publicKey.CopyTo(sk[32..]);
        fixed (byte* sig = signature)
        fixed (byte* m = message)
        fixed (byte* skp = sk)
        {
            _ = SodiumNative.crypto_sign_ed25519_detached(sig, null, m, (ulong)message.Length, skp);
        }

        CryptographicOperations.ZeroMemory(sk);
    }

    internal override bool Ed25519VerifyCore(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != Ed25519PublicKeySize || signature.Length != Ed25519SignatureSize)
        {
            return false;
        }

        // libsodium refuses a small-order R itself and compares R's bytes with the canonical encoding of
        // [S]B - [k]A; with A in the prime-order subgroup (checked before this call) that point is in the subgroup too,
        // so an R that passes is a canonical subgroup point: the R half of the rule needs no extra work here.
        fixed (byte* sig = signature)
        fixed (byte* m = message)
        fixed (byte* pk = publicKey)
        {
            return SodiumNative.crypto_sign_ed25519_verify_detached(sig, m, (ulong)message.Length, pk) == 0;
        }
    }

    public override bool Ed25519PublicToX25519(ReadOnlySpan<byte> edPublicKey, Span<byte> x25519PublicKey)
    {
        Check(x25519PublicKey, X25519KeySize);

        // Both providers apply the same, strictest, validation (canonical encoding, prime-order subgroup) so that
        // they accept exactly the same identity keys; libsodium alone would accept mixed-order points.
        if (edPublicKey.Length != Ed25519PublicKeySize || !Ed25519Strict.IsStrictPoint(edPublicKey))
        {
            return false;
        }

        fixed (byte* x = x25519PublicKey)
        fixed (byte* ed = edPublicKey)
        {
            return SodiumNative.crypto_sign_ed25519_pk_to_curve25519(x, ed) == 0;
        }
    }

    public override void Ed25519SeedToX25519(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> edPublicKey, Span<byte> x25519PrivateKey)
    {
        Check(seed, Ed25519SeedSize);
        Check(edPublicKey, Ed25519PublicKeySize);
        Check(x25519PrivateKey, X25519KeySize);
        Span<byte> sk = stackalloc byte[64];
        seed.CopyTo(sk);
        edPublicKey.CopyTo(sk[32..]);
        fixed (byte* x = x25519PrivateKey)
        fixed (byte* skp = sk)
        {
            _ = SodiumNative.crypto_sign_ed25519_sk_to_curve25519(x, skp);
        }

        CryptographicOperations.ZeroMemory(sk);
    }

    public override void AeadEncrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext)
    {
        Check(key, AeadKeySize);
        Check(nonce, AeadNonceSize);
        if (ciphertext.Length < plaintext.Length + AeadTagSize)
        {
            throw new ArgumentException("Destination too small.", nameof(ciphertext));
        }

        fixed (byte* c = ciphertext)
        fixed (byte* m = plaintext)
        fixed (byte* ad = associatedData)
        fixed (byte* npub = nonce)
        fixed (byte* k = key)
        {
            _ = SodiumNative.crypto_aead_chacha20poly1305_ietf_encrypt(
                c, null, m, (ulong)plaintext.Length, ad, (ulong)associatedData.Length, null, npub, k);
        }
    }

    public override bool AeadDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        Check(key, AeadKeySize);
        Check(nonce, AeadNonceSize);
        if (ciphertext.Length < AeadTagSize || plaintext.Length < ciphertext.Length - AeadTagSize)
        {
            return false;
        }

        fixed (byte* m = plaintext)
        fixed (byte* c = ciphertext)
        fixed (byte* ad = associatedData)
        fixed (byte* npub = nonce)
        fixed (byte* k = key)
        {
            // libsodium verifies the tag before it writes any plaintext.
            return SodiumNative.crypto_aead_chacha20poly1305_ietf_decrypt(
                m, null, null, c, (ulong)ciphertext.Length, ad, (ulong)associatedData.Length, npub, k) == 0;
        }
    }

    private static void Check(ReadOnlySpan<byte> value, int length)
    {
        if (value.Length != length)
        {
            throw new ArgumentException($"Expected {length} bytes.", nameof(value));
        }
    }
}
