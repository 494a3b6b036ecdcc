using Chatalot.Protocol.Previews;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>Routes of link previews and the GIF proxy (docs/protocol/rest.md §Link previews and GIFs).</summary>
internal static class PreviewEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var previews = api.MapGroup("/link-previews").WithTags("Previews");
        previews.MapPost("", async (Caller caller, HttpContext http, LinkPreviewService s) =>
            WireJson.Ok(await s.GetMetadataAsync(await WireJson.ReadAsync<LinkPreviewRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<LinkPreviewRequest>().Produces<LinkMetadata>().Errors(404, 422, 502);
        previews.MapPost("/image", async (Caller caller, HttpContext http, LinkPreviewService s) =>
        {
            var (bytes, mediaType) = await s.GetImageAsync(await WireJson.ReadAsync<LinkPreviewRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);
            return Relayed(http, bytes, mediaType);
        }).AcceptsJson<LinkPreviewRequest>().Produces<byte[]>(200, "image/png", "image/jpeg", "image/gif", "image/webp").Errors(404, 422, 502);

        var gifs = api.MapGroup("/gifs").WithTags("Previews");
        gifs.MapGet("/search", async (Caller caller, string? q, int? limit, string? pos, GifService s, CancellationToken ct) =>
            WireJson.Ok(await s.SearchAsync(q, limit, pos, ct).ConfigureAwait(false))).Produces<GifPage>().Errors(404, 422, 502);
        gifs.MapGet("/media", async (Caller caller, string? url, HttpContext http, GifService s) =>
        {
            var (bytes, mediaType) = await s.GetMediaAsync(url, http.RequestAborted).ConfigureAwait(false);
            return Relayed(http, bytes, mediaType);
        }).Produces<byte[]>(200, "image/gif", "image/webp").Errors(404, 422, 502);
    }

    /// <summary>Relayed bytes are typed by their checked signature and never sniffed or rendered as a page by a browser.</summary>
    private static IResult Relayed(HttpContext http, byte[] bytes, string mediaType)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, max-age=3600";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.Bytes(bytes, mediaType);
    }
}
