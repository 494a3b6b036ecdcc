using Chatalot.Client.Rest;
using Chatalot.Protocol.Previews;

namespace Chatalot.Client.Previews;

/// <summary>
/// GIF search through the server's proxy (client.md, "GIFs"): searches and media go through the server, so the provider
/// never sees the user's address. Available when the server's <see cref="Protocol.Accounts.ServerInfo.GifsEnabled"/> is set.
/// </summary>
public sealed class GifClient
{
    private readonly ChatalotRestClient _rest;

    internal GifClient(ChatalotRestClient rest) => _rest = rest;

    /// <summary>Searches GIFs; an empty query lists trending ones.</summary>
    /// <param name="query">Search terms, or null/empty for trending GIFs.</param>
    /// <param name="limit">Results per page (1-50).</param>
    /// <param name="position">The previous page's <see cref="GifPage.Next"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> when the server has no GIF provider; <c>link_unreachable</c> when the provider failed.</exception>
    public Task<GifPage> SearchAsync(string? query, int? limit = null, string? position = null, CancellationToken cancellationToken = default) =>
        _rest.SearchGifsAsync(string.IsNullOrWhiteSpace(query) ? null : query, limit, position, cancellationToken);

    /// <summary>Fetches one rendition (the picker's preview, or the full GIF to send) through the proxy.</summary>
    /// <param name="media">The rendition.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The GIF's bytes and media type.</returns>
    /// <exception cref="ChatalotApiException"><c>link_blocked</c>, <c>link_unreachable</c>.</exception>
    public Task<RelayedMedia> GetMediaAsync(GifMedia media, CancellationToken cancellationToken = default) =>
        _rest.GetGifMediaAsync(media, cancellationToken);
}
