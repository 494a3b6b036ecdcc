using Microsoft.Playwright;

namespace Chatalot.BrowserTests.Infrastructure;

/// <summary>
/// One sample server and one headless Chromium (Debian's, from eng/test.sh; <c>CHATALOT_TEST_CHROMIUM</c> or
/// /usr/bin/chromium) shared by the browser tests. Each test opens its own browser contexts, so users never share
/// IndexedDB or local storage.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public SampleServerProcess Server { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDirectory { get; } = Path.Combine(SampleServerProcess.RepoRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        Server = await SampleServerProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>
    /// Another Chromium process, for tests that need what the shared one lacks. <paramref name="fakeMedia"/> gives it a
    /// fake camera and microphone (a test pattern and a beep) and grants their permission, and screen capture without
    /// a picker, for calls. <paramref name="marker"/> is an extra switch on its command line, to find its process.
    /// </summary>
    public Task<IBrowser> LaunchBrowserAsync(bool fakeMedia, string? marker = null) =>
        _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = [.. ChromiumArgs, .. fakeMedia ? FakeMediaArgs : [], .. marker is null ? Array.Empty<string>() : ["--" + marker]],
        });

    private static readonly string[] FakeMediaArgs =
    [
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--auto-accept-this-tab-capture",
        "--autoplay-policy=no-user-gesture-required",
    ];

    private static string ChromiumPath => Environment.GetEnvironmentVariable("CHATALOT_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>A fresh browser profile (its own IndexedDB and storage), like a second person on another machine.</summary>
    /// <param name="width">Viewport width.</param>
    /// <param name="height">Viewport height.</param>
    /// <param name="baseUrl">Another server than the shared one (a test that needs its own configuration).</param>
    /// <param name="browser">Another browser than the shared one (<see cref="LaunchBrowserAsync"/>).</param>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, Uri? baseUrl = null, IBrowser? browser = null)
    {
        var context = await (browser ?? Browser).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (baseUrl ?? Server.BaseUrl).ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        // The browser's console goes to a log beside the screenshots: the first place to look when a test fails.
        var log = Path.Combine(ScreenshotDirectory, "browser-console.log");
        page.Console += (_, message) => AppendLog(log, $"[{message.Type}] {message.Text}");
        page.PageError += (_, error) => AppendLog(log, "[pageerror] " + error);
        return page;
    }

    private static readonly Lock LogLock = new();

    private static void AppendLog(string path, string line)
    {
        lock (LogLock)
        {
            File.AppendAllText(path, DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " " + line + Environment.NewLine);
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png") });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

// The browser tests spend most of their time waiting on the browser's WebAssembly and the server, so they run in two
// collections side by side, each with its own sample server and Chromium (about a third less wall time on 2 cores).
// The ones that measure time, memory or CPU, or stream media, run in a third collection alone, after the others.

/// <summary>The first of the two browser collections that run side by side.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>The second of the two browser collections that run side by side (moderation, conversations, profiles, search, admin).</summary>
[CollectionDefinition(Name)]
public sealed class SecondBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser-2";
}

/// <summary>Browser tests that measure time, memory or CPU, or stream media: they run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuietBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser-quiet";
}
