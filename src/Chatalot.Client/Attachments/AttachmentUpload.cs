using Chatalot.Protocol.Content;

namespace Chatalot.Client.Attachments;

/// <summary>
/// What to say about a file being uploaded with <see cref="AttachmentClient.UploadAsync"/>: its name and media type
/// (both travel only inside the end-to-end encrypted message, never to the server), and optionally its length when the
/// stream cannot tell, a thumbnail, dimensions, duration and the GIF flag, which are copied into the
/// <see cref="AttachmentRef"/> the upload returns.
/// </summary>
/// <param name="Name">The file name to show and save as: 1–255 characters.</param>
/// <param name="MediaType">The media type, lower-case <c>type/subtype</c> without parameters (<see cref="MediaTypes.IsWellFormed"/>), e.g. <c>image/png</c>.</param>
public sealed record AttachmentUpload(string Name, string MediaType)
{
    /// <summary>
    /// The plaintext length in bytes. Required when the stream is not seekable (a network stream, a pipe); when it is
    /// seekable, its remaining length is used and this must be null or equal to it.
    /// </summary>
    public long? Length { get; init; }

    /// <summary>
    /// The community channel the file is for: the upload then also counts against that community's quota, and the
    /// server checks the user may post there. Null for a DM (<c>SendFileAsync</c> sets it for you).
    /// </summary>
    public ChannelId? ChannelId { get; init; }

    /// <summary>A small preview (at most 16 KiB), encrypted with the message.</summary>
    public AttachmentThumbnail? Thumbnail { get; init; }

    /// <summary>Width in pixels of an image or video, as measured by the sender.</summary>
    public int? Width { get; init; }

    /// <summary>Height in pixels of an image or video, as measured by the sender.</summary>
    public int? Height { get; init; }

    /// <summary>Length of an audio or video file in milliseconds.</summary>
    public long? DurationMs { get; init; }

    /// <summary>Whether the file was picked as a GIF: receivers show it looping, without controls.</summary>
    public bool? Gif { get; init; }

    /// <summary>Receives the ciphertext bytes the server acknowledged, at least once per chunk.</summary>
    public IProgress<TransferProgress>? Progress { get; init; }
}
