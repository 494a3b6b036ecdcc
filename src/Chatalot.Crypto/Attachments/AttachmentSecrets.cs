using System.Security.Cryptography;
using Chatalot.Crypto.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// What a recipient needs to fetch and open an attachment: the random 32-byte file key and the SHA-256 of the
/// whole ciphertext. Send it inside the end-to-end encrypted message that references the file, never alongside
/// the upload.
/// </summary>
public sealed class AttachmentSecrets
{
    private const byte FormatVersion = 1;
    private readonly byte[] _key;
    private readonly byte[] _digest;

    /// <summary>Creates secrets from their parts.</summary>
    /// <param name="key">The 32-byte file key.</param>
    /// <param name="digest">The 32-byte SHA-256 of the ciphertext.</param>
    /// <param name="plaintextLength">The plaintext length.</param>
    /// <exception cref="InvalidKeyException">A part has the wrong size.</exception>
    public AttachmentSecrets(ReadOnlySpan<byte> key, ReadOnlySpan<byte> digest, long plaintextLength)
    {
        if (key.Length != 32 || digest.Length != 32 || plaintextLength < 0)
        {
            throw new InvalidKeyException("Attachment key and digest are 32 bytes each.");
        }

        _key = key.ToArray();
        _digest = digest.ToArray();
        PlaintextLength = plaintextLength;
    }

    /// <summary>The file key (secret).</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>SHA-256 of the ciphertext, checked after download.</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>The plaintext length in bytes.</summary>
    public long PlaintextLength { get; }

    /// <summary>Reads secrets written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The secrets.</returns>
    /// <exception cref="InvalidMessageException">The bytes are malformed.</exception>
    public static AttachmentSecrets Deserialize(ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data, static m => new InvalidMessageException(m));
        if (reader.ReadByte() != FormatVersion)
        {
            throw new InvalidMessageException(CryptoErrorCode.UnsupportedVersion, "Unsupported attachment secrets version.");
        }

        var key = reader.ReadBytes(32);
        var digest = reader.ReadBytes(32);
        var length = reader.ReadInt64();
        reader.EnsureEnd();
        if (length < 0)
        {
            throw new InvalidMessageException("Negative attachment length.");
        }

        return new AttachmentSecrets(key, digest, length);
    }

    /// <summary>Serialises as version (1) ‖ key (32) ‖ digest (32) ‖ plaintext length (i64 BE). Secret.</summary>
    /// <returns>73 bytes.</returns>
    public byte[] Serialize()
    {
        using var writer = new WireWriter(80);
        writer.WriteByte(FormatVersion);
        writer.Write(_key);
        writer.Write(_digest);
        writer.WriteInt64(PlaintextLength);
        return writer.ToArray();
    }

    /// <summary>Wipes the key.</summary>
    public void Wipe() => CryptographicOperations.ZeroMemory(_key);

    /// <inheritdoc />
    public override string ToString() => $"AttachmentSecrets(length {PlaintextLength}, digest {Convert.ToHexStringLower(_digest, 0, 8)}…)";
}
