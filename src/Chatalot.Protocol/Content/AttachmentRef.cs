using System.Text.Json.Serialization;

namespace Chatalot.Protocol.Content;

/// <summary>
/// An encrypted file a message refers to (content.md §3.6, crypto.md §8). The file key and digest travel only here,
/// inside the end-to-end ciphertext; the server stores the encrypted blob under <see cref="Id"/>.
/// </summary>
/// <param name="Id">The server's id of the encrypted blob.</param>
/// <param name="Key">The 32-byte file key.</param>
/// <param name="Digest">SHA-256 of the encrypted blob, checked before decrypting.</param>
/// <param name="Size">The plaintext size in bytes.</param>
/// <param name="MediaType">The plaintext's media type, e.g. <c>image/png</c>.</param>
/// <param name="Name">The file name to show and save as.</param>
/// <param name="Thumbnail">A small preview, inline (and so encrypted with the message).</param>
public sealed record AttachmentRef(Guid Id, byte[] Key, byte[] Digest, long Size, string MediaType, string Name, AttachmentThumbnail? Thumbnail = null)
{
    // The members below were added within format v1 (content.md §1): omitted when absent.

    /// <summary>Width in pixels of an image or video, as the sender measured it; absent when unknown.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Width { get; init; }

    /// <summary>Height in pixels of an image or video, as the sender measured it; absent when unknown.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Height { get; init; }

    /// <summary>Length of an audio or video file in milliseconds; absent when unknown.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DurationMs { get; init; }

    /// <summary>Whether the file was picked as a GIF (an animated image or a short silent video): shown looping, without controls.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Gif { get; init; }

    /// <summary>Describes the attachment without its key.</summary>
    /// <returns>The id, media type and size.</returns>
    public override string ToString() => $"AttachmentRef {{ Id = {Id}, MediaType = {MediaType}, Size = {Size} }}";
}
