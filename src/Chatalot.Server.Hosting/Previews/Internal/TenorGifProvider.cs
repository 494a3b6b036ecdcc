using System.Globalization;
using System.Text.Json;
using Chatalot.Protocol.Previews;

namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>
/// Tenor API v2 (<c>GET /v2/search</c> and <c>/v2/featured</c>): <c>results[]</c> with <c>id</c>,
/// <c>content_description</c>, and <c>media_formats</c> keyed by format (<c>gif</c>, <c>tinygif</c>…), each with
/// <c>url</c>, <c>dims</c> [width, height] and <c>size</c>; <c>next</c> is the position of the next page.
/// </summary>
internal sealed class TenorGifProvider : IGifProvider
{
    public static readonly Uri DefaultBaseUrl = new("https://tenor.googleapis.com/v2/");

    public IReadOnlyList<string> MediaOrigins { get; } = ["https://media.tenor.com", "https://media1.tenor.com", "https://c.tenor.com"];

    public Uri BuildRequest(Uri baseUrl, string apiKey, string? query, int limit, string? position, string? rating)
    {
        var path = query is null ? "featured" : "search";
        var parameters = new List<string>
        {
            "key=" + Uri.EscapeDataString(apiKey),
            "client_key=chatalot",
            "limit=" + limit.ToString(CultureInfo.InvariantCulture),
            "media_filter=gif,tinygif",
            "contentfilter=" + Uri.EscapeDataString(rating ?? "medium"),
        };
        if (query is not null)
        {
            parameters.Add("q=" + Uri.EscapeDataString(query));
        }

        if (position is not null)
        {
            parameters.Add("pos=" + Uri.EscapeDataString(position));
        }

        return new Uri(baseUrl, path + "?" + string.Join('&', parameters));
    }

    public GifPage Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var results = new List<Gif>();
        foreach (var item in root.GetProperty("results").EnumerateArray())
        {
            var formats = item.GetProperty("media_formats");
            if (Media(formats, "gif") is not { } full)
            {
                continue;
            }

            var preview = Media(formats, "tinygif") ?? full;
            var title = item.TryGetProperty("content_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            results.Add(new Gif(item.GetProperty("id").GetString() ?? "", title ?? "", preview, full));
        }

        var next = root.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } pos ? pos : null;
        return new GifPage(results, results.Count == 0 ? null : next);
    }

    private static GifMedia? Media(JsonElement formats, string name)
    {
        if (!formats.TryGetProperty(name, out var media) || !media.TryGetProperty("url", out var url) || url.GetString() is not { Length: > 0 } address)
        {
            return null;
        }

        var dims = media.TryGetProperty("dims", out var d) && d.ValueKind == JsonValueKind.Array && d.GetArrayLength() == 2 ? d : default;
        var width = dims.ValueKind == JsonValueKind.Array ? dims[0].GetInt32() : 0;
        var height = dims.ValueKind == JsonValueKind.Array ? dims[1].GetInt32() : 0;
        long? size = media.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
        return new GifMedia(address, "image/gif", width, height, size);
    }
}
