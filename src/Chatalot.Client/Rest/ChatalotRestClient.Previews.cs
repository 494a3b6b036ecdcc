using System.Globalization;
using Chatalot.Client.Previews;
using Chatalot.Protocol.Previews;

namespace Chatalot.Client.Rest;

// Link previews and the GIF proxy (docs/protocol/rest.md §Link previews and GIFs).
public sealed partial class ChatalotRestClient
{
    /// <summary>
    /// <c>POST /link-previews</c>: the server fetches the page (through its SSRF guard, from its own address) and returns
    /// its preview metadata. The server sees the link; the site does not see the user.
    /// </summary>
    /// <param name="url">An https URL.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> (previews off on this server), <c>validation_failed</c>, <c>link_blocked</c>, <c>link_unreachable</c>.</exception>
    public Task<LinkMetadata> GetLinkMetadataAsync(string url, CancellationToken cancellationToken = default) =>
        PostAsync<LinkPreviewRequest, LinkMetadata>("link-previews", new LinkPreviewRequest(url), cancellationToken);

    /// <summary><c>POST /link-previews/image</c>: a page's preview image, fetched by the server (PNG, JPEG, GIF or WebP, checked).</summary>
    /// <param name="url">The image URL from <see cref="LinkMetadata.ImageUrl"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ChatalotApiException">As <see cref="GetLinkMetadataAsync"/>.</exception>
    public Task<RelayedMedia> GetLinkImageAsync(string url, CancellationToken cancellationToken = default) =>
        GetMediaAsync(HttpMethod.Post, "link-previews/image", () => JsonBody(new LinkPreviewRequest(url), Info<LinkPreviewRequest>()), cancellationToken);

    /// <summary><c>GET /gifs/search</c>: GIFs matching <paramref name="query"/>, or the trending ones when it is empty.</summary>
    /// <param name="query">Search terms (at most 100 characters), or null for trending GIFs.</param>
    /// <param name="limit">Results per page (1-50; default 24).</param>
    /// <param name="position">The <see cref="GifPage.Next"/> of the previous page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> (no GIF provider configured), <c>validation_failed</c>, <c>link_unreachable</c> (the provider failed).</exception>
    public Task<GifPage> SearchGifsAsync(string? query, int? limit = null, string? position = null, CancellationToken cancellationToken = default) =>
        GetAsync($"gifs/search{Query(("q", query), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("pos", position))}", Info<GifPage>(), cancellationToken);

    /// <summary><c>GET /gifs/media?url=</c>: one GIF rendition, relayed by the server so the provider never sees the user.</summary>
    /// <param name="media">The rendition, from a <see cref="GifPage"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The GIF.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>link_blocked</c> (not the provider's media), <c>link_unreachable</c>.</exception>
    public Task<RelayedMedia> GetGifMediaAsync(GifMedia media, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(media);
        return GetMediaAsync(HttpMethod.Get, $"gifs/media{Query(("url", media.Url))}", null, cancellationToken);
    }

    private async Task<RelayedMedia> GetMediaAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        using var response = await SendForResponseAsync(method, path, content, "*/*", authenticate: true, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new RelayedMedia(bytes, response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream");
    }
}
