using System.Globalization;
using Chatalot.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// A channel with 10,000 messages stays responsive: the message list keeps only a window of them in the DOM, typing
/// in the composer costs what it costs in a 50-message channel, scrolling up pages history in from the archive, and
/// search plus jumping reach deep history. The messages are sealed straight into this browser's archive through the
/// Debug build's test hook (a bot sending 10,000 messages through the server would take far longer than the test).
/// </summary>
[Collection(QuietBrowserCollection.Name)]
public sealed class LongChannelTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const int Long = 10_000;
    private const int Short = 50;
    private const int MaxWindow = 150;
    private const int Keystrokes = 50;

    [Fact]
    public async Task TenThousandMessages_TypingStaysUnder50ms_ScrollingAndJumpingWork_WithABoundedDom()
    {
        var page = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(page, "lena");
        await ChatPage.CreateCommunityAsync(page, "Long Reads");
        var general = page.Url.Split('/')[^1];
        await page.GetByTestId("new-channel").First.ClickAsync();
        await page.GetByTestId("prompt-input").FillAsync("small");
        await page.GetByTestId("prompt-submit").ClickAsync();
        await Expect(page.GetByTestId("channel-title")).ToHaveTextAsync("#small", new() { Timeout = 60_000 });
        var small = page.Url.Split('/')[^1];

        // Seal 10,000 + 50 messages into the archive, then reload: the app meets them as history, as after a long life.
        // The hook is registered when the session starts, long before this point, in Debug builds only.
        if (!await page.EvaluateAsync<bool>("() => !!window.chatalotTestHooks"))
        {
            output.WriteLine("Not measured: this build of the app has no test hooks (a Release build, CHATALOT_TEST_SERVER_DLL).");
            await page.Context.CloseAsync();
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.EvaluateAsync("([c, n]) => window.chatalotTestHooks.invokeMethodAsync('SeedArchive', c, n, 'seeded')", new object[] { general, Long });
        await page.EvaluateAsync("([c, n]) => window.chatalotTestHooks.invokeMethodAsync('SeedArchive', c, n, 'short')", new object[] { small, Short });
        output.WriteLine($"sealed {Long + Short} messages into the archive in {clock.ElapsedMilliseconds} ms");
        await page.GotoAsync("/channels/" + general);
        clock.Restart();
        await ChatPage.UnlockAsync(page);
        await Expect(page.GetByTestId("search-box")).ToHaveAttributeAsync("data-indexing", "false", new() { Timeout = 120_000 });
        output.WriteLine($"unlock + archive read into the search index ({await page.GetByTestId("search-box").GetAttributeAsync("data-indexed")} messages): {clock.ElapsedMilliseconds} ms");
        await Expect(ChatPage.Message(page, $"seeded {Long - 1:D5}")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var messages = page.GetByTestId("message");

        var longFigures = await MeasureKeystrokesAsync(page);
        Report("10,000-message channel, newest page shown", longFigures);

        // Scroll up through 20 pages: each arrives from the archive, the DOM never holds more than the window.
        var list = page.GetByTestId("messages");
        var pageTimes = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var first = await messages.First.GetAttributeAsync("data-id");
            var step = System.Diagnostics.Stopwatch.StartNew();
            await list.EvaluateAsync("el => el.scrollTop = 0");
            try
            {
                await page.WaitForFunctionAsync("id => document.querySelector('[data-testid=message]')?.dataset.id !== id", first, new() { Timeout = 30_000 });
            }
            catch (TimeoutException)
            {
                output.WriteLine($"page {i}: first message did not change; {await messages.CountAsync()} shown, scrollTop {await list.EvaluateAsync<double>("el => el.scrollTop")}");
                await BrowserFixture.ScreenshotAsync(page, "long-channel-stuck");
                throw;
            }

            pageTimes.Add(step.Elapsed.TotalMilliseconds);
            Assert.InRange(await messages.CountAsync(), 1, MaxWindow);
        }

        pageTimes.Sort();
        output.WriteLine($"scroll-up paging: median {Percentile(pageTimes, 50):F0} ms, p95 {Percentile(pageTimes, 95):F0} ms per page of 50 (DOM ≤ {MaxWindow} messages)");
        await Expect(ChatPage.Message(page, $"seeded {Long - 1:D5}")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("jump-present")).ToBeVisibleAsync();
        var scrolledFigures = await MeasureKeystrokesAsync(page);
        Report("10,000-message channel, scrolled 1,000 messages up", scrolledFigures);

        // Back down: later pages come back, then "jump to the newest" returns to the bottom.
        var last = await messages.Last.GetAttributeAsync("data-id");
        await list.EvaluateAsync("el => el.scrollTop = el.scrollHeight");
        await page.WaitForFunctionAsync("id => [...document.querySelectorAll('[data-testid=message]')].at(-1)?.dataset.id !== id", last, new() { Timeout = 30_000 });
        Assert.InRange(await messages.CountAsync(), 1, MaxWindow);
        await page.GetByTestId("jump-present").ClickAsync();
        await Expect(ChatPage.Message(page, $"seeded {Long - 1:D5}")).ToBeInViewportAsync(new() { Timeout = 30_000 });

        // Search reaches deep history, and a result 1,500 messages above what is loaded is paged in and shown.
        var search = page.GetByTestId("search-input");
        clock.Restart();
        await search.FillAsync("\"seeded 07500\"");
        await Expect(page.GetByTestId("search-summary")).ToHaveTextAsync("1 result", new() { Timeout = 30_000 });
        output.WriteLine($"search over {Long + Short} messages, typed to results shown: {clock.ElapsedMilliseconds} ms (includes the 150 ms typing pause)");
        clock.Restart();
        await page.GetByTestId("search-hit").ClickAsync();
        var target = page.Locator("[data-testid=message]", new() { HasText = "seeded 07500" });
        await Expect(target).ToBeInViewportAsync(new() { Timeout = 60_000 });
        await Expect(target).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("flash"));
        output.WriteLine($"jump to a message 1,500 above the loaded history: {clock.ElapsedMilliseconds} ms");
        Assert.InRange(await messages.CountAsync(), 1, MaxWindow);
        await BrowserFixture.ScreenshotAsync(page, "long-channel-jumped");

        // Baseline: the same measurement in a 50-message channel.
        await page.GetByTestId("channel-link").Filter(new() { HasText = "small" }).ClickAsync();
        await Expect(ChatPage.Message(page, $"short {Short - 1:D5}")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var shortFigures = await MeasureKeystrokesAsync(page);
        Report("50-message channel (baseline)", shortFigures);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio 10,000 / 50: median {longFigures.Median / shortFigures.Median:F2}, p95 {longFigures.P95 / shortFigures.P95:F2}"));

        // The issue's target is 50 ms; the bound asserted is generous for a loaded 2-core machine.
        Assert.True(longFigures.Median <= 50, $"median keystroke-to-render {longFigures.Median:F1} ms over 50 ms");
        Assert.True(longFigures.P95 <= 150, $"p95 keystroke-to-render {longFigures.P95:F1} ms over 150 ms");
        Assert.True(scrolledFigures.Median <= 50, $"median keystroke-to-render after scrolling {scrolledFigures.Median:F1} ms over 50 ms");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Keystroke-to-render in the composer: from the keydown to the first animation frame after Blazor rendered the new
    /// text (the textarea's data-length attribute), one key at a time.
    /// </summary>
    private static async Task<(double Median, double P95)> MeasureKeystrokesAsync(IPage page)
    {
        var composer = page.GetByTestId("composer");
        await composer.FillAsync("");
        await composer.FocusAsync();
        await page.EvaluateAsync(@"() => {
            const ta = document.querySelector('#composer');
            window.__latencies = [];
            if (window.__latencyObserver) window.__latencyObserver.disconnect();
            let started = 0;
            if (!ta.__latencyHooked) {
                ta.__latencyHooked = true;
                ta.addEventListener('keydown', () => { window.__keyAt = performance.now(); }, true);
            }
            window.__latencyObserver = new MutationObserver(() => {
                const at = window.__keyAt;
                if (!at) return;
                window.__keyAt = 0;
                requestAnimationFrame(() => window.__latencies.push(performance.now() - at));
            });
            window.__latencyObserver.observe(ta, { attributes: true, attributeFilter: ['data-length'] });
        }");
        const string text = "the quick brown fox jumps over the lazy dog again ";
        for (var i = 0; i < Keystrokes; i++)
        {
            await page.Keyboard.PressAsync(text[i % text.Length] == ' ' ? "Space" : text[i % text.Length].ToString());
            await page.WaitForFunctionAsync($"() => window.__latencies.length >= {i + 1}", null, new() { Timeout = 10_000 });
        }

        var samples = (await page.EvaluateAsync<double[]>("() => window.__latencies")).OrderBy(x => x).ToList();
        await composer.FillAsync("");
        return (Percentile(samples, 50), Percentile(samples, 95));
    }

    private void Report(string what, (double Median, double P95) figures) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"keystroke-to-render, {what}: median {figures.Median:F1} ms, p95 {figures.P95:F1} ms over {Keystrokes} keys"));

    private static double Percentile(List<double> sorted, int percent) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];
}
