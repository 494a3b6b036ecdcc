namespace Chatalot.Protocol.Attachments;

/// <summary>Size rules of encrypted attachments shared by server and client (rest.md §Attachments).</summary>
public static class AttachmentLimits
{
    /// <summary>The default largest file, in plaintext bytes (100 MiB); servers configure their own.</summary>
    public const long DefaultMaxAttachmentBytes = 100L * 1024 * 1024;

    /// <summary>The largest body of one <c>PATCH</c> (16 MiB); clients send smaller chunks (the SDK sends 8 MiB).</summary>
    public const int ChunkMaxBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The smallest ciphertext (an empty file): the 14-byte stream header and one 16-byte tag (crypto.md §8).
    /// </summary>
    public const long MinCiphertextBytes = 30;

    /// <summary>
    /// The largest ciphertext the server accepts for files of at most <paramref name="maxPlaintextBytes"/>: the plaintext
    /// plus the stream header and one 16-byte tag per chunk at the smallest chunk size (4 KiB), so a file at the limit
    /// fits whatever chunk size its sender chose.
    /// </summary>
    /// <param name="maxPlaintextBytes">The plaintext limit.</param>
    /// <returns>The ciphertext limit.</returns>
    public static long CiphertextAllowance(long maxPlaintextBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPlaintextBytes);
        return maxPlaintextBytes + (((maxPlaintextBytes / 4096) + 1) * 16) + 14;
    }
}
