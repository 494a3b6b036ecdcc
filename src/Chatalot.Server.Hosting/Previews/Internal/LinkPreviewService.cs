using System.Net;
using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Previews;
using Chatalot.Protocol.Profiles;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>
/// Fetches links for senders' previews (rest.md §Link previews and GIFs): a page's metadata (cached, failures too, so a
/// slow site is not hit again at every keystroke of every user) and its preview image (not cached: the client makes a
/// thumbnail once and encrypts it into the message).
/// </summary>
internal sealed class LinkPreviewService : IDisposable
{
    private static readonly string[] PageTypes = ["text/html", "application/xhtml+xml"];
    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"];
    private readonly ChatalotLinkPreviewOptions _options;
    private readonly HttpClient _http;
    private readonly OutboundFetcher _fetcher;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public LinkPreviewService(IOptions<ChatalotServerOptions> options)
    {
        _options = options.Value.LinkPreviews;
        var policy = new OutboundAddressPolicy(_options.AllowedNetworks.Select(n => IPNetwork.Parse(n)));
        _http = GuardedHttp.Create(policy, _options.Timeout);
        _fetcher = new OutboundFetcher(_http, IsAllowedUrl, _options.Timeout, _options.MaxRedirects);
    }

    public async Task<LinkMetadata> GetMetadataAsync(LinkPreviewRequest request, CancellationToken cancellationToken)
    {
        var url = Parse(request);
        var key = url.AbsoluteUri;
        if (_cache.TryGetValue(key, out CachedOutcome? cached) && cached is not null)
        {
            return cached.Metadata ?? throw cached.Failure!;
        }

        CachedOutcome outcome;
        try
        {
            var page = await _fetcher.FetchAsync(url, PageTypes, _options.MaxPageBytes, truncate: true, cancellationToken).ConfigureAwait(false);
            outcome = new CachedOutcome(PageMetadataReader.Read(page), null);
        }
        catch (ChatalotServerException ex) when (ex.Code is ErrorCodes.LinkBlocked or ErrorCodes.LinkUnreachable)
        {
            outcome = new CachedOutcome(null, ex);
        }

        var lifetime = outcome.Metadata is null ? _options.CacheDuration / 12 : _options.CacheDuration;
        _cache.Set(key, outcome, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromTicks(1) });
        return outcome.Metadata ?? throw outcome.Failure!;
    }

    public async Task<(byte[] Bytes, string MediaType)> GetImageAsync(LinkPreviewRequest request, CancellationToken cancellationToken)
    {
        var image = await _fetcher.FetchAsync(Parse(request), ImageTypes, _options.MaxImageBytes, truncate: false, cancellationToken).ConfigureAwait(false);
        var actual = ProfileImages.Detect(image.Body);
        if (actual is null || actual != image.MediaType)
        {
            throw Fail.Code(ErrorCodes.LinkBlocked, 422, "The linked file is not the image it claims to be.");
        }

        return (image.Body, actual);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _http.Dispose();
    }

    private Uri Parse(LinkPreviewRequest request)
    {
        if (!_options.Enabled)
        {
            throw Fail.NotFound("Link previews on this server");
        }

        if (string.IsNullOrEmpty(request.Url) || request.Url.Length > ChatalotLimits.LinkPreviewUrlMaxLength
            || !Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw Fail.Validation("url", $"Must be an absolute https URL of at most {ChatalotLimits.LinkPreviewUrlMaxLength} characters, without user information.");
        }

        return url;
    }

    private bool IsAllowedUrl(Uri url) =>
        (url.Scheme == Uri.UriSchemeHttps || (!_options.RequireHttps && url.Scheme == Uri.UriSchemeHttp)) && string.IsNullOrEmpty(url.UserInfo);

    private sealed record CachedOutcome(LinkMetadata? Metadata, ChatalotServerException? Failure);
}
