using Chatalot.Crypto.Primitives.Internal;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;

namespace Chatalot.Crypto.Tests.Primitives;

/// <summary>
/// FIPS 203 ML-KEM-768 with the C2SP CCTV "accumulated pq-crystals" procedure: 10,000 key generations,
/// encapsulations and (valid and invalid) decapsulations with inputs from a SHAKE-128 stream, whose outputs must
/// hash to a published value. Runs through our MlKem768 wrapper (used by both providers).
/// </summary>
/// <remarks>
/// CCTV publishes f7db260e… for the FIPS 203 initial public draft (key generation hashes G(d)). The final standard
/// hashes G(d ‖ k) (FIPS 203 §7.1), and the value for it, f959d18d…, is the one BoringSSL/LibreSSL's ML-KEM tests
/// assert ("kExpectedAdam768"); BouncyCastle implements the final standard, so that is the value we check.
/// </remarks>
public class MlKemAccumulatedVectorTests
{
    private sealed class FixedSource(byte[] bytes) : IRandomSource
    {
        public void Fill(Span<byte> destination) => bytes.AsSpan(0, destination.Length).CopyTo(destination);
    }

    [Fact]
    public void MlKem768_C2spAccumulatedVectors_10000Tests_MatchPublishedHash()
    {
        var rng = new ShakeDigest(128);
        var output = new ShakeDigest(128);
        var seed = new byte[64];
        var m = new byte[32];
        var invalid = new byte[MlKem768.CiphertextSize];
        var ek = new byte[MlKem768.PublicKeySize];
        var ct = new byte[MlKem768.CiphertextSize];
        var k = new byte[32];
        var k2 = new byte[32];
        var kInvalid = new byte[32];
        for (var i = 0; i < 10_000; i++)
        {
            rng.Output(seed, 0, 64); // d ‖ z
            rng.Output(m, 0, 32);
            rng.Output(invalid, 0, invalid.Length);

            MlKem768.GenerateKeyPair(seed, ek);
            var dk = MLKemPrivateKeyParameters.FromSeed(MLKemParameters.ml_kem_768, seed)
                .WithPreferredFormat(MLKemPrivateKeyParameters.Format.EncodingOnly).GetEncoded();
            MlKem768.Encapsulate(ek, ct, k, new FixedSource(m));
            MlKem768.Decapsulate(seed, ct, k2);
            Assert.Equal(k, k2);
            MlKem768.Decapsulate(seed, invalid, kInvalid);

            output.BlockUpdate(ek, 0, ek.Length);
            output.BlockUpdate(dk, 0, dk.Length);
            output.BlockUpdate(ct, 0, ct.Length);
            output.BlockUpdate(k, 0, k.Length);
            output.BlockUpdate(kInvalid, 0, kInvalid.Length);
        }

        var hash = new byte[32];
        output.OutputFinal(hash, 0, 32);
        Assert.Equal("f959d18d3d1180121433bf0e05f11e7908cf9d03edc150b2b07cb90bef5bc1c1", Convert.ToHexStringLower(hash));
    }
}
