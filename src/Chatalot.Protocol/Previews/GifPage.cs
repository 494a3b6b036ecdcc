namespace Chatalot.Protocol.Previews;

/// <summary>A page of <c>GET /api/v1/gifs/search</c>.</summary>
/// <param name="Results">The GIFs, best first.</param>
/// <param name="Next">The <c>pos</c> of the next page, or <see langword="null"/> at the end.</param>
public sealed record GifPage(IReadOnlyList<Gif> Results, string? Next);
