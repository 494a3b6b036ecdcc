using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Chatalot.Crypto.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// What both devices of a link agree on (crypto.md §15.4 step 4): the transcript hash <c>T</c> over the account, the
/// link, the new device and every ephemeral key, and the 8-digit code the user compares on both screens. Built by each
/// device from what it sent and what the server relayed; a server that substituted a key on either side makes the two
/// codes differ.
/// </summary>
/// <remarks>
/// Build it from the values held before the device's own next step (crypto.md §15.4): the existing device uses the
/// commitment it read before posting its key, the new device the responder key it read before revealing its keys. A
/// link whose record changes afterwards is abandoned, not rebuilt, or the relay could choose its key after seeing the
/// other side's and search for a colliding code.
/// </remarks>
public sealed class DeviceLinkTranscript
{
    /// <summary>Length of an X25519 key, an Ed25519 identity key and the commitment: 32 bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>Length of the new device's ML-KEM-768 public key: 1,184 bytes.</summary>
    public const int KemKeyLength = 1184;

    private const string CommitLabel = "Chatalot_LinkCommit_v1";
    private const string TranscriptLabel = "Chatalot_LinkTranscript_v1";
    private const string CodeLabel = "Chatalot_LinkCode_v1";

    private readonly byte[] _hash;

    /// <summary>Builds and checks the transcript of one link.</summary>
    /// <param name="userId">The account's user id (1–255 bytes of UTF-8).</param>
    /// <param name="linkId">The link id the server gave the request.</param>
    /// <param name="deviceId">The new device's id (positive).</param>
    /// <param name="deviceIdentityKey">The new device's identity key <c>IK_N</c> (32 bytes).</param>
    /// <param name="commitment">The commitment the new device posted first (32 bytes).</param>
    /// <param name="responderKey">The existing device's ephemeral key <c>X_E</c> (32 bytes).</param>
    /// <param name="ephemeralKey">The new device's ephemeral key <c>X_N</c> (32 bytes).</param>
    /// <param name="kemKey">The new device's ML-KEM-768 key <c>ek_N</c> (1,184 bytes).</param>
    /// <exception cref="InvalidMessageException">A length is wrong, the user id or device id is out of range, or the
    /// revealed keys do not match the commitment.</exception>
    public DeviceLinkTranscript(string userId, Guid linkId, int deviceId, ReadOnlySpan<byte> deviceIdentityKey, ReadOnlySpan<byte> commitment,
        ReadOnlySpan<byte> responderKey, ReadOnlySpan<byte> ephemeralKey, ReadOnlySpan<byte> kemKey)
    {
        ArgumentNullException.ThrowIfNull(userId);
        byte[] user;
        try
        {
            user = WireReader.StrictUtf8.GetBytes(userId);
        }
        catch (ArgumentException)
        {
            throw new InvalidMessageException("The user id is not valid UTF-8 text.");
        }

        if (user.Length is < 1 or > 255)
        {
            throw new InvalidMessageException("The user id is 1 to 255 bytes of UTF-8.");
        }

        if (deviceId <= 0)
        {
            throw new InvalidMessageException("The device id is positive.");
        }

        if (deviceIdentityKey.Length != KeyLength || commitment.Length != KeyLength || responderKey.Length != KeyLength
            || ephemeralKey.Length != KeyLength || kemKey.Length != KemKeyLength)
        {
            throw new InvalidMessageException("A device link key or commitment has the wrong length.");
        }

        // Step 3: the revealed keys must be the ones committed to before the responder's key was known.
        Span<byte> expected = stackalloc byte[KeyLength];
        Commit(ephemeralKey, kemKey, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, commitment))
        {
            throw new InvalidMessageException("The revealed link keys do not match the commitment.");
        }

        UserId = userId;
        LinkId = linkId;
        DeviceId = deviceId;
        DeviceIdentityKey = deviceIdentityKey.ToArray();
        Commitment = commitment.ToArray();
        ResponderKey = responderKey.ToArray();
        EphemeralKey = ephemeralKey.ToArray();
        KemKey = kemKey.ToArray();

        // T = SHA-256(label ‖ len(user) ‖ user ‖ link id (RFC 9562 order) ‖ device id (u32) ‖ IK_N ‖ commitment ‖ X_E ‖ X_N ‖ ek_N)
        var input = new byte[TranscriptLabel.Length + 1 + user.Length + 16 + 4 + (KeyLength * 4) + KemKeyLength];
        var span = input.AsSpan();
        var at = Encoding.ASCII.GetBytes(TranscriptLabel, span);
        span[at++] = (byte)user.Length;
        user.CopyTo(span[at..]);
        at += user.Length;
        linkId.TryWriteBytes(span.Slice(at, 16), bigEndian: true, out _);
        at += 16;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)deviceId);
        at += 4;
        foreach (var part in new[] { DeviceIdentityKey, Commitment, ResponderKey, EphemeralKey, KemKey })
        {
            part.Span.CopyTo(span[at..]);
            at += part.Length;
        }

        _hash = SHA256.HashData(input);

        // code = u64(SHA-256("Chatalot_LinkCode_v1" ‖ T)[0..8)) mod 10^8
        Span<byte> codeInput = stackalloc byte[CodeLabel.Length + KeyLength];
        Encoding.ASCII.GetBytes(CodeLabel, codeInput);
        _hash.CopyTo(codeInput[CodeLabel.Length..]);
        Span<byte> digest = stackalloc byte[KeyLength];
        SHA256.HashData(codeInput, digest);
        Code = (BinaryPrimitives.ReadUInt64BigEndian(digest) % 100_000_000UL).ToString("D8", CultureInfo.InvariantCulture);
    }

    /// <summary>The transcript hash <c>T</c> (32 bytes).</summary>
    public ReadOnlyMemory<byte> Hash => _hash;

    /// <summary>The code both devices show, 8 decimal digits with no space (for example <c>"01234567"</c>).</summary>
    public string Code { get; }

    /// <summary>The code as shown to the user: two groups of 4 digits (<c>"0123 4567"</c>).</summary>
    public string DisplayCode => string.Concat(Code.AsSpan(0, 4), " ", Code.AsSpan(4));

    /// <summary>The account's user id.</summary>
    public string UserId { get; }

    /// <summary>The link id.</summary>
    public Guid LinkId { get; }

    /// <summary>The new device's id.</summary>
    public int DeviceId { get; }

    /// <summary>The new device's identity key <c>IK_N</c>, the key the next signed list must hold for <see cref="DeviceId"/>.</summary>
    public ReadOnlyMemory<byte> DeviceIdentityKey { get; }

    /// <summary>The new device's commitment.</summary>
    public ReadOnlyMemory<byte> Commitment { get; }

    /// <summary>The existing device's ephemeral key <c>X_E</c>.</summary>
    public ReadOnlyMemory<byte> ResponderKey { get; }

    /// <summary>The new device's ephemeral key <c>X_N</c>.</summary>
    public ReadOnlyMemory<byte> EphemeralKey { get; }

    /// <summary>The new device's ML-KEM-768 key <c>ek_N</c>.</summary>
    public ReadOnlyMemory<byte> KemKey { get; }

    /// <summary>The commitment to a new device's ephemeral keys: <c>SHA-256("Chatalot_LinkCommit_v1" ‖ X_N ‖ ek_N)</c>.</summary>
    /// <param name="ephemeralKey">The X25519 key <c>X_N</c> (32 bytes).</param>
    /// <param name="kemKey">The ML-KEM-768 key <c>ek_N</c> (1,184 bytes).</param>
    /// <returns>The 32-byte commitment.</returns>
    /// <exception cref="InvalidKeyException">A key has the wrong length.</exception>
    public static byte[] Commit(ReadOnlySpan<byte> ephemeralKey, ReadOnlySpan<byte> kemKey)
    {
        if (ephemeralKey.Length != KeyLength || kemKey.Length != KemKeyLength)
        {
            throw new InvalidKeyException("A link commitment covers a 32-byte X25519 key and a 1,184-byte ML-KEM-768 key.");
        }

        var commitment = new byte[KeyLength];
        Commit(ephemeralKey, kemKey, commitment);
        return commitment;
    }

    /// <inheritdoc />
    public override string ToString() => $"DeviceLinkTranscript({LinkId}, device {DeviceId}, T {Convert.ToHexStringLower(_hash, 0, 8)}…)";

    internal bool HasResponderKey(ReadOnlySpan<byte> key) => CryptographicOperations.FixedTimeEquals(ResponderKey.Span, key);

    internal bool HasInitiatorKeys(ReadOnlySpan<byte> ephemeralKey, ReadOnlySpan<byte> kemKey) =>
        CryptographicOperations.FixedTimeEquals(EphemeralKey.Span, ephemeralKey) & CryptographicOperations.FixedTimeEquals(KemKey.Span, kemKey);

    private static void Commit(ReadOnlySpan<byte> ephemeralKey, ReadOnlySpan<byte> kemKey, Span<byte> destination)
    {
        var input = new byte[CommitLabel.Length + KeyLength + KemKeyLength];
        var at = Encoding.ASCII.GetBytes(CommitLabel, input);
        ephemeralKey.CopyTo(input.AsSpan(at));
        kemKey.CopyTo(input.AsSpan(at + KeyLength));
        SHA256.HashData(input, destination);
    }
}
