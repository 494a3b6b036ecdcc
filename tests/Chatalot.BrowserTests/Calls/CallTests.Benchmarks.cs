using Chatalot.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Chatalot.BrowserTests.Calls;

/// <summary>
/// Measurements (not tests). The CPU a four-person mesh call costs on this machine (docs/benchmarks.md, "Calls"): the CPU seconds of four
/// Chromium process trees over 30 s while all four are in one voice channel with cameras on, against the same four
/// signed in and idle. Runs only with <c>CHATALOT_CALL_BENCHMARK=1</c> (it takes a few minutes and a quiet machine).
/// </summary>
public sealed partial class CallTests
{
    private static readonly TimeSpan BenchmarkWindow = TimeSpan.FromSeconds(30);

    [BenchmarkFact]
    public async Task FourParticipantMesh_CpuAgainstIdleBrowsers()
    {
        var markers = Enumerable.Range(0, 4).Select(i => $"chatalot-call-bench-{i}-{Guid.NewGuid():N}").ToArray();
        var browsers = new List<IBrowser>();
        try
        {
            var people = new List<(IPage Page, string Name)>();
            foreach (var (marker, index) in markers.Select((m, i) => (m, i)))
            {
                var browser = await fixture.LaunchBrowserAsync(fakeMedia: true, marker);
                browsers.Add(browser);
                people.Add((await fixture.NewPageAsync(baseUrl: calls.Server.BaseUrl, browser: browser), $"bench_{index}"));
            }

            await CallSteps.SetUpCommunityAsync(people, "Bench Lab");
            await ChannelSteps.CreateChannelAsync(people[0].Page, "bench", voice: true);
            foreach (var (page, _) in people.Skip(1))
            {
                await page.GetByTestId("channel-link").Filter(new() { HasText = "general" }).ClickAsync();
            }

            var idle = await CpuSecondsOverWindowAsync(markers);
            foreach (var (page, _) in people)
            {
                if (page == people[0].Page)
                {
                    await page.GetByTestId("join-voice").ClickAsync();
                    await CallSteps.WaitUntilInCallAsync(page);
                }
                else
                {
                    await CallSteps.JoinAsync(page, "bench");
                }

                await CallSteps.CameraOnAsync(page);
            }

            foreach (var (page, _) in people)
            {
                await CallSteps.WaitForMediaFlowAsync(page, peers: 3, video: true);
            }

            var inCall = await CpuSecondsOverWindowAsync(markers);
            output.WriteLine($"{Environment.ProcessorCount} cores; CPU seconds over {BenchmarkWindow.TotalSeconds} s, four browsers: idle {idle:F1}, " +
                $"in a 4-person call with cameras {inCall:F1} ({inCall / BenchmarkWindow.TotalSeconds * 100:F0}% of one core, {inCall / Math.Max(0.1, idle):F1}x idle)");
        }
        finally
        {
            foreach (var browser in browsers)
            {
                await browser.DisposeAsync();
            }
        }
    }

    private static async Task<double> CpuSecondsOverWindowAsync(string[] markers)
    {
        var before = markers.Sum(ProcessTreeCpuSeconds);
        await Task.Delay(BenchmarkWindow);
        return markers.Sum(ProcessTreeCpuSeconds) - before;
    }

    // utime + stime of the browser started with `marker` and all its descendants (renderers, GPU, network, audio).
    private static double ProcessTreeCpuSeconds(string marker)
    {
        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        var roots = new HashSet<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
                ticks[pid] = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    roots.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        bool InTree(int pid)
        {
            for (var depth = 0; depth < 64 && pid > 1; depth++)
            {
                if (roots.Contains(pid))
                {
                    return true;
                }

                pid = parents.GetValueOrDefault(pid);
            }

            return false;
        }

        // Linux reports CPU time in clock ticks of 1/100 s (USER_HZ).
        return ticks.Where(t => InTree(t.Key)).Sum(t => t.Value) / 100.0;
    }
}

/// <summary>A measurement, not a test: runs only with <c>CHATALOT_CALL_BENCHMARK=1</c>.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CHATALOT_CALL_BENCHMARK") != "1")
        {
            Skip = "A measurement: set CHATALOT_CALL_BENCHMARK=1 to run it (docs/benchmarks.md, Calls).";
        }
    }
}
