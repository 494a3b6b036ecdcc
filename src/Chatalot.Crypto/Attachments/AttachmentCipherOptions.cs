namespace Chatalot.Crypto;

/// <summary>Options of <see cref="AttachmentCipher"/>.</summary>
public sealed record AttachmentCipherOptions
{
    /// <summary>Smallest accepted chunk size.</summary>
    public const int MinChunkSize = 4 * 1024;

    /// <summary>Largest accepted chunk size (also bounds the memory a decrypt may allocate).</summary>
    public const int MaxChunkSize = 4 * 1024 * 1024;

    /// <summary>Plaintext bytes per chunk; 64 KiB by default. Memory use is about twice this, whatever the file size.</summary>
    public int ChunkSize { get; init; } = 64 * 1024;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The chunk size is outside [4 KiB, 4 MiB].</exception>
    public void Validate()
    {
        if (ChunkSize is < MinChunkSize or > MaxChunkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, "The chunk size must be between 4 KiB and 4 MiB.");
        }
    }
}
