using Chatalot.Crypto;
using Chatalot.Fuzz.Seeds;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// <see cref="AttachmentCipher.DecryptAsync"/> on a downloaded attachment (header, chunk records, digest): it throws
/// only <see cref="InvalidMessageException"/>. Input: the 73-byte <see cref="AttachmentSecrets"/> from the E2E message,
/// then the ciphertext.
/// </summary>
public sealed class AttachmentTarget : FuzzTarget
{
    private const int SecretsSize = 73;

    /// <inheritdoc />
    public override string Name => "attachment";

    /// <inheritdoc />
    public override string Description => "AttachmentCipher.DecryptAsync (header, chunks, digest) with the secrets in the input; allows ChatalotCryptoException";

    /// <inheritdoc />
    public override int MaxInputLength => 16384;

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length < SecretsSize)
        {
            return;
        }

        try
        {
            var secrets = AttachmentSecrets.Deserialize(data[..SecretsSize]);
            using var ciphertext = new MemoryStream(data[SecretsSize..].ToArray(), writable: false);
            new AttachmentCipher().DecryptAsync(ciphertext, Stream.Null, secrets).AsTask().GetAwaiter().GetResult();
        }
        catch (ChatalotCryptoException)
        {
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Data)> CreateSeeds()
    {
        var f = CryptoFixture.Create();
        yield return ("two-chunks.bin", [.. f.AttachmentSecrets.Serialize(), .. f.AttachmentCiphertext]);
    }
}
