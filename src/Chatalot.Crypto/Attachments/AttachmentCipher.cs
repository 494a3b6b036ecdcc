using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Chatalot.Crypto.Attachments.Internal;
using Chatalot.Crypto.Primitives.Internal;
using Chatalot.Crypto.Sessions.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// Streaming attachment encryption (docs/protocol/crypto.md §8): a random key per file, chunked
/// ChaCha20-Poly1305 in the STREAM construction (nonce = random prefix ‖ chunk index, final-chunk flag in the
/// associated data) so truncation, reordering and extension are detected, with memory independent of file size.
/// </summary>
public sealed class AttachmentCipher
{
    /// <summary>Size of the stream header: version ‖ type ‖ chunk size (u32 BE) ‖ nonce prefix (8).</summary>
    public const int HeaderSize = 14;

    private const int TagSize = CryptoPrimitives.AeadTagSize;
    private static readonly byte[] KeyInfo = System.Text.Encoding.ASCII.GetBytes("Chatalot_Attachment_v2");

    private readonly AttachmentCipherOptions _options;
    private readonly CryptoProvider _provider;

    /// <summary>Creates a cipher.</summary>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">Invalid options.</exception>
    public AttachmentCipher(AttachmentCipherOptions? options = null, CryptoProvider? provider = null)
    {
        _options = options ?? new AttachmentCipherOptions();
        _options.Validate();
        _provider = provider ?? CryptoProvider.Default;
    }

    /// <summary>The ciphertext length for a plaintext length and chunk size.</summary>
    /// <param name="plaintextLength">The plaintext length.</param>
    /// <param name="chunkSize">The chunk size.</param>
    /// <returns>The ciphertext length in bytes.</returns>
    public static long GetCiphertextLength(long plaintextLength, int chunkSize = 64 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, AttachmentCipherOptions.MinChunkSize);
        var chunks = plaintextLength == 0 ? 1 : ((plaintextLength - 1) / chunkSize) + 1; // an empty file is one empty final chunk
        return HeaderSize + plaintextLength + (chunks * TagSize);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> with a fresh random key.</summary>
    /// <param name="plaintext">The readable source.</param>
    /// <param name="ciphertext">The writable destination (e.g. the upload stream).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The key and ciphertext digest to send inside the E2E message.</returns>
    public async ValueTask<AttachmentSecrets> EncryptAsync(Stream plaintext, Stream ciphertext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(ciphertext);
        var primitives = _provider.Primitives;
        var chunkSize = _options.ChunkSize;
        var fileKey = new byte[32];
        var header = new byte[HeaderSize];
        primitives.FillRandom(fileKey);
        header[0] = ProtocolConstants.Version;
        header[1] = ProtocolConstants.TypeAttachment;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), (uint)chunkSize);
        primitives.FillRandom(header.AsSpan(6, 8));

        var chunkKey = DeriveChunkKey(primitives, fileKey, header);
        var current = ArrayPool<byte>.Shared.Rent(chunkSize);
        var next = ArrayPool<byte>.Shared.Rent(chunkSize);
        var output = ArrayPool<byte>.Shared.Rent(chunkSize + TagSize);
        using var hash = StreamingSha256.Create();
        try
        {
            hash.Append(header);
            await ciphertext.WriteAsync(header, cancellationToken).ConfigureAwait(false);

            long total = 0;
            uint index = 0;
            var currentLength = await plaintext.ReadAtLeastAsync(current.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                // Look ahead one chunk: the final flag must be known before the current chunk is sealed.
                var nextLength = currentLength == chunkSize
                    ? await plaintext.ReadAtLeastAsync(next.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                    : 0;
                var isFinal = nextLength == 0;
                SealChunk(primitives, chunkKey, header, index, isFinal, current.AsSpan(0, currentLength), output);
                var sealedLength = currentLength + TagSize;
                hash.Append(output.AsSpan(0, sealedLength));
                await ciphertext.WriteAsync(output.AsMemory(0, sealedLength), cancellationToken).ConfigureAwait(false);
                total += currentLength;
                if (isFinal)
                {
                    break;
                }

                index = NextChunkIndex(index);
                (current, next) = (next, current);
                currentLength = nextLength;
            }

            var digest = hash.GetHashAndReset();
            var secrets = new AttachmentSecrets(fileKey, digest, total);
            return secrets;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
            CryptographicOperations.ZeroMemory(chunkKey);
            Return(current, chunkSize);
            Return(next, chunkSize);
            Return(output, chunkSize + TagSize);
        }
    }

    /// <summary>
    /// Decrypts and verifies an attachment. Plaintext is written chunk by chunk as each chunk authenticates; if
    /// this throws, discard everything written to <paramref name="plaintext"/>.
    /// </summary>
    /// <param name="ciphertext">The downloaded ciphertext.</param>
    /// <param name="plaintext">The destination.</param>
    /// <param name="secrets">The key and digest from the E2E message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the whole file has been verified.</returns>
    /// <exception cref="InvalidMessageException"><see cref="CryptoErrorCode.AttachmentIntegrity"/> when anything was altered.</exception>
    public async ValueTask DecryptAsync(Stream ciphertext, Stream plaintext, AttachmentSecrets secrets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(secrets);
        var primitives = _provider.Primitives;
        var header = new byte[HeaderSize];
        if (await ciphertext.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) != HeaderSize)
        {
            throw Integrity("The attachment is truncated.");
        }

        if (header[0] != ProtocolConstants.Version || header[1] != ProtocolConstants.TypeAttachment)
        {
            throw new InvalidMessageException(CryptoErrorCode.UnsupportedVersion, "Unsupported attachment format.");
        }

        var chunkSize = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2)), int.MaxValue);
        if (chunkSize is < AttachmentCipherOptions.MinChunkSize or > AttachmentCipherOptions.MaxChunkSize)
        {
            throw Integrity("Invalid attachment chunk size.");
        }

        var recordSize = chunkSize + TagSize;
        var chunkKey = DeriveChunkKey(primitives, secrets.Key, header);
        var current = ArrayPool<byte>.Shared.Rent(recordSize);
        var next = ArrayPool<byte>.Shared.Rent(recordSize);
        var output = ArrayPool<byte>.Shared.Rent(chunkSize);
        using var hash = StreamingSha256.Create();
        try
        {
            hash.Append(header);
            long total = 0;
            uint index = 0;
            var currentLength = await ciphertext.ReadAtLeastAsync(current.AsMemory(0, recordSize), recordSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (currentLength < TagSize)
                {
                    throw Integrity("The attachment is truncated.");
                }

                var nextLength = currentLength == recordSize
                    ? await ciphertext.ReadAtLeastAsync(next.AsMemory(0, recordSize), recordSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                    : 0;
                var isFinal = nextLength == 0;
                var plainLength = currentLength - TagSize;
                if (!OpenChunk(primitives, chunkKey, header, index, isFinal, current.AsSpan(0, currentLength), output.AsSpan(0, plainLength)))
                {
                    // A chunk sealed as non-final at the end (truncation), a final one in the middle (extension),
                    // a moved chunk (reorder) or any altered byte all fail here.
                    throw Integrity("An attachment chunk does not authenticate.");
                }

                hash.Append(current.AsSpan(0, currentLength));
                await plaintext.WriteAsync(output.AsMemory(0, plainLength), cancellationToken).ConfigureAwait(false);
                total += plainLength;
                if (isFinal)
                {
                    break;
                }

                index = NextChunkIndex(index);
                (current, next) = (next, current);
                currentLength = nextLength;
            }

            Span<byte> digest = stackalloc byte[32];
            hash.GetHashAndReset(digest);
            if (!CryptographicOperations.FixedTimeEquals(digest, secrets.Digest) || total != secrets.PlaintextLength)
            {
                throw Integrity("The attachment digest or length does not match.");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(chunkKey);
            Return(current, recordSize);
            Return(next, recordSize);
            Return(output, chunkSize);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"AttachmentCipher(chunk {_options.ChunkSize})";

    private static byte[] DeriveChunkKey(CryptoPrimitives primitives, ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> header)
    {
        // Binding the header (chunk size, nonce prefix) into the key makes header edits fail every chunk.
        var key = new byte[32];
        primitives.Hkdf(fileKey, header, KeyInfo, key);
        return key;
    }

    private static void SealChunk(CryptoPrimitives primitives, ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, uint index, bool isFinal, ReadOnlySpan<byte> chunk, Span<byte> output)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> ad = stackalloc byte[HeaderSize + 1];
        BuildNonceAndAd(header, index, isFinal, nonce, ad);
        primitives.AeadEncrypt(key, nonce, chunk, ad, output[..(chunk.Length + TagSize)]);
    }

    private static bool OpenChunk(CryptoPrimitives primitives, ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, uint index, bool isFinal, ReadOnlySpan<byte> record, Span<byte> output)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> ad = stackalloc byte[HeaderSize + 1];
        BuildNonceAndAd(header, index, isFinal, nonce, ad);
        return primitives.AeadDecrypt(key, nonce, record, ad, output);
    }

    /// <summary>nonce = prefix (8) ‖ index (u32 BE); AD = header ‖ final flag (0x00 or 0x01).</summary>
    private static void BuildNonceAndAd(ReadOnlySpan<byte> header, uint index, bool isFinal, Span<byte> nonce, Span<byte> ad)
    {
        header.Slice(6, 8).CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index);
        header.CopyTo(ad);
        ad[HeaderSize] = isFinal ? (byte)1 : (byte)0;
    }

    private static InvalidMessageException Integrity(string message) => new(CryptoErrorCode.AttachmentIntegrity, message);

    /// <summary>
    /// The chunk index is the u32 at the end of the nonce, so a file has at most 2^32 chunks (indices 0 … 2^32 − 1,
    /// §8); a longer stream, when encrypting or decrypting, is refused with AttachmentIntegrity instead of reusing a nonce.
    /// </summary>
    internal static uint NextChunkIndex(uint index) =>
        index == uint.MaxValue ? throw Integrity("An attachment has at most 2^32 chunks.") : index + 1;

    private static void Return(byte[] buffer, int used)
    {
        CryptographicOperations.ZeroMemory(buffer.AsSpan(0, Math.Min(used, buffer.Length)));
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
