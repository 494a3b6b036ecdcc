using System.Diagnostics;
using System.Text;
using Chatalot.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Calls;

/// <summary>
/// Calls in the web app (issue 17, docs/protocol/calls.md): a WebRTC mesh between real Chromium browsers with fake
/// cameras and microphones, on one sample server with a short disconnect grace (<see cref="CallServerFixture"/>).
/// </summary>
[Collection(QuietBrowserCollection.Name)]
public sealed partial class CallTests(BrowserFixture fixture, CallServerFixture calls, ITestOutputHelper output) : IClassFixture<CallServerFixture>
{
    private Uri Server => calls.Server.BaseUrl;

    [Fact]
    public async Task ThreeBrowsers_InAVoiceChannel_SendAudioAndVideoToEachOther_ShowMuteAndScreenShares_AndDropACrashedOne()
    {
        await using var shared = await fixture.LaunchBrowserAsync(fakeMedia: true);
        var marker = "chatalot-call-test-" + Guid.NewGuid().ToString("N");
        await using var crashing = await fixture.LaunchBrowserAsync(fakeMedia: true, marker);
        var ana = await fixture.NewPageAsync(baseUrl: Server, browser: shared);
        var bram = await fixture.NewPageAsync(baseUrl: Server, browser: shared);
        var cyd = await fixture.NewPageAsync(baseUrl: Server, browser: crashing);
        await CallSteps.SetUpCommunityAsync([(ana, "mesh_ana"), (bram, "mesh_bram"), (cyd, "mesh_cyd")], "Mesh Lab");
        await ChannelSteps.CreateChannelAsync(ana, "lounge", voice: true);

        // Ana joins first with her camera on; Bram's set-up time runs from his click to the first frame of her camera.
        await CallSteps.JoinAsync(ana, "lounge");
        await CallSteps.CameraOnAsync(ana);
        await Expect(bram.GetByTestId("voice-occupant")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        var clock = Stopwatch.StartNew();
        await CallSteps.JoinAsync(bram, "lounge");
        await bram.WaitForFunctionAsync(
            "async () => Object.values(await window.chatalotCallStats()).some(p => p.video.framesDecoded > 0)",
            null,
            new() { Timeout = CallSteps.MediaTimeout, PollingInterval = 50 });
        output.WriteLine($"Call set-up, click on Join to the first remote video frame: {clock.ElapsedMilliseconds} ms");

        await CallSteps.JoinAsync(cyd, "lounge");
        await CallSteps.CameraOnAsync(bram);
        await CallSteps.CameraOnAsync(cyd);
        foreach (var page in new[] { ana, bram, cyd })
        {
            await Expect(page.GetByTestId("call-tile")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        }

        // Every pair: audio and video RTP bytes flow both ways, and keep flowing.
        foreach (var page in new[] { ana, bram, cyd })
        {
            await CallSteps.WaitForMediaFlowAsync(page, peers: 2, video: true);
        }

        await Expect(ana.GetByTestId("voice-occupant")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await Expect(CallSteps.Tile(ana, "mesh_bram").GetByTestId("tile-video")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(ana, "call-three");

        // Bram mutes: the others see it on his tile and in the sidebar.
        await bram.GetByTestId("call-mute").ClickAsync();
        await Expect(CallSteps.Tile(ana, "mesh_bram").GetByTestId("tile-muted")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(CallSteps.Tile(cyd, "mesh_bram").GetByTestId("tile-muted")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(ana.Locator("[data-testid=voice-occupant][data-name=mesh_bram]").GetByTestId("occupant-muted")).ToBeVisibleAsync();

        // Ana shares her screen: a screen tile appears at the others, with frames; it goes when she stops.
        await ana.GetByTestId("call-screen").ClickAsync();
        await Expect(ana.GetByTestId("call-screen")).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = 30_000 });
        await Expect(bram.GetByTestId("screen-tile")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(cyd.GetByTestId("screen-tile")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await bram.WaitForFunctionAsync(
            "async () => Object.values(await window.chatalotCallStats()).some(p => p.screen.framesDecoded > 0)",
            null,
            new() { Timeout = CallSteps.MediaTimeout, PollingInterval = 250 });
        await BrowserFixture.ScreenshotAsync(bram, "call-screen-share");
        await ana.GetByTestId("call-screen").ClickAsync();
        await Expect(bram.GetByTestId("screen-tile")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(cyd.GetByTestId("screen-tile")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // Cyd's browser crashes: once the grace period (3 s here) is over, she is gone from the others' grids.
        CallSteps.KillBrowser(marker);
        await Expect(CallSteps.Tile(ana, "mesh_cyd")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(CallSteps.Tile(bram, "mesh_cyd")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(ana.GetByTestId("call-tile")).ToHaveCountAsync(2);

        // Signalling went end to end: no SDP and no ICE candidate in the server's logs or on its disk.
        await ana.GetByTestId("call-leave").ClickAsync();
        await Expect(bram.GetByTestId("call-tile")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        AssertNoSignallingOnServer();
        await ana.Context.CloseAsync();
        await bram.Context.CloseAsync();
    }

    [TurnFact]
    public async Task AlwaysRelay_SendsMediaThroughTurn()
    {
        Assert.True(CallServerFixture.TurnUrl is not null, "CHATALOT_TEST_TURN_URL is not set under CI: .ci/run must start coturn with eng/test-services.sh coturn.");
        await using var browser = await fixture.LaunchBrowserAsync(fakeMedia: true);
        var rhea = await fixture.NewPageAsync(baseUrl: Server, browser: browser);
        var ravi = await fixture.NewPageAsync(baseUrl: Server, browser: browser);
        await CallSteps.SetUpCommunityAsync([(rhea, "relay_rhea"), (ravi, "relay_ravi")], "Relay Lab");
        await ChannelSteps.CreateChannelAsync(rhea, "relayed", voice: true);

        // Rhea sets "Always relay calls" on the join card and joins; Ravi's click on the channel joins it at once, so
        // he sets it from the call's own settings and joins again (it applies from the next call).
        await rhea.GetByTestId("call-join-settings").ClickAsync();
        await SetAlwaysRelayAsync(rhea);
        await rhea.GetByTestId("join-voice").ClickAsync();
        await CallSteps.WaitUntilInCallAsync(rhea);
        await CallSteps.JoinAsync(ravi, "relayed");
        await ravi.GetByTestId("call-settings").ClickAsync();
        await SetAlwaysRelayAsync(ravi);
        await ravi.GetByTestId("call-leave").ClickAsync();
        await ravi.GetByTestId("join-voice").ClickAsync();
        await CallSteps.WaitUntilInCallAsync(ravi);

        await CallSteps.CameraOnAsync(rhea);
        await CallSteps.CameraOnAsync(ravi);
        foreach (var page in new[] { rhea, ravi })
        {
            await CallSteps.WaitForMediaFlowAsync(page, peers: 1, video: true);

            // The selected pair can settle a moment after media starts: wait for it, and show the stats if it never does.
            try
            {
                await page.WaitForFunctionAsync(
                    "async () => Object.values(await window.chatalotCallStats()).every(p => p.localCandidateType === 'relay')",
                    null,
                    new() { Timeout = 30_000, PollingInterval = 250 });
            }
            catch (PlaywrightException)
            {
                Assert.Fail("Not relayed: " + await CallSteps.StatsAsync(page));
            }
        }

        AssertNoSignallingOnServer();
        await rhea.Context.CloseAsync();
        await ravi.Context.CloseAsync();
    }

    [Fact]
    public async Task DirectMessageCall_DeclinedShowsOnTheCaller_ThenAcceptedConnectsBoth()
    {
        await using var browser = await fixture.LaunchBrowserAsync(fakeMedia: true);
        var dina = await fixture.NewPageAsync(baseUrl: Server, browser: browser);
        var dev = await fixture.NewPageAsync(baseUrl: Server, browser: browser);
        await CallSteps.SetUpCommunityAsync([(dina, "ring_dina"), (dev, "ring_dev")], "Ring Lab");
        await dina.GetByTestId("member").Filter(new() { HasText = "ring_dev" }).GetByTestId("member-name").ClickAsync();
        await Expect(dina.GetByTestId("channel-title")).ToHaveTextAsync("@ring_dev", new() { Timeout = 60_000 });

        // Declined: the callee's dialog closes and the caller reads "Declined".
        await dina.GetByTestId("dm-call-audio").ClickAsync();
        await Expect(dina.GetByTestId("call-ring-status")).ToHaveTextAsync("Ringing…", new() { Timeout = 60_000 });
        await Expect(dev.GetByTestId("incoming-call")).ToContainTextAsync("ring_dina is calling", new() { Timeout = 60_000 });
        await dev.GetByTestId("incoming-call-decline").ClickAsync();
        await Expect(dev.GetByTestId("incoming-call")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(dina.GetByTestId("call-ring-status")).ToHaveTextAsync("Declined", new() { Timeout = 60_000 });
        await dina.GetByTestId("call-leave").ClickAsync();
        await Expect(dina.GetByTestId("call-view")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // Accepted (a video call): both are in the DM's call, with media both ways.
        await dina.GetByTestId("dm-call-video").ClickAsync();
        await Expect(dev.GetByTestId("incoming-call")).ToContainTextAsync("Video call", new() { Timeout = 60_000 });
        await dev.GetByTestId("incoming-call-accept").ClickAsync();
        await Expect(dev.GetByTestId("incoming-call")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await CallSteps.WaitUntilInCallAsync(dev);
        await Expect(dina.GetByTestId("call-ring-status")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        foreach (var page in new[] { dina, dev })
        {
            await Expect(page.GetByTestId("call-tile")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
            await CallSteps.WaitForMediaFlowAsync(page, peers: 1, video: true);
        }

        await BrowserFixture.ScreenshotAsync(dev, "call-dm");
        await dev.GetByTestId("call-leave").ClickAsync();
        await Expect(dina.GetByTestId("call-tile")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await dina.Context.CloseAsync();
        await dev.Context.CloseAsync();
    }

    private static async Task SetAlwaysRelayAsync(IPage page)
    {
        await page.GetByTestId("call-always-relay").CheckAsync();
        await page.GetByTestId("call-settings-close").ClickAsync();
        await Expect(page.GetByTestId("call-settings-dialog")).ToHaveCountAsync(0);
    }

    // SDP (its first line and DTLS fingerprint) and ICE candidates travel only inside encrypted to-device payloads.
    private void AssertNoSignallingOnServer()
    {
        string[] forbidden = ["a=fingerprint", "v=0\r\no=", "a=ice-ufrag", "candidate:", "typ host", "typ relay", "typ srflx"];
        var log = calls.Server.Output;
        foreach (var needle in forbidden)
        {
            Assert.False(log.Contains(needle, StringComparison.Ordinal), $"The server log contains '{needle.ReplaceLineEndings(" ")}'.");
        }

        foreach (var (file, bytes) in calls.Server.ReadDataFiles())
        {
            foreach (var needle in forbidden)
            {
                Assert.False(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0, $"{Path.GetFileName(file)} contains '{needle.ReplaceLineEndings(" ")}'.");
            }
        }
    }
}
