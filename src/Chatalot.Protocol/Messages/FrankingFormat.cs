using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Chatalot.Protocol.Messages;

/// <summary>
/// The byte layouts of message franking (crypto.md §14): the sender's commitment <c>C</c> and the server's tag <c>T</c>,
/// both HMAC-SHA256 over a domain label and length-prefixed fields. Only verification-side code lives here (no key
/// generation), so the server can check reports with the BCL alone; the SDK's <c>Chatalot.Crypto.Franking</c> builds on it.
/// </summary>
public static class FrankingFormat
{
    /// <summary>Length of a franking key <c>fk</c>, of a commitment and of a tag: 32 bytes.</summary>
    public const int Length = 32;

    /// <summary>Domain label of the commitment (crypto.md §14.2).</summary>
    public const string CommitmentLabel = "chatalot/franking/v1/commitment";

    /// <summary>Domain label of the server's tag (crypto.md §14.3).</summary>
    public const string TagLabel = "chatalot/franking/v1/tag";

    /// <summary>
    /// <c>C = HMAC-SHA256(fk, lp(label) ‖ lp(plaintext) ‖ lp(sender user) ‖ lp(sender device) ‖ lp(channel) ‖ lp(idempotency key))</c>.
    /// </summary>
    /// <param name="frankingKey">The message's 32-byte franking key.</param>
    /// <param name="plaintext">The padded content plaintext exactly as encrypted (content.md §5).</param>
    /// <param name="senderId">The sending user.</param>
    /// <param name="senderDeviceId">The sending device.</param>
    /// <param name="channelId">The channel (a DM is a channel).</param>
    /// <param name="idempotencyKey">The transport's idempotency key of the message (for an edit: the edited message's).</param>
    /// <returns>The 32-byte commitment.</returns>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static byte[] Commitment(ReadOnlySpan<byte> frankingKey, ReadOnlySpan<byte> plaintext, Guid senderId, int senderDeviceId, Guid channelId, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        if (frankingKey.Length != Length)
        {
            throw new ArgumentException("A franking key is 32 bytes.", nameof(frankingKey));
        }

        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, frankingKey);
        Append(mac, Encoding.ASCII.GetBytes(CommitmentLabel));
        Append(mac, plaintext);
        AppendGuid(mac, senderId);
        Span<byte> device = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(device, senderDeviceId);
        Append(mac, device);
        AppendGuid(mac, channelId);
        Append(mac, Encoding.UTF8.GetBytes(idempotencyKey));
        return mac.GetHashAndReset();
    }

    /// <summary>Whether <paramref name="commitment"/> opens to the given plaintext and context; constant-time, never throws on bad lengths.</summary>
    /// <param name="commitment">The claimed commitment.</param>
    /// <param name="frankingKey">The revealed franking key.</param>
    /// <param name="plaintext">The revealed padded plaintext.</param>
    /// <param name="senderId">The sending user.</param>
    /// <param name="senderDeviceId">The sending device.</param>
    /// <param name="channelId">The channel.</param>
    /// <param name="idempotencyKey">The message's idempotency key.</param>
    /// <returns><see langword="true"/> when it verifies.</returns>
    public static bool VerifyCommitment(ReadOnlySpan<byte> commitment, ReadOnlySpan<byte> frankingKey, ReadOnlySpan<byte> plaintext, Guid senderId, int senderDeviceId, Guid channelId, string? idempotencyKey)
    {
        if (commitment.Length != Length || frankingKey.Length != Length || idempotencyKey is null)
        {
            return false;
        }

        var expected = Commitment(frankingKey, plaintext, senderId, senderDeviceId, channelId, idempotencyKey);
        return CryptographicOperations.FixedTimeEquals(expected, commitment);
    }

    /// <summary>
    /// <c>T = HMAC-SHA256(server key, lp(label) ‖ lp(C) ‖ lp(sender user) ‖ lp(channel) ‖ lp(message id) ‖ lp(server time))</c>,
    /// the server time as Unix milliseconds (signed 64-bit, big-endian).
    /// </summary>
    /// <param name="serverKey">The server's franking key (at least 32 bytes).</param>
    /// <param name="commitment">The stored commitment.</param>
    /// <param name="senderId">The sending user.</param>
    /// <param name="channelId">The channel.</param>
    /// <param name="messageId">The server's message id.</param>
    /// <param name="serverTime">When the server accepted the body (the send, or the edit).</param>
    /// <returns>The 32-byte tag.</returns>
    public static byte[] Tag(ReadOnlySpan<byte> serverKey, ReadOnlySpan<byte> commitment, Guid senderId, Guid channelId, Guid messageId, DateTimeOffset serverTime)
    {
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, serverKey);
        Append(mac, Encoding.ASCII.GetBytes(TagLabel));
        Append(mac, commitment);
        AppendGuid(mac, senderId);
        AppendGuid(mac, channelId);
        AppendGuid(mac, messageId);
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, serverTime.ToUnixTimeMilliseconds());
        Append(mac, time);
        return mac.GetHashAndReset();
    }

    /// <summary>Whether <paramref name="tag"/> is the server's tag for these values; constant-time.</summary>
    /// <param name="tag">The stored tag.</param>
    /// <param name="serverKey">The server key of the tag's key id.</param>
    /// <param name="commitment">The stored commitment.</param>
    /// <param name="senderId">The sending user.</param>
    /// <param name="channelId">The channel.</param>
    /// <param name="messageId">The message id.</param>
    /// <param name="serverTime">When the body was accepted.</param>
    /// <returns><see langword="true"/> when it verifies.</returns>
    public static bool VerifyTag(ReadOnlySpan<byte> tag, ReadOnlySpan<byte> serverKey, ReadOnlySpan<byte> commitment, Guid senderId, Guid channelId, Guid messageId, DateTimeOffset serverTime) =>
        tag.Length == Length && CryptographicOperations.FixedTimeEquals(Tag(serverKey, commitment, senderId, channelId, messageId, serverTime), tag);

    // lp(x) = 4-byte big-endian length ‖ x: no two different field lists give the same byte string.
    private static void Append(IncrementalHash mac, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)field.Length);
        mac.AppendData(length);
        mac.AppendData(field);
    }

    private static void AppendGuid(IncrementalHash mac, Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        Append(mac, bytes);
    }
}
