using Chatalot.Protocol.Previews;

namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>One GIF search API, translated into <see cref="GifPage"/>.</summary>
internal interface IGifProvider
{
    /// <summary>The origins (<c>https://host</c>) its media is served from.</summary>
    IReadOnlyList<string> MediaOrigins { get; }

    /// <summary>The API's request URL for a search (<paramref name="query"/> set) or the trending GIFs.</summary>
    Uri BuildRequest(Uri baseUrl, string apiKey, string? query, int limit, string? position, string? rating);

    /// <summary>Reads the API's answer.</summary>
    GifPage Parse(ReadOnlySpan<byte> json);
}
