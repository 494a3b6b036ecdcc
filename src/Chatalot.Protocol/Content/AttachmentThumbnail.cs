namespace Chatalot.Protocol.Content;

/// <summary>An inline preview of an attachment, at most <see cref="ChatalotLimits.ThumbnailMaxBytes"/> bytes.</summary>
/// <param name="Data">The preview image.</param>
/// <param name="MediaType">Its media type, e.g. <c>image/webp</c>.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record AttachmentThumbnail(byte[] Data, string MediaType, int Width, int Height)
{
    /// <summary>Describes the preview without its bytes.</summary>
    /// <returns>The media type and size.</returns>
    public override string ToString() => $"AttachmentThumbnail {{ MediaType = {MediaType}, {Width}x{Height}, {Data.Length} bytes }}";
}
