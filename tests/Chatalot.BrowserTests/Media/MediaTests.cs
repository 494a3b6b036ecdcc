using System.Security.Cryptography;
using System.Text;
using Chatalot.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Media;

/// <summary>
/// Files, images, video and GIFs between two browsers: uploaded encrypted from the composer, shown inline (only when
/// the bytes are of the claimed type) or downloaded intact, a GIF picked through the server's proxy, and a 100 MiB file
/// whose upload keeps the tab's memory bounded.
/// </summary>
[Collection(QuietBrowserCollection.Name)]
public sealed class MediaTests(BrowserFixture fixture)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 120_000 };

    [Fact]
    public async Task ImageAndVideo_ShowInline_ForgedPng_IsAFileCard_AndDownloadsIntact()
    {
        var (sara, tomas) = await ChatPage.SetUpPairAsync(fixture, "sara", "tomas", "Media Club");

        // A real PNG and a real WebM video, made by the sender's browser (a canvas, and MediaRecorder on it).
        var png = Convert.FromBase64String(await sara.EvaluateAsync<string>(MakePng));
        var webm = Convert.FromBase64String(await sara.EvaluateAsync<string>(MakeWebm));
        var forged = Encoding.UTF8.GetBytes("<html><body><script>alert('x')</script>Not a picture</body></html>");
        await sara.GetByTestId("attach-input").SetInputFilesAsync(new FilePayload[]
        {
            new() { Name = "sunset.png", MimeType = "image/png", Buffer = png },
            new() { Name = "clip.webm", MimeType = "video/webm", Buffer = webm },
            new() { Name = "forged.png", MimeType = "image/png", Buffer = forged },
        });
        var rows = sara.GetByTestId("upload");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(sara.Locator("[data-testid=upload][data-state=uploaded]")).ToHaveCountAsync(3, new() { Timeout = 120_000 });
        await sara.GetByTestId("composer").FillAsync("Holiday files");
        await sara.GetByTestId("send").ClickAsync();
        await Expect(rows).ToHaveCountAsync(0, new() { Timeout = 60_000 });

        var message = tomas.GetByTestId("messages").GetByTestId("message").Filter(new() { HasText = "Holiday files" });
        await Expect(message).ToBeVisibleAsync(Slow);
        var image = message.Locator("[data-testid=attachment][data-name='sunset.png'] [data-testid=attachment-image]");
        await Expect(image).ToHaveJSPropertyAsync("naturalWidth", 64, new() { Timeout = 120_000 });
        var video = message.Locator("[data-testid=attachment][data-name='clip.webm'] [data-testid=attachment-video]");
        await Expect(video).ToHaveJSPropertyAsync("videoWidth", 160, new() { Timeout = 120_000 });
        await Expect(video).ToHaveAttributeAsync("controls", "");

        // HTML bytes claimed as image/png: a file card, never an <img>, and it downloads byte for byte.
        var forgedView = message.Locator("[data-testid=attachment][data-name='forged.png']");
        await Expect(forgedView).ToHaveAttributeAsync("data-kind", "file", new() { Timeout = 120_000 });
        await Expect(forgedView.GetByTestId("attachment-card")).ToBeVisibleAsync();
        await Expect(forgedView.Locator("img, iframe, object, embed")).ToHaveCountAsync(0);
        Assert.Equal(SHA256.HashData(forged), await DownloadHashAsync(tomas, forgedView));

        // The lightbox opens on a click and closes with Escape.
        await image.ClickAsync();
        var lightbox = tomas.GetByTestId("lightbox");
        await Expect(lightbox).ToBeVisibleAsync();
        await Expect(lightbox).ToBeFocusedAsync();
        await tomas.Keyboard.PressAsync("Escape");
        await Expect(lightbox).ToHaveCountAsync(0);

        // The sender sees the same, from the content it sent.
        var own = sara.GetByTestId("messages").GetByTestId("message").Filter(new() { HasText = "Holiday files" });
        await Expect(own.Locator("[data-testid=attachment-image]")).ToHaveJSPropertyAsync("naturalWidth", 64, new() { Timeout = 120_000 });
        await BrowserFixture.ScreenshotAsync(tomas, "media-image-video-forged");
        await sara.Context.CloseAsync();
        await tomas.Context.CloseAsync();
    }

    [Fact]
    public async Task AGifPickedThroughTheProxy_ArrivesAsALoopingImage_AndALinkArrivesWithItsPreview()
    {
        var (gwen, hector) = await ChatPage.SetUpPairAsync(fixture, "gwen", "hector", "Gif Club");
        await gwen.GetByTestId("open-gifs").ClickAsync(new() { Timeout = 60_000 });
        var picker = gwen.GetByTestId("gif-picker");
        await Expect(picker).ToBeVisibleAsync();
        await Expect(gwen.GetByTestId("gif-search")).ToBeFocusedAsync();
        await gwen.GetByTestId("gif-search").FillAsync("dot");

        // Previews are blob URLs of the relayed bytes, never the provider's address.
        var preview = picker.GetByTestId("gif-preview").First;
        await Expect(preview).ToHaveJSPropertyAsync("naturalWidth", 2, new() { Timeout = 60_000 });
        Assert.StartsWith("blob:", await preview.GetAttributeAsync("src"));
        await picker.GetByTestId("gif-result").First.FocusAsync();
        await gwen.Keyboard.PressAsync("Enter");
        await Expect(picker).ToHaveCountAsync(0, new() { Timeout = 60_000 });

        var gif = hector.GetByTestId("messages").Locator("[data-testid=attachment-image][data-gif=true]");
        await Expect(gif).ToHaveJSPropertyAsync("naturalWidth", 2, new() { Timeout = 120_000 });
        Assert.StartsWith("blob:", await gif.GetAttributeAsync("src"));

        // A link gets its preview from the sender's client (through the server's guarded fetch); the receiver shows the
        // title, description and the thumbnail that came inside the encrypted message, never contacting the site. A send
        // waits at most 3 s for previews and then goes without: the first fetch on a cold, loaded server may miss that,
        // so the link goes twice and the card may be on either message.
        var link = StandInWebSite.Instance.Article.ToString();
        await ChatPage.SendAsync(gwen, "Look: " + link);
        await Expect(ChatPage.Message(hector, "Look: " + link)).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(gwen, "Again: " + link);
        var card = hector.GetByTestId("messages").GetByTestId("link-preview").First;
        await Expect(card.GetByTestId("link-preview-title")).ToHaveTextAsync(StandInWebSite.ArticleTitle, new() { Timeout = 60_000 });
        await Expect(card.GetByTestId("link-preview-description")).ToHaveTextAsync(StandInWebSite.ArticleDescription);
        var thumbnail = card.GetByTestId("link-preview-image");
        await Expect(thumbnail).ToHaveJSPropertyAsync("complete", true, new() { Timeout = 60_000 });
        Assert.True(await thumbnail.EvaluateAsync<bool>("img => img.naturalWidth > 0"), "the thumbnail decodes");
        Assert.StartsWith("data:", await thumbnail.GetAttributeAsync("src") ?? "");
        await gwen.Context.CloseAsync();
        await hector.Context.CloseAsync();
    }

    /// <summary>The most the JS heap may grow during a 100 MiB upload.</summary>
    private const long JsHeapLimit = 50L * 1024 * 1024;

    /// <summary>
    /// The most WebAssembly memory (the .NET runtime's heap, which never shrinks) may grow during a 100 MiB upload or
    /// download: a few transfer chunks, whatever the file's size (docs/articles/web.md, "Big files").
    /// </summary>
    private const long WasmLimit = 64L * 1024 * 1024;

    [Fact]
    public async Task A100MiBFile_UploadsAndDownloadsIntact_WithTheTabsMemoryBounded()
    {
        var (bruno, carla) = await ChatPage.SetUpPairAsync(fixture, "bruno", "carla", "Big Files");
        var (path, expected) = await WriteRandomFileAsync(100);
        try
        {
            var (before, peak) = await UploadSampledAsync(bruno, path);
            await bruno.GetByTestId("send").ClickAsync();
            await Expect(bruno.GetByTestId("upload")).ToHaveCountAsync(0, new() { Timeout = 60_000 });

            var view = carla.GetByTestId("messages").Locator("[data-testid=attachment][data-name='" + Path.GetFileName(path) + "']");
            await Expect(view.GetByTestId("attachment-card")).ToBeVisibleAsync(Slow);
            var (beforeDownload, peakDownload, hash) = await DownloadSampledAsync(carla, view);
            Assert.Equal(expected, hash);

            Assert.True(peak.Js - before.Js < JsHeapLimit, $"The JS heap grew by {(peak.Js - before.Js) / 1048576.0:0.0} MiB during a 100 MiB upload.");
            Assert.True(peak.Wasm - before.Wasm <= WasmLimit, $"WebAssembly memory grew by {(peak.Wasm - before.Wasm) / 1048576.0:0.0} MiB during a 100 MiB upload (before {before.Wasm / 1048576.0:0.0} MiB).");
            // The download's JS heap is not bounded here: the runtime's streaming fetch hands each network chunk over as a
            // new Uint8Array, garbage V8 collects when it likes (logged: docs/articles/web.md, "Big files").
            Assert.True(peakDownload.Wasm - beforeDownload.Wasm <= WasmLimit, $"WebAssembly memory grew by {(peakDownload.Wasm - beforeDownload.Wasm) / 1048576.0:0.0} MiB during a 100 MiB download (before {beforeDownload.Wasm / 1048576.0:0.0} MiB).");
        }
        finally
        {
            File.Delete(path);
        }

        await bruno.Context.CloseAsync();
        await carla.Context.CloseAsync();
    }

    private static async Task<(string Path, byte[] Sha256)> WriteRandomFileAsync(int mebibytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"chatalot-{mebibytes}mib-" + Guid.NewGuid().ToString("N") + ".bin");
        await using var file = File.Create(path);
        var block = new byte[1024 * 1024];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < mebibytes; i++)
        {
            RandomNumberGenerator.Fill(block);
            hash.AppendData(block);
            await file.WriteAsync(block);
        }

        return (path, hash.GetHashAndReset());
    }

    /// <summary>Attaches the file and samples the tab's WebAssembly memory and JS heap until its upload row says uploaded.</summary>
    private static async Task<((long Wasm, long Js) Before, (long Wasm, long Js) Peak)> UploadSampledAsync(IPage page, string path)
    {
        var before = await MemoryAsync(page);
        await page.GetByTestId("attach-input").SetInputFilesAsync(path);
        var row = page.GetByTestId("upload");
        await Expect(row).ToHaveCountAsync(1);
        var peak = before;
        var samples = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await row.GetAttributeAsync("data-state", new() { Timeout = 120_000 }) == "uploading")
        {
            var now = await MemoryAsync(page);
            peak = (Math.Max(peak.Wasm, now.Wasm), Math.Max(peak.Js, now.Js));
            if (samples++ % 5 == 0)
            {
                await LogAsync($"  {clock.Elapsed.TotalSeconds:0}s progress {await row.GetByTestId("upload-progress").GetAttributeAsync("value")}% wasm {now.Wasm / 1048576.0:0.0} MiB js {now.Js / 1048576.0:0.0} MiB");
            }

            // The sampling interval (the loop ends on the row's state, not on time).
            await page.WaitForTimeoutAsync(500);
        }

        Assert.Equal("uploaded", await row.GetAttributeAsync("data-state"));
        await LogAsync($"{DateTime.UtcNow:O} 100 MiB upload in {clock.Elapsed.TotalSeconds:0} s ({samples} samples): wasm {before.Wasm / 1048576.0:0.0} -> peak {peak.Wasm / 1048576.0:0.0} MiB, js heap {before.Js / 1048576.0:0.0} -> peak {peak.Js / 1048576.0:0.0} MiB");
        return (before, peak);
    }

    /// <summary>Clicks the attachment's download button and samples the tab's memory until the browser has saved the file; its SHA-256.</summary>
    private static async Task<((long Wasm, long Js) Before, (long Wasm, long Js) Peak, byte[] Sha256)> DownloadSampledAsync(IPage page, ILocator attachment)
    {
        var before = await MemoryAsync(page);
        var peak = before;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var saved = page.WaitForDownloadAsync(new() { Timeout = 600_000 });
        await attachment.GetByTestId("attachment-download").ClickAsync();
        while (!saved.IsCompleted)
        {
            var now = await MemoryAsync(page);
            peak = (Math.Max(peak.Wasm, now.Wasm), Math.Max(peak.Js, now.Js));

            // The sampling interval (the loop ends when the download is saved, not on time).
            await Task.WhenAny(saved, page.WaitForTimeoutAsync(500));
        }

        var download = await saved;
        var after = await MemoryAsync(page);
        peak = (Math.Max(peak.Wasm, after.Wasm), Math.Max(peak.Js, after.Js));
        await LogAsync($"{DateTime.UtcNow:O} 100 MiB download in {clock.Elapsed.TotalSeconds:0} s: wasm {before.Wasm / 1048576.0:0.0} -> peak {peak.Wasm / 1048576.0:0.0} MiB, js heap {before.Js / 1048576.0:0.0} -> peak {peak.Js / 1048576.0:0.0} MiB");
        await using var stream = File.OpenRead(await download.PathAsync());
        return (before, peak, await SHA256.HashDataAsync(stream));
    }

    private static Task LogAsync(string line) =>
        File.AppendAllTextAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "media-memory.log"), line + Environment.NewLine);

    private static async Task<byte[]> DownloadHashAsync(IPage page, ILocator attachment)
    {
        var download = await page.RunAndWaitForDownloadAsync(
            () => attachment.GetByTestId("attachment-download").ClickAsync(),
            new() { Timeout = 600_000 });
        var saved = await download.PathAsync();
        await using var stream = File.OpenRead(saved);
        return await SHA256.HashDataAsync(stream);
    }

    /// <summary>The page's WebAssembly memory (the .NET runtime's heap) and used JS heap, in bytes.</summary>
    private static async Task<(long Wasm, long Js)> MemoryAsync(IPage page)
    {
        var values = await page.EvaluateAsync<double[]>(MemoryProbe);
        Assert.True(values[0] > 0, "The WebAssembly memory of the page could not be read.");
        return ((long)values[0], (long)values[1]);
    }

    private const string MemoryProbe = """
        () => {
            let wasm = -1;
            for (const get of [() => Blazor.runtime.Module.HEAPU8, () => getDotnetRuntime(0).Module.HEAPU8]) {
                try { const heap = get(); if (heap) { wasm = heap.buffer.byteLength; break; } } catch (e) { }
            }
            return [wasm, performance.memory ? performance.memory.usedJSHeapSize : 0];
        }
        """;

    private const string MakePng = """
        async () => {
            const canvas = document.createElement('canvas');
            canvas.width = 64; canvas.height = 48;
            const g = canvas.getContext('2d');
            g.fillStyle = '#f80'; g.fillRect(0, 0, 64, 48);
            g.fillStyle = '#08f'; g.fillRect(8, 8, 24, 24);
            const blob = await new Promise(r => canvas.toBlob(r, 'image/png'));
            const bytes = new Uint8Array(await blob.arrayBuffer());
            let s = ''; for (const b of bytes) s += String.fromCharCode(b);
            return btoa(s);
        }
        """;

    // MediaRecorder on a canvas stream: about a second of 160×120 VP8/VP9, drawn by a timer while it records.
    private const string MakeWebm = """
        async () => {
            const canvas = document.createElement('canvas');
            canvas.width = 160; canvas.height = 120;
            canvas.style.position = 'fixed'; canvas.style.left = '-1000px';
            document.body.appendChild(canvas);
            const g = canvas.getContext('2d');
            const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
            const parts = [];
            recorder.ondataavailable = e => { if (e.data.size > 0) parts.push(e.data); };
            const stopped = new Promise(r => recorder.onstop = r);
            let frame = 0;
            const draw = () => { g.fillStyle = frame++ % 2 ? '#c00' : '#00c'; g.fillRect(0, 0, 160, 120); };
            draw();
            recorder.start(100);
            await new Promise(resolve => {
                const timer = setInterval(() => { draw(); if (frame > 25) { clearInterval(timer); resolve(); } }, 40);
            });
            recorder.stop();
            await stopped;
            canvas.remove();
            const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
            let s = ''; for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
            return btoa(s);
        }
        """;
}
