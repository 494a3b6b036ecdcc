using System.Text.Json;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Previews;
using Chatalot.Protocol.Profiles;
using Chatalot.Server.Hosting.Errors.Internal;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>
/// The GIF proxy (rest.md §Link previews and GIFs): searches go to the configured provider with the server's API key,
/// and media are relayed only from the provider's own media origins (plus configured ones), so the proxy cannot be used
/// to fetch anything else and the provider never sees users' addresses.
/// </summary>
internal sealed class GifService : IDisposable
{
    private const int MaxSearchResponseBytes = 2 * 1024 * 1024;
    private const int MaxQueryLength = 100;
    private static readonly string[] JsonTypes = ["application/json"];
    private static readonly string[] MediaTypes = [ProfileImages.Gif, ProfileImages.Webp];
    private readonly ChatalotGifOptions _options;
    private readonly IGifProvider? _provider;
    private readonly Uri? _baseUrl;
    private readonly HttpClient _http;
    private readonly OutboundFetcher _api;
    private readonly OutboundFetcher _media;
    private readonly HashSet<string> _mediaOrigins;

    public GifService(IOptions<ChatalotServerOptions> options)
    {
        _options = options.Value.Gifs;
        (_provider, var defaultBase) = _options.Provider switch
        {
            ChatalotGifProvider.Tenor => ((IGifProvider?)new TenorGifProvider(), TenorGifProvider.DefaultBaseUrl),
            ChatalotGifProvider.Giphy => (new GiphyGifProvider(), GiphyGifProvider.DefaultBaseUrl),
            _ => (null, null),
        };
        _baseUrl = _options.BaseUrl ?? defaultBase;
        _mediaOrigins = new HashSet<string>(_provider?.MediaOrigins ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var origin in _options.MediaHosts)
        {
            _mediaOrigins.Add(Origin(new Uri(origin.Contains("://", StringComparison.Ordinal) ? origin : "https://" + origin)));
        }

        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var apiOrigin = _baseUrl is null ? null : Origin(_baseUrl);
        _api = new OutboundFetcher(_http, url => apiOrigin is not null && Origin(url).Equals(apiOrigin, StringComparison.OrdinalIgnoreCase), _options.Timeout, 0);
        _media = new OutboundFetcher(_http, url => _mediaOrigins.Contains(Origin(url)), _options.Timeout, 3);
    }

    public async Task<GifPage> SearchAsync(string? query, int? limit, string? position, CancellationToken cancellationToken)
    {
        var provider = Provider();
        query = string.IsNullOrWhiteSpace(query) ? null : query.Trim();
        if (query is { Length: > MaxQueryLength })
        {
            throw Fail.Validation("q", $"At most {MaxQueryLength} characters.");
        }

        if (limit is < 1 or > 50)
        {
            throw Fail.Validation("limit", "Must be 1-50.");
        }

        if (position is { Length: > 256 })
        {
            throw Fail.Validation("pos", "At most 256 characters.");
        }

        var request = provider.BuildRequest(_baseUrl!, _options.ApiKey!, query, limit ?? 24, position, _options.ContentRating);
        var response = await _api.FetchAsync(request, JsonTypes, MaxSearchResponseBytes, truncate: false, cancellationToken).ConfigureAwait(false);
        try
        {
            var page = provider.Parse(response.Body);
            // Only results whose media the proxy will relay are useful to a client that must not fetch them directly.
            return page with { Results = [.. page.Results.Where(g => IsRelayed(g.Preview.Url) && IsRelayed(g.Full.Url))] };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Fail.Code(ErrorCodes.LinkUnreachable, 502, "The GIF provider answered something unexpected.");
        }
    }

    public async Task<(byte[] Bytes, string MediaType)> GetMediaAsync(string? url, CancellationToken cancellationToken)
    {
        Provider();
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IsRelayed(url))
        {
            throw Fail.Code(ErrorCodes.LinkBlocked, 422, "Only the GIF provider's media can be fetched here.");
        }

        var media = await _media.FetchAsync(uri, MediaTypes, _options.MaxMediaBytes, truncate: false, cancellationToken).ConfigureAwait(false);
        if (!ProfileImages.Matches(media.MediaType, media.Body))
        {
            throw Fail.Code(ErrorCodes.LinkBlocked, 422, "The GIF provider's file is not the media it claims to be.");
        }

        return (media.Body, media.MediaType);
    }

    public void Dispose() => _http.Dispose();

    private IGifProvider Provider() => _provider ?? throw Fail.NotFound("GIF search on this server");

    private bool IsRelayed(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && string.IsNullOrEmpty(uri.UserInfo) && _mediaOrigins.Contains(Origin(uri));

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);
}
