using System.Net;
using Chatalot.Client;
using Chatalot.Client.Previews;
using Chatalot.Client.Rest;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Previews;
using Chatalot.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// The GIF proxy against a local server that answers in each provider's documented format (the real providers cannot
/// be reached here): searches carry the server's key, results and media come back through the server only.
/// </summary>
public sealed class GifProxyTests : IAsyncLifetime
{
    private static readonly byte[] GifBytes = [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0, 0x3B];
    private FakeWebSite _provider = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeWebSite.StartAsync(app =>
        {
            var self = "";
            app.Use(async (HttpContext http, RequestDelegate next) =>
            {
                self = $"http://{http.Request.Host}";
                await next(http);
            });
            app.MapGet("/v2/search", (HttpContext http) => Results.Content(Tenor(self, http.Request.Query["q"]!), "application/json"));
            app.MapGet("/v2/featured", () => Results.Content(Tenor(self, "trending"), "application/json"));
            app.MapGet("/v1/gifs/search", (HttpContext http) => Results.Content(Giphy(self, http.Request.Query["q"]!), "application/json"));
            app.MapGet("/media/cat.gif", () => Results.Bytes(GifBytes, "image/gif"));
            app.MapGet("/media/fake.gif", () => Results.Bytes("<html>not a gif</html>"u8.ToArray(), "image/gif"));
            app.MapGet("/v2/broken/search", () => Results.Content("{\"oops\":", "application/json"));
        });
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    private static string Tenor(string self, string query) => $$$"""
        {"results":[{"id":"t1","title":"","content_description":"{{{query}}} cat","media_formats":{
          "gif":{"url":"{{{self}}}/media/cat.gif","duration":0,"preview":"","dims":[480,270],"size":{{{GifBytes.Length}}} },
          "tinygif":{"url":"{{{self}}}/media/cat.gif","duration":0,"preview":"","dims":[120,68],"size":{{{GifBytes.Length}}} } } },
          {"id":"t2","content_description":"elsewhere","media_formats":{"gif":{"url":"https://evil.example/x.gif","dims":[1,1],"size":1} } }],
         "next":"20"}
        """;

    private static string Giphy(string self, string query) => $$$"""
        {"data":[{"type":"gif","id":"g1","title":"{{{query}}} GIF","images":{
          "original":{"height":"270","width":"480","size":"{{{GifBytes.Length}}}","url":"{{{self}}}/media/cat.gif"},
          "fixed_width_small":{"height":"56","width":"100","size":"{{{GifBytes.Length}}}","url":"{{{self}}}/media/cat.gif"} } }],
         "pagination":{"total_count":1,"count":1,"offset":0},"meta":{"status":200,"msg":"OK"}}
        """;

    private Task<ChatalotTestServer> StartServerAsync(ChatalotGifProvider provider, string basePath) =>
        ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with
        {
            Gifs = new ChatalotGifOptions
            {
                Provider = provider,
                ApiKey = "test-key-123",
                BaseUrl = _provider.Url(basePath),
                MediaHosts = [_provider.BaseAddress.GetLeftPart(UriPartial.Authority)],
                Timeout = TimeSpan.FromSeconds(5),
            },
        });

    private static async Task<ChatalotRestClient> SignedInAsync(ChatalotTestServer server)
    {
        var rest = ChatalotRestClient.Create(new ChatalotClientOptions { ServerUrl = server.BaseAddress });
        await rest.RegisterAsync(ChatalotApi.Registration(ChatalotApi.NewName(), "a long enough password"), CancellationToken.None);
        return rest;
    }

    [Fact]
    public async Task Tenor_SearchTrendingAndMedia_GoThroughTheServer_WithItsKey()
    {
        await using var server = await StartServerAsync(ChatalotGifProvider.Tenor, "/v2/");
        using var rest = await SignedInAsync(server);
        Assert.True((await rest.GetServerInfoAsync()).GifsEnabled);
        var gifs = new GifClient(rest);

        var page = await gifs.SearchAsync("happy", limit: 10);
        var gif = Assert.Single(page.Results); // the result whose media lives elsewhere is dropped: the proxy would refuse it
        Assert.Equal(("t1", "happy cat", 480, 270), (gif.Id, gif.Title, gif.Full.Width, gif.Full.Height));
        Assert.Equal("20", page.Next);
        Assert.Contains("key=test-key-123", _provider.LastQuery["/v2/search"], StringComparison.Ordinal);
        Assert.Contains("q=happy", _provider.LastQuery["/v2/search"], StringComparison.Ordinal);

        Assert.Equal("t1", Assert.Single((await gifs.SearchAsync(null)).Results).Id);
        Assert.Equal(1, _provider.Hits("/v2/featured"));

        var media = await gifs.GetMediaAsync(gif.Full);
        Assert.Equal("image/gif", media.MediaType);
        Assert.Equal(GifBytes, media.Data);
    }

    [Fact]
    public async Task Giphy_Search_IsReadFromItsFormat()
    {
        await using var server = await StartServerAsync(ChatalotGifProvider.Giphy, "/v1/");
        using var rest = await SignedInAsync(server);
        var page = await rest.SearchGifsAsync("dog");
        var gif = Assert.Single(page.Results);
        Assert.Equal(("g1", "dog GIF", 100, 56), (gif.Id, gif.Title, gif.Preview.Width, gif.Preview.Height));
        Assert.Null(page.Next);
        Assert.Contains("api_key=test-key-123", _provider.LastQuery["/v1/gifs/search"], StringComparison.Ordinal);
        Assert.Equal(GifBytes, (await rest.GetGifMediaAsync(gif.Full)).Data);
    }

    [Fact]
    public async Task TheProxy_RefusesOtherHostsAndForgedMedia_AndReportsAProviderFailure()
    {
        await using var server = await StartServerAsync(ChatalotGifProvider.Tenor, "/v2/");
        using var rest = await SignedInAsync(server);
        async Task<string> CodeAsync(Func<Task> call) => (await Assert.ThrowsAsync<ChatalotApiException>(call)).Code;

        Assert.Equal(ErrorCodes.LinkBlocked, await CodeAsync(() => rest.GetGifMediaAsync(new GifMedia("https://evil.example/x.gif", "image/gif", 1, 1, null))));
        Assert.Equal(ErrorCodes.LinkBlocked, await CodeAsync(() => rest.GetGifMediaAsync(new GifMedia("http://169.254.169.254/latest", "image/gif", 1, 1, null))));
        Assert.Equal(ErrorCodes.LinkBlocked, await CodeAsync(() => rest.GetGifMediaAsync(new GifMedia(_provider.Url("/media/fake.gif").AbsoluteUri, "image/gif", 1, 1, null))));
        Assert.Equal(ErrorCodes.ValidationFailed, await CodeAsync(() => rest.SearchGifsAsync("x", limit: 500)));

        await using var broken = await StartServerAsync(ChatalotGifProvider.Tenor, "/v2/broken/");
        using var rest2 = await SignedInAsync(broken);
        var error = await Assert.ThrowsAsync<ChatalotApiException>(() => rest2.SearchGifsAsync("x"));
        Assert.Equal((ErrorCodes.LinkUnreachable, HttpStatusCode.BadGateway), (error.Code, error.StatusCode));
        Assert.DoesNotContain("test-key-123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoProvider_HidesThePicker_AndTheRoutesAreNotFound()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);
        using var rest = await SignedInAsync(server);
        Assert.False((await rest.GetServerInfoAsync()).GifsEnabled);
        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<ChatalotApiException>(() => rest.SearchGifsAsync("x"))).Code);
    }
}
