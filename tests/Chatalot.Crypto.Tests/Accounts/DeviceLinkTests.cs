using System.Security.Cryptography;
using Chatalot.Crypto.Tests.Support;
using CsCheck;

namespace Chatalot.Crypto.Tests.Accounts;

public class DeviceLinkTests
{
    private const string UserId = "0193a5c0-0000-7000-8000-0000000a11ce";
    private const int NewDeviceId = 4;
    private static readonly Guid LinkId = Guid.Parse("0193a5c0-0003-7000-8000-00000000001c");
    private static readonly byte[] Payload = [0x01, .. Enumerable.Range(0, 60).Select(i => (byte)i)];

    private static DeviceLinkTranscript Transcript(byte[] identity, byte[] commitment, byte[] responderKey, byte[] ephemeralKey, byte[] kemKey, string userId = UserId,
        Guid? linkId = null, int deviceId = NewDeviceId) =>
        new(userId, linkId ?? LinkId, deviceId, identity, commitment, responderKey, ephemeralKey, kemKey);

    [Theory]
    [MemberData(nameof(Providers.Pairs), MemberType = typeof(Providers))]
    public void Link_RoundTrips_AndBothSidesShowTheSameCode(CryptoProviderKind newDevice, CryptoProviderKind existingDevice)
    {
        using var identity = IdentityKeyPair.Generate();
        using var n = DeviceLinkInitiator.Create(Providers.Get(newDevice));
        using var e = DeviceLinkResponder.Create(Providers.Get(existingDevice));

        // Each side builds the transcript from what it sent and what the relay delivered.
        var onN = Transcript(identity.PublicKey.ToArray(), n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey);
        var onE = Transcript(identity.PublicKey.ToArray(), n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey);
        Assert.Equal(onN.Code, onE.Code);
        Assert.Equal(onN.Hash.ToArray(), onE.Hash.ToArray());
        Assert.Matches("^[0-9]{8}$", onN.Code);
        Assert.Equal(onN.Code[..4] + " " + onN.Code[4..], onN.DisplayCode);
        Assert.Equal(DeviceLinkTranscript.Commit(n.EphemeralKey, n.KemKey), n.Commitment);

        var sealedPayload = e.SealPayload(onE, Payload);
        Assert.Equal(1088 + Payload.Length + 16, sealedPayload.Length);
        Assert.Equal(Payload, n.OpenPayload(onN, sealedPayload));

        // Each seal encapsulates afresh: a second one is under another key and still opens.
        var again = e.SealPayload(onE, Payload);
        Assert.NotEqual(sealedPayload, again);
        Assert.Equal(Payload, n.OpenPayload(onN, again));
    }

    [Fact]
    public void OpenPayload_AnyFlippedByte_FailsWithInvalidMessage()
    {
        using var identity = IdentityKeyPair.Generate();
        using var n = DeviceLinkInitiator.Create(Providers.Sodium);
        using var e = DeviceLinkResponder.Create(Providers.Managed);
        var transcript = Transcript(identity.PublicKey.ToArray(), n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey);
        var sealedPayload = e.SealPayload(transcript, Payload);

        // Every byte of the AEAD part, and a sample of the (much larger) ML-KEM ciphertext.
        var positions = Enumerable.Range(1088, sealedPayload.Length - 1088).Concat(Enumerable.Range(0, 1088).Where(i => i % 17 == 0 || i == 1087));
        foreach (var i in positions)
        {
            var tampered = (byte[])sealedPayload.Clone();
            tampered[i] ^= 0x04;
            Assert.Equal(CryptoErrorCode.InvalidMessage, Assert.Throws<InvalidMessageException>(() => n.OpenPayload(transcript, tampered)).Code);
        }

        Assert.Throws<InvalidMessageException>(() => n.OpenPayload(transcript, sealedPayload[..^1]));
        Assert.Throws<InvalidMessageException>(() => n.OpenPayload(transcript, sealedPayload[..1103]));
        Assert.Throws<InvalidMessageException>(() => n.OpenPayload(transcript, []));
        Assert.Equal(Payload, n.OpenPayload(transcript, sealedPayload));
    }

    [Fact]
    public void Transcript_BindsEveryField()
    {
        using var identity = IdentityKeyPair.Generate();
        using var n = DeviceLinkInitiator.Create();
        using var e = DeviceLinkResponder.Create();
        var ik = identity.PublicKey.ToArray();
        var reference = Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey);
        var sealedPayload = e.SealPayload(reference, Payload);
        var other = IdentityKeyPair.Generate().PublicKey.ToArray();
        var variants = new[]
        {
            Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey, userId: "0193a5c0-0000-7000-8000-000000000b0b"),
            Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey, linkId: Guid.CreateVersion7()),
            Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey, deviceId: NewDeviceId + 1),
            Transcript(other, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey),
        };
        foreach (var variant in variants)
        {
            Assert.NotEqual(reference.Hash.ToArray(), variant.Hash.ToArray());
            Assert.Throws<InvalidMessageException>(() => n.OpenPayload(variant, sealedPayload));
        }
    }

    [Fact]
    public void MiddleMan_SubstitutingKeysOnEitherSide_GetsDifferentCodes_AndCannotSwapTheReveal()
    {
        using var identity = IdentityKeyPair.Generate();
        var ik = identity.PublicKey.ToArray();
        using var n = DeviceLinkInitiator.Create();
        using var e = DeviceLinkResponder.Create();
        // The server plays new device towards E and existing device towards N, with its own keys on both sides.
        using var fakeN = DeviceLinkInitiator.Create();
        using var fakeE = DeviceLinkResponder.Create();

        // Towards N it relays its own X_E'; towards E its own commitment and reveal (it must commit before seeing X_E).
        var onN = Transcript(ik, n.Commitment, fakeE.EphemeralKey, n.EphemeralKey, n.KemKey);
        var onE = Transcript(ik, fakeN.Commitment, e.EphemeralKey, fakeN.EphemeralKey, fakeN.KemKey);
        Assert.NotEqual(onN.Code, onE.Code);

        // Substituting on one side only changes the code too.
        var honest = Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey);
        Assert.NotEqual(honest.Code, Transcript(ik, n.Commitment, fakeE.EphemeralKey, n.EphemeralKey, n.KemKey).Code);
        Assert.NotEqual(honest.Code, Transcript(ik, fakeN.Commitment, e.EphemeralKey, fakeN.EphemeralKey, fakeN.KemKey).Code);

        // A swapped reveal against N's commitment is refused, whole or in part.
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment, e.EphemeralKey, fakeN.EphemeralKey, fakeN.KemKey));
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment, e.EphemeralKey, fakeN.EphemeralKey, n.KemKey));
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, fakeN.KemKey));

        // What E sealed for the middle man's keys does not open on N, and N refuses a transcript that is not its own.
        var sealedForFake = e.SealPayload(onE, Payload);
        Assert.Throws<InvalidMessageException>(() => n.OpenPayload(onE, sealedForFake));
        Assert.Throws<InvalidMessageException>(() => n.OpenPayload(onN, sealedForFake));
        // And E refuses to seal under a transcript with another responder key.
        Assert.Throws<InvalidMessageException>(() => e.SealPayload(onN, Payload));
    }

    [Fact]
    public void Transcript_RejectsBadLengthsAndRanges()
    {
        using var n = DeviceLinkInitiator.Create();
        using var e = DeviceLinkResponder.Create();
        var ik = IdentityKeyPair.Generate().PublicKey.ToArray();
        Assert.Throws<InvalidMessageException>(() => Transcript(ik[..31], n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey));
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment[..31], e.EphemeralKey, n.EphemeralKey, n.KemKey));
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment, [.. e.EphemeralKey, 0], n.EphemeralKey, n.KemKey));
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey[..31], n.KemKey));
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey[..1183]));
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey, userId: ""));
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey, userId: new string('é', 128)));
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey, userId: "\uD800"));
        Assert.Throws<InvalidMessageException>(() => Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey, deviceId: 0));
        Assert.Throws<InvalidKeyException>(() => DeviceLinkTranscript.Commit(n.EphemeralKey[..31], n.KemKey));
        Assert.Throws<InvalidKeyException>(() => DeviceLinkTranscript.Commit(n.EphemeralKey, n.KemKey[..1183]));
    }

    [Fact]
    public void LowOrderKeys_AreRefused_AllZeroSharedSecret()
    {
        using var n = DeviceLinkInitiator.Create();
        using var e = DeviceLinkResponder.Create();
        var ik = IdentityKeyPair.Generate().PublicKey.ToArray();
        var zero = new byte[32];

        // N reveals a low-order X_N (with a matching commitment): E refuses to seal.
        var lowOrderOnE = Transcript(ik, DeviceLinkTranscript.Commit(zero, n.KemKey), e.EphemeralKey, zero, n.KemKey);
        Assert.Throws<InvalidMessageException>(() => e.SealPayload(lowOrderOnE, Payload));

        // The relay hands N a low-order X_E: N refuses to open.
        var lowOrderOnN = Transcript(ik, n.Commitment, zero, n.EphemeralKey, n.KemKey);
        Assert.Throws<InvalidMessageException>(() => n.OpenPayload(lowOrderOnN, new byte[1088 + 16 + 8]));
    }

    [Fact]
    public void Dispose_WipesSecrets_AndLaterUseThrows()
    {
        var ik = IdentityKeyPair.Generate().PublicKey.ToArray();
        var n = DeviceLinkInitiator.Create();
        var e = DeviceLinkResponder.Create();
        var transcript = Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey);
        var sealedPayload = e.SealPayload(transcript, Payload);
        Assert.False(n.SecretsAreZero());
        Assert.False(e.SecretsAreZero());
        n.Dispose();
        e.Dispose();
        Assert.True(n.SecretsAreZero());
        Assert.True(e.SecretsAreZero());
        Assert.Throws<ObjectDisposedException>(() => n.OpenPayload(transcript, sealedPayload));
        Assert.Throws<ObjectDisposedException>(() => e.SealPayload(transcript, Payload));
    }

    [Fact]
    public void Property_CodesOfIndependentLinks_AreUniformEnough_AndPayloadsRoundTrip()
    {
        using var n = DeviceLinkInitiator.Create();
        var ik = IdentityKeyPair.Generate().PublicKey.ToArray();
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Int[1, int.MaxValue]).Sample((payload, deviceId) =>
        {
            using var e = DeviceLinkResponder.Create();
            var transcript = Transcript(ik, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey, deviceId: deviceId);
            Assert.Equal(payload, n.OpenPayload(transcript, e.SealPayload(transcript, payload)));
            Assert.Equal(8, transcript.Code.Length);
        }, iter: 50, threads: 1);

        // Codes spread over all digits: 2,000 random transcripts use every leading digit.
        var leading = new HashSet<char>();
        for (var i = 0; i < 2000 && leading.Count < 10; i++)
        {
            leading.Add(Transcript(ik, n.Commitment, RandomNumberGenerator.GetBytes(32), n.EphemeralKey, n.KemKey).Code[0]);
        }

        Assert.Equal(10, leading.Count);
    }
}
