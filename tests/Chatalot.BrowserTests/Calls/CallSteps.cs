using System.Diagnostics;
using System.Text.Json;
using Chatalot.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Calls;

/// <summary>Steps of the call tests: people in one community on the call server, joining, and reading the media statistics.</summary>
public static class CallSteps
{
    /// <summary>Media can take a while on two shared cores with several browsers encoding video.</summary>
    public const float MediaTimeout = 120_000;

    /// <summary>
    /// Registers one person per page (on the server of its context); the first creates <paramref name="community"/> and the
    /// others join it through an invite link. Every page ends in the community's #general.
    /// </summary>
    public static async Task SetUpCommunityAsync(IReadOnlyList<(IPage Page, string Name)> people, string community)
    {
        var (owner, ownerName) = people[0];
        await ChatPage.RegisterAsync(owner, ownerName);
        await ChatPage.CreateCommunityAsync(owner, community);
        await owner.GetByTestId("invite").ClickAsync();
        var link = await owner.GetByTestId("invite-link").GetAttributeAsync("href") ?? throw new InvalidOperationException("No invite link.");
        await owner.GetByTestId("notice").GetByLabel("Dismiss").ClickAsync();
        foreach (var (page, name) in people.Skip(1))
        {
            await ChatPage.RegisterAsync(page, name);
            await page.GotoAsync(link);
            await ChatPage.UnlockAsync(page);
            await Expect(page.GetByTestId("channel-title")).ToHaveTextAsync("#general", new() { Timeout = 90_000 });
        }

        await Expect(owner.GetByTestId("member")).ToHaveCountAsync(people.Count, new() { Timeout = 60_000 });
    }

    /// <summary>Clicks a voice channel in the sidebar (which joins its call) and waits for the call view.</summary>
    public static async Task JoinAsync(IPage page, string channel)
    {
        await page.GetByTestId("channel-link").Filter(new() { HasText = channel }).ClickAsync(new() { Timeout = 60_000 });
        await WaitUntilInCallAsync(page);
    }

    /// <summary>Waits for the call view with this device's media started.</summary>
    public static async Task WaitUntilInCallAsync(IPage page) =>
        await Expect(page.GetByTestId("call-view")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 60_000 });

    public static ILocator Tile(IPage page, string name) => page.Locator($"[data-testid=call-tile][data-name=\"{name}\"]");

    /// <summary>chatalotCallStats() of the page: per peer join id, bytes in and out per stream and the candidate types.</summary>
    public static async Task<JsonElement> StatsAsync(IPage page) => await page.EvaluateAsync<JsonElement>("() => window.chatalotCallStats()");

    /// <summary>
    /// Waits until the page has <paramref name="peers"/> connections whose mic (and camera) RTP bytes flow both ways,
    /// then until every inbound stream has received more than at that moment: media is flowing, not just connected.
    /// </summary>
    public static async Task WaitForMediaFlowAsync(IPage page, int peers, bool video)
    {
        const string flowing = """
            async ([peers, video]) => {
                const s = await window.chatalotCallStats();
                const ids = Object.keys(s);
                if (ids.length !== peers) return false;
                return ids.every(id => s[id].audio.bytesReceived > 0 && s[id].audio.bytesSent > 0
                    && (!video || (s[id].video.bytesReceived > 0 && s[id].video.bytesSent > 0)));
            }
            """;
        await page.WaitForFunctionAsync(flowing, new object[] { peers, video }, new() { Timeout = MediaTimeout, PollingInterval = 250 });
        await page.EvaluateAsync("async () => { window.chatalotTestBaseline = await window.chatalotCallStats(); }");
        const string growing = """
            async (video) => {
                const baseline = window.chatalotTestBaseline;
                const s = await window.chatalotCallStats();
                return Object.keys(baseline).every(id => s[id]
                    && s[id].audio.bytesReceived > baseline[id].audio.bytesReceived
                    && (!video || s[id].video.bytesReceived > baseline[id].video.bytesReceived));
            }
            """;
        await page.WaitForFunctionAsync(growing, video, new() { Timeout = MediaTimeout, PollingInterval = 250 });
    }

    /// <summary>Turns the camera on from the control bar.</summary>
    public static async Task CameraOnAsync(IPage page)
    {
        await page.GetByTestId("call-camera").ClickAsync();
        try
        {
            await Expect(page.GetByTestId("call-camera")).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = 30_000 });
        }
        catch (PlaywrightException ex)
        {
            var notice = await page.GetByTestId("call-notice").AllInnerTextsAsync();
            throw new InvalidOperationException("The camera did not turn on: " + string.Join(" ", notice), ex);
        }
    }

    /// <summary>Ends the browser started with <paramref name="marker"/> as a crash would: SIGKILL, no goodbye to the server.</summary>
    public static void KillBrowser(string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains(marker, StringComparison.Ordinal) && !commandLine.Contains("--type=", StringComparison.Ordinal))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }
    }
}
