namespace Chatalot.Protocol.Previews;

/// <summary>
/// Body of <c>POST /api/v1/link-previews</c> and <c>POST /api/v1/link-previews/image</c>: a link the <em>sender's</em>
/// client wants previewed. The server fetches it for the client (so the site never sees the user's address) through its
/// SSRF guard, and never stores it.
/// </summary>
/// <param name="Url">An absolute <c>https</c> URL, at most <see cref="ChatalotLimits.LinkPreviewUrlMaxLength"/> characters.</param>
public sealed record LinkPreviewRequest(string Url);
