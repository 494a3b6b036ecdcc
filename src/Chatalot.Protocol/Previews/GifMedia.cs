namespace Chatalot.Protocol.Previews;

/// <summary>One rendition of a GIF. Fetch it through <c>GET /api/v1/gifs/media?url=</c>, never from the provider directly.</summary>
/// <param name="Url">The provider's media URL.</param>
/// <param name="MediaType">Its media type: <c>image/gif</c> or <c>image/webp</c>.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Size">Size in bytes, when the provider says.</param>
public sealed record GifMedia(string Url, string MediaType, int Width, int Height, long? Size);
