namespace Chatalot.Client;

/// <summary>An image downloaded from the server (an avatar, a banner, a custom emoji).</summary>
/// <param name="MediaType">The media type the server checked against the bytes (for example <c>image/png</c>).</param>
/// <param name="Bytes">The image.</param>
/// <param name="ETag">The server's entity tag, for caches; null when none was sent.</param>
public sealed record ImageData(string MediaType, ReadOnlyMemory<byte> Bytes, string? ETag)
{
    /// <summary>A read-only stream over the image.</summary>
    /// <returns>A new stream; dispose it when done.</returns>
    public Stream OpenRead() =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(Bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(Bytes.ToArray(), writable: false);
}
