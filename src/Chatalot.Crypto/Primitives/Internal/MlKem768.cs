using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace Chatalot.Crypto.Primitives.Internal;

/// <summary>
/// ML-KEM-768 (FIPS 203) from BouncyCastle for both providers: .NET's MLKem needs OpenSSL ≥ 3.5 and libsodium
/// has no ML-KEM, so this is the only implementation that loads everywhere (docs/protocol/crypto.md §2).
/// </summary>
internal static class MlKem768
{
    public const int SeedSize = 64;
    public const int PublicKeySize = 1184;
    public const int CiphertextSize = 1088;
    public const int SharedSecretSize = 32;

    private static readonly MLKemParameters Parameters = MLKemParameters.ml_kem_768;

    public static void GenerateKeyPair(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        var seedCopy = seed.ToArray();
        try
        {
            var privateKey = MLKemPrivateKeyParameters.FromSeed(Parameters, seedCopy);
            privateKey.GetPublicKeyEncoded().CopyTo(publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seedCopy);
        }
    }

    public static void Encapsulate(ReadOnlySpan<byte> publicKey, Span<byte> ciphertext, Span<byte> sharedSecret, IRandomSource random)
    {
        MLKemPublicKeyParameters key;
        try
        {
            key = MLKemPublicKeyParameters.FromEncoding(Parameters, publicKey.ToArray());
        }
        catch (ArgumentException)
        {
            throw new CryptographicException("Malformed ML-KEM-768 public key.");
        }

        var encapsulator = new MLKemEncapsulator(Parameters);
        encapsulator.Init(new ParametersWithRandom(key, new SecureRandom(new RandomSourceGenerator(random))));
        encapsulator.Encapsulate(ciphertext[..CiphertextSize], sharedSecret[..SharedSecretSize]);
    }

    public static void Decapsulate(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        var seedCopy = seed.ToArray();
        try
        {
            var privateKey = MLKemPrivateKeyParameters.FromSeed(Parameters, seedCopy);
            var decapsulator = new MLKemDecapsulator(Parameters);
            decapsulator.Init(privateKey);
            decapsulator.Decapsulate(ciphertext, sharedSecret[..SharedSecretSize]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seedCopy);
        }
    }

    /// <summary>Adapts our random source to BouncyCastle's generator interface (used for the encapsulation message m).</summary>
    private sealed class RandomSourceGenerator(IRandomSource source) : IRandomGenerator
    {
        public void AddSeedMaterial(byte[] seed)
        {
        }

        public void AddSeedMaterial(ReadOnlySpan<byte> seed)
        {
        }

        public void AddSeedMaterial(long seed)
        {
        }

        public void NextBytes(byte[] bytes) => source.Fill(bytes);

        public void NextBytes(byte[] bytes, int start, int len) => source.Fill(bytes.AsSpan(start, len));

        public void NextBytes(Span<byte> bytes) => source.Fill(bytes);
    }
}
