namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>What a fetch brought back: the final URL after redirects, the media type the site declared, and the bytes read (at most the cap).</summary>
internal sealed record FetchedResource(Uri Url, string MediaType, byte[] Body, bool Truncated);
