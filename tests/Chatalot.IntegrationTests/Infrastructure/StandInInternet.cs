using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// The part of the internet the shared test servers reach (a <see cref="FakeWebSite"/> on loopback): a web page with
/// a preview image, and a GIF provider answering in Tenor's documented v2 format. Shared servers allow 127.0.0.1/32
/// for link previews and point their GIF proxy here, so every route has a successful request in the tour.
/// </summary>
public static class StandInInternet
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];

    public static readonly byte[] Gif = [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0, 0x3B];

    public static void Map(WebApplication app)
    {
        app.MapGet("/page", () => Results.Content(
            """<html><head><meta property="og:title" content="A page"><meta property="og:image" content="/image.png"></head></html>""", "text/html"));
        app.MapGet("/image.png", () => Results.Bytes(Png, "image/png"));
        app.MapGet("/media/cat.gif", () => Results.Bytes(Gif, "image/gif"));
        app.MapGet("/v2/search", (HttpContext http) => Results.Content(TenorPage(http), "application/json"));
        app.MapGet("/v2/featured", (HttpContext http) => Results.Content(TenorPage(http), "application/json"));
    }

    public static Chatalot.Server.Hosting.ChatalotServerOptions Configure(Chatalot.Server.Hosting.ChatalotServerOptions options, FakeWebSite site) => options with
    {
        LinkPreviews = options.LinkPreviews with { Enabled = true, RequireHttps = false, AllowedNetworks = ["127.0.0.1/32"] },
        Gifs = options.Gifs with
        {
            Provider = Chatalot.Server.Hosting.ChatalotGifProvider.Tenor,
            ApiKey = "stand-in-key",
            BaseUrl = site.Url("/v2/"),
            MediaHosts = [site.BaseAddress.GetLeftPart(UriPartial.Authority)],
        },
    };

    private static string TenorPage(HttpContext http) => $$$"""
        {"results":[{"id":"cat","content_description":"A cat","media_formats":{
          "gif":{"url":"http://{{{http.Request.Host}}}/media/cat.gif","dims":[1,1],"size":{{{Gif.Length}}} },
          "tinygif":{"url":"http://{{{http.Request.Host}}}/media/cat.gif","dims":[1,1],"size":{{{Gif.Length}}} } } }],"next":""}
        """;
}
