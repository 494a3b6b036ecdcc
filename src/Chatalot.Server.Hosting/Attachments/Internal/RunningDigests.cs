using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Chatalot.Server.Hosting.Attachments.Internal;

/// <summary>
/// The SHA-256 of each upload's bytes, fed as its chunks arrive, so completing an upload does not read the whole file
/// back from the blob store to check its digest. Best effort and never trusted blindly: a running digest is used only
/// when it covered exactly the bytes the store holds. After a restart, a chunk appended on another node, a chunk that was
/// not kept whole, or when too many uploads are in flight, there is none, and completion hashes the stored bytes.
/// </summary>
internal sealed class RunningDigests
{
    /// <summary>Uploads tracked at once; beyond it new uploads are hashed at completion (a few hundred bytes each).</summary>
    internal const int MaxTracked = 1024;

    private readonly ConcurrentDictionary<Guid, Digest> _digests = new();

    /// <summary>
    /// The digest to feed with a chunk appended at <paramref name="offset"/>, taken out so no racing append can feed it
    /// too; null when there is none at that offset (the chunk is stored all the same). Hand it back with <see cref="Return"/>.
    /// </summary>
    public Digest? Take(Guid uploadId, long offset)
    {
        var existing = _digests.TryRemove(uploadId, out var found) ? found : null;
        if (existing is not null && existing.Covered == offset)
        {
            return existing;
        }

        existing?.Dispose();
        return offset == 0 && _digests.Count < MaxTracked ? new Digest() : null;
    }

    /// <summary>Keeps the digest after an append if it covered exactly the <paramref name="storedLength"/> bytes now stored.</summary>
    public void Return(Guid uploadId, Digest digest, long storedLength)
    {
        if (digest.Covered != storedLength || !_digests.TryAdd(uploadId, digest))
        {
            digest.Dispose();
        }
    }

    /// <summary>The SHA-256 of the upload's first <paramref name="length"/> bytes, if a running digest covered exactly them.</summary>
    public byte[]? Finish(Guid uploadId, long length)
    {
        if (!_digests.TryRemove(uploadId, out var digest))
        {
            return null;
        }

        using (digest)
        {
            return digest.Covered == length ? digest.Hash.GetHashAndReset() : null;
        }
    }

    /// <summary>Drops the upload's digest (deleted or swept).</summary>
    public void Forget(Guid uploadId)
    {
        if (_digests.TryRemove(uploadId, out var digest))
        {
            digest.Dispose();
        }
    }

    /// <summary>One upload's running hash and how many bytes it covered.</summary>
    internal sealed class Digest : IDisposable
    {
        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Covered { get; private set; }

        public void Append(ReadOnlySpan<byte> data)
        {
            Hash.AppendData(data);
            Covered += data.Length;
        }

        public void Dispose() => Hash.Dispose();
    }
}
