using System.Numerics;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using BcChaCha20Poly1305 = Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Chatalot.Crypto.Primitives.Internal;

/// <summary>
/// Fully managed primitives (BouncyCastle plus the .NET hash functions), for runtimes where libsodium cannot load,
/// such as Blazor WebAssembly.
/// </summary>
internal sealed class ManagedPrimitives : CryptoPrimitives
{
    // p = 2^255 - 19, the field of Curve25519 / edwards25519 (RFC 7748 §4.1).
    private static readonly BigInteger FieldPrime = BigInteger.Pow(2, 255) - 19;

    public ManagedPrimitives(IRandomSource random)
        : base(random)
    {
    }

    public override CryptoProviderKind Kind => CryptoProviderKind.Managed;

    public override void X25519PublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        Check(privateKey, X25519KeySize);
        Check(publicKey, X25519KeySize);
        BcX25519.ScalarMultBase(privateKey, publicKey); // clamps the scalar internally (RFC 7748 §5)
    }

    public override bool X25519Agree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        Check(privateKey, X25519KeySize);
        Check(peerPublicKey, X25519KeySize);
        Check(sharedSecret, X25519KeySize);
        if (!BcX25519.CalculateAgreement(privateKey, peerPublicKey, sharedSecret))
        {
            sharedSecret.Clear();
            return false;
        }

        return true;
    }

    public override void Ed25519PublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        Check(seed, Ed25519SeedSize);
        Check(publicKey, Ed25519PublicKeySize);
        BcEd25519.GeneratePublicKey(seed, publicKey);
    }

    public override void Ed25519Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        Check(seed, Ed25519SeedSize);
        Check(publicKey, Ed25519PublicKeySize);
        Check(signature, Ed25519SignatureSize);
        BcEd25519.Sign(seed, publicKey, message, signature);
    }

    internal override bool Ed25519VerifyCore(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != Ed25519PublicKeySize || signature.Length != Ed25519SignatureSize)
        {
            return false;
        }

        // BouncyCastle's equation tolerates a torsion component in R (and R = identity), which libsodium refuses, so R
        // is checked too; only for signatures that verified, where it decides nothing else.
        return BcEd25519.Verify(signature, publicKey, message) && Ed25519Strict.IsStrictPoint(signature[..32]);
    }

    public override bool Ed25519PublicToX25519(ReadOnlySpan<byte> edPublicKey, Span<byte> x25519PublicKey)
    {
        Check(x25519PublicKey, X25519KeySize);
        if (edPublicKey.Length != Ed25519PublicKeySize || !Ed25519Strict.IsStrictPoint(edPublicKey))
        {
            return false;
        }

        // BouncyCastle has no Edwards→Montgomery export, so we apply the birational map of RFC 7748 §4.1,
        // u = (1 + y) / (1 - y) mod p, to the already validated point. Only public data flows through here,
        // so BigInteger's variable time is harmless. y = 1 (the identity) was rejected by the validation.
        Span<byte> yBytes = stackalloc byte[32];
        edPublicKey.CopyTo(yBytes);
        yBytes[31] &= 0x7F;
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: false);
        var numerator = (BigInteger.One + y) % FieldPrime;
        var denominator = ((BigInteger.One - y) % FieldPrime + FieldPrime) % FieldPrime;
        if (denominator.IsZero)
        {
            return false;
        }

        var u = numerator * BigInteger.ModPow(denominator, FieldPrime - 2, FieldPrime) % FieldPrime;
        x25519PublicKey.Clear();
        return u.TryWriteBytes(x25519PublicKey, out _, isUnsigned: true, isBigEndian: false);
    }

    public override void Ed25519SeedToX25519(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> edPublicKey, Span<byte> x25519PrivateKey)
    {
        Check(seed, Ed25519SeedSize);
        Check(x25519PrivateKey, X25519KeySize);
        Span<byte> hash = stackalloc byte[64];
        SHA512.HashData(seed, hash);
        hash[..32].CopyTo(x25519PrivateKey);
        CryptographicOperations.ZeroMemory(hash);

        // Clamp exactly as libsodium's crypto_sign_ed25519_sk_to_curve25519 does, so both providers store equal bytes.
        x25519PrivateKey[0] &= 248;
        x25519PrivateKey[31] &= 127;
        x25519PrivateKey[31] |= 64;
    }

    public override void AeadEncrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext)
    {
        Check(key, AeadKeySize);
        Check(nonce, AeadNonceSize);
        var cipher = CreateCipher(forEncryption: true, key, nonce);
        cipher.ProcessAadBytes(associatedData);
        var written = cipher.ProcessBytes(plaintext, ciphertext);
        cipher.DoFinal(ciphertext[written..]);
    }

    public override bool AeadDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        Check(key, AeadKeySize);
        Check(nonce, AeadNonceSize);
        if (ciphertext.Length < AeadTagSize || plaintext.Length < ciphertext.Length - AeadTagSize)
        {
            return false;
        }

        var cipher = CreateCipher(forEncryption: false, key, nonce);
        cipher.ProcessAadBytes(associatedData);
        try
        {
            var written = cipher.ProcessBytes(ciphertext, plaintext);
            cipher.DoFinal(plaintext[written..]);
            return true;
        }
        catch (InvalidCipherTextException)
        {
            // BouncyCastle may have released unauthenticated plaintext; never let it escape.
            CryptographicOperations.ZeroMemory(plaintext[..(ciphertext.Length - AeadTagSize)]);
            return false;
        }
    }

    private static BcChaCha20Poly1305 CreateCipher(bool forEncryption, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        var cipher = new BcChaCha20Poly1305();
        cipher.Init(forEncryption, new ParametersWithIV(new KeyParameter(key), nonce));
        return cipher;
    }

    private static void Check(ReadOnlySpan<byte> value, int length)
    {
        if (value.Length != length)
        {
            throw new ArgumentException($"Expected {length} bytes.", nameof(value));
        }
    }
}
