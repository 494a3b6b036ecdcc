using System.Net;
using System.Text.Json;
using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AppShellTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ManifestAndServiceWorker_AreServed_AndTheWorkerRegisters()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseUrl };
        using var manifest = JsonDocument.Parse(await http.GetStringAsync(new Uri("manifest.webmanifest", UriKind.Relative)));
        Assert.Equal("Chatalot", manifest.RootElement.GetProperty("name").GetString());
        Assert.Equal("standalone", manifest.RootElement.GetProperty("display").GetString());
        var icons = manifest.RootElement.GetProperty("icons").EnumerateArray().Select(i => i.GetProperty("sizes").GetString()).ToList();
        Assert.Contains("192x192", icons);
        Assert.Contains("512x512", icons);
        foreach (var icon in manifest.RootElement.GetProperty("icons").EnumerateArray())
        {
            using var response = await http.GetAsync(new Uri(icon.GetProperty("src").GetString()!, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var worker = await http.GetAsync(new Uri("service-worker.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
        Assert.Contains("javascript", worker.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("link[rel=manifest]")).ToHaveAttributeAsync("href", "manifest.webmanifest");
        var scope = await page.EvaluateAsync<string>("navigator.serviceWorker.ready.then(r => r.scope)");
        Assert.Equal(fixture.Server.BaseUrl.ToString(), scope);
        await Expect(page.GetByTestId("auth-submit")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await BrowserFixture.ScreenshotAsync(page, "sign-in");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("api/v1/no-such-route")]
    [InlineData("api/v2/anything")]
    [InlineData("ws/extra")]
    [InlineData("health/unknown")]
    public async Task SpaFallback_LeavesServerRoutesAlone(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseUrl };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("channels/6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    [InlineData("invite/abc123")]
    public async Task ClientRoutes_GetTheApp(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseUrl };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("_framework/blazor.webassembly", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
