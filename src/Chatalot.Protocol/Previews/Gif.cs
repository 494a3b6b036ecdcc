namespace Chatalot.Protocol.Previews;

/// <summary>A GIF search result.</summary>
/// <param name="Id">The provider's id.</param>
/// <param name="Title">A description, for accessibility.</param>
/// <param name="Preview">A small rendition for the picker.</param>
/// <param name="Full">The rendition to send.</param>
public sealed record Gif(string Id, string Title, GifMedia Preview, GifMedia Full);
