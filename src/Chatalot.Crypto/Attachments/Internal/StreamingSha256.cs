using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Chatalot.Crypto.Attachments.Internal;

/// <summary>
/// SHA-256 fed piece by piece with memory independent of the input's length, for an attachment's digest
/// (crypto.md §8). <see cref="IncrementalHash"/> is that everywhere but in the browser: there the runtime's managed
/// SHA provider keeps every appended byte in a growing <see cref="MemoryStream"/> and hashes it all at the end, so the
/// digest of a 100 MiB file held a 128 MiB buffer in WebAssembly memory (measured: docs/articles/web.md, "Big files").
/// In the browser, BouncyCastle's <see cref="Sha256Digest"/> hashes as it goes instead. Same bytes, same digest.
/// </summary>
internal sealed class StreamingSha256 : IDisposable
{
    private readonly IncrementalHash? _incremental;
    private readonly Sha256Digest? _digest;

    private StreamingSha256(bool useDigest)
    {
        if (useDigest)
        {
            _digest = new Sha256Digest();
        }
        else
        {
            _incremental = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }
    }

    /// <summary>The right implementation for this platform.</summary>
    public static StreamingSha256 Create() => new(OperatingSystem.IsBrowser());

    /// <summary>For tests: BouncyCastle's digest (what the browser uses) or <see cref="IncrementalHash"/>.</summary>
    internal static StreamingSha256 Create(bool useDigest) => new(useDigest);

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_digest is not null)
        {
            _digest.BlockUpdate(data);
        }
        else
        {
            _incremental!.AppendData(data);
        }
    }

    /// <summary>Writes the 32-byte hash of everything appended and starts over.</summary>
    public void GetHashAndReset(Span<byte> destination)
    {
        if (_digest is not null)
        {
            _digest.DoFinal(destination);
        }
        else
        {
            _incremental!.GetHashAndReset(destination);
        }
    }

    public byte[] GetHashAndReset()
    {
        var hash = new byte[32];
        GetHashAndReset(hash);
        return hash;
    }

    public void Dispose() => _incremental?.Dispose();
}
