using System.Net;
using Chatalot.Client;
using Chatalot.Client.Previews;
using Chatalot.Client.Rest;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// Sender-side link previews through the server's fetcher, against a real site on loopback. The site is reachable only
/// because these servers allow 127.0.0.1/32 explicitly; the guard's defaults refuse it (tested below too).
/// </summary>
public sealed class LinkPreviewTests : IAsyncLifetime
{
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];

    private FakeWebSite _site = null!;
    private ChatalotTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _site = await FakeWebSite.StartAsync(app =>
        {
            app.MapGet("/article", () => Results.Content("""
                <html><head><title>Fallback</title>
                <meta property="og:title" content="A fine article"><meta property="og:description" content="What it says.">
                <meta property="og:site_name" content="The Site"><meta property="og:image" content="/cover.png"></head><body>hello</body></html>
                """, "text/html; charset=utf-8"));
            app.MapGet("/cover.png", () => Results.Bytes(Png, "image/png"));
            app.MapGet("/forged.png", () => Results.Bytes("<html><script>alert(1)</script></html>"u8.ToArray(), "image/png"));
            app.MapGet("/huge.png", () => Results.Bytes([.. Png, .. new byte[2 * 1024 * 1024]], "image/png"));
            app.MapGet("/big-page", () => Results.Content(
                "<html><head><meta property=\"og:title\" content=\"Big\"></head><body>" + new string('x', 3 * 1024 * 1024) + "</body></html>", "text/html"));
            app.MapGet("/file.zip", () => Results.Bytes(new byte[100], "application/zip"));
            app.MapGet("/error", () => Results.StatusCode(500));
            app.MapGet("/slow", async (HttpContext http) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted);
                return Results.Content("<title>late</title>", "text/html");
            });
            app.MapGet("/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
            app.MapGet("/to-other-loopback", (HttpContext http) => Results.Redirect($"http://127.0.0.2:{http.Connection.LocalPort}/article"));
            app.MapGet("/to-article", () => Results.Redirect("/article"));
            app.MapGet("/loop", () => Results.Redirect("/loop"));
        });
        _server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with
        {
            LinkPreviews = new ChatalotLinkPreviewOptions
            {
                Enabled = true,
                RequireHttps = false,
                AllowedNetworks = ["127.0.0.1/32"],
                Timeout = TimeSpan.FromSeconds(2),
                MaxImageBytes = 1024 * 1024,
            },
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _site.DisposeAsync();
    }

    private async Task<ChatalotRestClient> SignedInAsync(ChatalotTestServer? server = null)
    {
        var rest = ChatalotRestClient.Create(new ChatalotClientOptions { ServerUrl = (server ?? _server).BaseAddress });
        await rest.RegisterAsync(ChatalotApi.Registration(ChatalotApi.NewName(), "a long enough password"), CancellationToken.None);
        return rest;
    }

    private static async Task<string> CodeOfAsync(Func<Task> call) => (await Assert.ThrowsAsync<ChatalotApiException>(call)).Code;

    [Fact]
    public async Task Page_GivesItsMetadata_TheImageComesThroughTheServer_AndTheMetadataIsCached()
    {
        using var rest = await SignedInAsync();
        var url = _site.Url("/article").AbsoluteUri;
        var metadata = await rest.GetLinkMetadataAsync(url);
        Assert.Equal(("A fine article", "What it says.", "The Site"), (metadata.Title, metadata.Description, metadata.SiteName));
        Assert.Equal(_site.Url("/cover.png").AbsoluteUri, metadata.ImageUrl);

        var previews = new LinkPreviewClient(rest);
        RelayedMedia? seen = null;
        var preview = await previews.CreateAsync(url, (image, _) =>
        {
            seen = image;
            return ValueTask.FromResult<AttachmentThumbnail?>(new AttachmentThumbnail(image.Data, image.MediaType, 1, 1));
        });
        Assert.NotNull(preview);
        Assert.Equal(url, preview.Url);
        Assert.Equal("image/png", seen!.MediaType);
        Assert.Equal(Png, seen.Data);
        Assert.Equal(Png, preview.Thumbnail!.Data);
        Assert.Equal(1, _site.Hits("/article")); // the second fetch of the page came from the cache
    }

    [Fact]
    public async Task Redirects_AreFollowed_AndEachHopIsChecked()
    {
        using var rest = await SignedInAsync();
        Assert.Equal("A fine article", (await rest.GetLinkMetadataAsync(_site.Url("/to-article").AbsoluteUri)).Title);
        Assert.Equal(ErrorCodes.LinkBlocked, await CodeOfAsync(() => rest.GetLinkMetadataAsync(_site.Url("/to-metadata").AbsoluteUri)));
        Assert.Equal(ErrorCodes.LinkBlocked, await CodeOfAsync(() => rest.GetLinkMetadataAsync(_site.Url("/to-other-loopback").AbsoluteUri)));
        Assert.Equal(ErrorCodes.LinkUnreachable, await CodeOfAsync(() => rest.GetLinkMetadataAsync(_site.Url("/loop").AbsoluteUri)));
    }

    [Fact]
    public async Task BadLinks_GetTypedErrors_AndThePreviewClientJustHasNoPreview()
    {
        using var rest = await SignedInAsync();
        Assert.Equal(ErrorCodes.ValidationFailed, await CodeOfAsync(() => rest.GetLinkMetadataAsync("ftp://example.com/x")));
        Assert.Equal(ErrorCodes.ValidationFailed, await CodeOfAsync(() => rest.GetLinkMetadataAsync("https://user:secret@example.com/")));
        Assert.Equal(ErrorCodes.ValidationFailed, await CodeOfAsync(() => rest.GetLinkMetadataAsync("not a url")));
        Assert.Equal(ErrorCodes.LinkBlocked, await CodeOfAsync(() => rest.GetLinkMetadataAsync(_site.Url("/file.zip").AbsoluteUri)));
        Assert.Equal(ErrorCodes.LinkUnreachable, await CodeOfAsync(() => rest.GetLinkMetadataAsync(_site.Url("/error").AbsoluteUri)));
        Assert.Equal(ErrorCodes.LinkUnreachable, await CodeOfAsync(() => rest.GetLinkMetadataAsync(_site.Url("/slow").AbsoluteUri)));
        Assert.Equal(ErrorCodes.LinkBlocked, await CodeOfAsync(() => rest.GetLinkImageAsync(_site.Url("/forged.png").AbsoluteUri)));
        Assert.Equal(ErrorCodes.LinkUnreachable, await CodeOfAsync(() => rest.GetLinkImageAsync(_site.Url("/huge.png").AbsoluteUri)));
        Assert.Null(await new LinkPreviewClient(rest).CreateAsync(_site.Url("/error").AbsoluteUri));

        // A page larger than the cap is read only up to the cap, and its head still previews.
        Assert.Equal("Big", (await rest.GetLinkMetadataAsync(_site.Url("/big-page").AbsoluteUri)).Title);
    }

    [Fact]
    public async Task DefaultGuard_RefusesLoopbackByAddressByNameAndMapped_AndPlainHttp()
    {
        var port = _site.BaseAddress.Port;
        await using var guarded = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with
        {
            LinkPreviews = new ChatalotLinkPreviewOptions { Enabled = true, RequireHttps = false },
        });
        using var rest = await SignedInAsync(guarded);
        foreach (var url in new[] { $"http://127.0.0.1:{port}/article", $"http://localhost:{port}/article", $"http://[::ffff:127.0.0.1]:{port}/article", $"http://[::1]:{port}/article" })
        {
            Assert.Equal(ErrorCodes.LinkBlocked, await CodeOfAsync(() => rest.GetLinkMetadataAsync(url)));
        }

        Assert.Equal(0, _site.Hits("/article"));

        await using var httpsOnly = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with
        {
            LinkPreviews = new ChatalotLinkPreviewOptions { Enabled = true, AllowedNetworks = ["127.0.0.1/32"] },
        });
        using var rest2 = await SignedInAsync(httpsOnly);
        Assert.Equal(ErrorCodes.LinkBlocked, await CodeOfAsync(() => rest2.GetLinkMetadataAsync(_site.Url("/article").AbsoluteUri)));
        Assert.True((await rest2.GetServerInfoAsync()).LinkPreviewsEnabled);
    }

    [Fact]
    public async Task PreviewsOff_IsNotFound_AndAdvertised()
    {
        await using var off = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);
        using var rest = await SignedInAsync(off);
        var info = await rest.GetServerInfoAsync();
        Assert.False(info.LinkPreviewsEnabled);
        Assert.False(info.GifsEnabled);
        var error = await Assert.ThrowsAsync<ChatalotApiException>(() => rest.GetLinkMetadataAsync("https://example.com/"));
        Assert.Equal((ErrorCodes.NotFound, HttpStatusCode.NotFound), (error.Code, error.StatusCode));
        Assert.Null(await new LinkPreviewClient(rest).CreateAsync("https://example.com/"));
    }
}
