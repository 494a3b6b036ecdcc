using System.Security.Cryptography;
using Chatalot.Protocol.Messages;

namespace Chatalot.Crypto;

/// <summary>
/// Message franking (crypto.md §14): a per-message key <c>fk</c> carried inside the end-to-end plaintext, and the
/// commitment <c>C = HMAC-SHA256(fk, …)</c> sent beside the ciphertext, which the server binds to the sender and time.
/// A receiver verifies <c>C</c> on decrypt; a reporter reveals (plaintext, <c>fk</c>) and the server re-verifies it.
/// HMAC-SHA256 from the .NET base library on every provider; comparisons are constant-time.
/// </summary>
public static class Franking
{
    /// <summary>Length of a franking key, a commitment and a tag, in bytes.</summary>
    public const int KeyLength = FrankingFormat.Length;

    /// <summary>Draws a fresh 32-byte franking key from the provider's CSPRNG.</summary>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when <see langword="null"/>.</param>
    /// <returns>The key; the caller zeroes it once the message is encoded.</returns>
    public static byte[] NewKey(CryptoProvider? provider = null)
    {
        var key = new byte[KeyLength];
        (provider ?? CryptoProvider.Default).Primitives.FillRandom(key);
        return key;
    }

    /// <summary>The commitment to <paramref name="plaintext"/> in <paramref name="context"/> under <paramref name="frankingKey"/> (crypto.md §14.2).</summary>
    /// <param name="frankingKey">The 32-byte franking key the plaintext carries.</param>
    /// <param name="plaintext">The padded content plaintext exactly as it will be encrypted.</param>
    /// <param name="context">What the commitment binds.</param>
    /// <returns>The 32-byte commitment.</returns>
    /// <exception cref="InvalidKeyException">The key is not 32 bytes.</exception>
    public static byte[] Commit(ReadOnlySpan<byte> frankingKey, ReadOnlySpan<byte> plaintext, FrankingContext context)
    {
        if (frankingKey.Length != KeyLength)
        {
            throw new InvalidKeyException("A franking key is 32 bytes.");
        }

        return FrankingFormat.Commitment(frankingKey, plaintext, context.SenderId, context.SenderDeviceId, context.ChannelId, context.IdempotencyKey ?? "");
    }

    /// <summary>
    /// Whether <paramref name="commitment"/> opens to <paramref name="plaintext"/> under <paramref name="frankingKey"/> in
    /// <paramref name="context"/>. Constant-time; false (never an exception) for keys or commitments of the wrong length.
    /// </summary>
    /// <param name="commitment">The commitment that travelled beside the ciphertext.</param>
    /// <param name="frankingKey">The franking key found in the plaintext.</param>
    /// <param name="plaintext">The decrypted padded plaintext.</param>
    /// <param name="context">The transport's facts.</param>
    /// <returns><see langword="true"/> when it verifies.</returns>
    public static bool Verify(ReadOnlySpan<byte> commitment, ReadOnlySpan<byte> frankingKey, ReadOnlySpan<byte> plaintext, FrankingContext context) =>
        FrankingFormat.VerifyCommitment(commitment, frankingKey, plaintext, context.SenderId, context.SenderDeviceId, context.ChannelId, context.IdempotencyKey);

    /// <summary>
    /// Whether a report's opening matches the server's record of the message: the commitment opens, and the server's tag
    /// over it verifies under <paramref name="serverKey"/> (crypto.md §14.4). What a server does; exposed for tests and tools.
    /// </summary>
    /// <param name="frankingKey">The revealed franking key.</param>
    /// <param name="plaintext">The revealed plaintext.</param>
    /// <param name="context">The stored transport facts.</param>
    /// <param name="commitment">The stored commitment.</param>
    /// <param name="tag">The stored tag.</param>
    /// <param name="serverKey">The server franking key of the tag's key id.</param>
    /// <param name="messageId">The message id.</param>
    /// <param name="serverTime">When the server accepted the body.</param>
    /// <returns><see langword="true"/> when both verify.</returns>
    public static bool VerifyOpening(ReadOnlySpan<byte> frankingKey, ReadOnlySpan<byte> plaintext, FrankingContext context, ReadOnlySpan<byte> commitment,
        ReadOnlySpan<byte> tag, ReadOnlySpan<byte> serverKey, Guid messageId, DateTimeOffset serverTime)
    {
        // Both checks run whatever the first gave, so timing says nothing about which part failed.
        var opens = Verify(commitment, frankingKey, plaintext, context);
        var bound = FrankingFormat.VerifyTag(tag, serverKey, commitment, context.SenderId, context.ChannelId, messageId, serverTime);
        return opens & bound;
    }

    /// <summary>Zeroes a franking key held in memory.</summary>
    /// <param name="frankingKey">The key.</param>
    public static void Clear(byte[]? frankingKey)
    {
        if (frankingKey is not null)
        {
            CryptographicOperations.ZeroMemory(frankingKey);
        }
    }
}
