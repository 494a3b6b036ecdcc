using System.Globalization;
using System.Text.Json;
using Chatalot.Protocol.Previews;

namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>
/// GIPHY API v1 (<c>GET /v1/gifs/search</c> and <c>/v1/gifs/trending</c>): <c>data[]</c> with <c>id</c>, <c>title</c>
/// and <c>images</c> keyed by rendition (<c>original</c>, <c>fixed_width_small</c>…), whose <c>url</c>, <c>width</c>,
/// <c>height</c> and <c>size</c> are strings; <c>pagination</c> gives <c>offset</c>, <c>count</c> and <c>total_count</c>.
/// </summary>
internal sealed class GiphyGifProvider : IGifProvider
{
    public static readonly Uri DefaultBaseUrl = new("https://api.giphy.com/v1/");

    public IReadOnlyList<string> MediaOrigins { get; } =
        ["https://media.giphy.com", "https://media0.giphy.com", "https://media1.giphy.com", "https://media2.giphy.com", "https://media3.giphy.com", "https://media4.giphy.com", "https://i.giphy.com"];

    public Uri BuildRequest(Uri baseUrl, string apiKey, string? query, int limit, string? position, string? rating)
    {
        var path = query is null ? "gifs/trending" : "gifs/search";
        var parameters = new List<string>
        {
            "api_key=" + Uri.EscapeDataString(apiKey),
            "limit=" + limit.ToString(CultureInfo.InvariantCulture),
            "rating=" + Uri.EscapeDataString(rating ?? "pg-13"),
        };
        if (query is not null)
        {
            parameters.Add("q=" + Uri.EscapeDataString(query));
        }

        if (position is not null && int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            parameters.Add("offset=" + offset.ToString(CultureInfo.InvariantCulture));
        }

        return new Uri(baseUrl, path + "?" + string.Join('&', parameters));
    }

    public GifPage Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var results = new List<Gif>();
        foreach (var item in root.GetProperty("data").EnumerateArray())
        {
            var images = item.GetProperty("images");
            if (Media(images, "original") is not { } full)
            {
                continue;
            }

            var preview = Media(images, "fixed_width_small") ?? Media(images, "fixed_width") ?? full;
            var title = item.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            results.Add(new Gif(item.GetProperty("id").GetString() ?? "", title ?? "", preview, full));
        }

        string? next = null;
        if (root.TryGetProperty("pagination", out var page))
        {
            var offset = Number(page, "offset") ?? 0;
            var count = Number(page, "count") ?? results.Count;
            var total = Number(page, "total_count");
            var following = offset + count;
            next = count > 0 && (total is null || following < total) ? following.ToString(CultureInfo.InvariantCulture) : null;
        }

        return new GifPage(results, next);
    }

    private static GifMedia? Media(JsonElement images, string name)
    {
        if (!images.TryGetProperty(name, out var media) || !media.TryGetProperty("url", out var url) || url.GetString() is not { Length: > 0 } address)
        {
            return null;
        }

        return new GifMedia(address, "image/gif", (int)(Number(media, "width") ?? 0), (int)(Number(media, "height") ?? 0), Number(media, "size"));
    }

    /// <summary>GIPHY writes numbers as strings in renditions and as numbers in pagination; accept both.</summary>
    private static long? Number(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetInt64()
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;
}
