using Chatalot.BrowserTests.Infrastructure;
using Chatalot.Client;
using Chatalot.Protocol.Accounts;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>A contact's identity key changes under the same device id: the browser says so and holds sending until the user accepts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class IdentityChangeTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ContactsIdentityKeyChanges_ShowsTheWarningBanner_UntilAccepted()
    {
        var (ivy, ian) = await ChatPage.SetUpPairAsync(fixture, "ivy", "ian", "Identity Lab");

        // Ivy and Ian talk in a DM: Ian pins Ivy's device identity on first use.
        await ivy.GetByTestId("member").Filter(new() { HasText = "ian" }).ClickAsync();
        await Expect(ivy.GetByTestId("channel-title")).ToHaveTextAsync("@ian", new() { Timeout = 60_000 });
        await ChatPage.SendAsync(ivy, "hello ian, it is really me");
        await ian.GetByTestId("rail-dms").ClickAsync();
        await ian.GetByTestId("channel-link").Filter(new() { HasText = "ivy" }).ClickAsync(new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(ian, "it is really me")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(ian.GetByTestId("identity-warning")).ToHaveCountAsync(0);

        // Someone with Ivy's password replaces her device with one of the same id but a new identity key (a reinstall,
        // or an attack), and writes to Ian from it.
        var device = Assert.Single(await ServerView.DevicesOfAsync(fixture.Server.BaseUrl, "ivy"));
        await using (var impostor = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = fixture.Server.BaseUrl,
            Username = "ivy",
            Password = "password-1234",
            DeviceName = "impostor",
            DeviceStore = await ClaimAsync(device),
        }))
        {
            await impostor.Rest.LoginAsync(new LoginRequest("ivy", "password-1234", "impostor"), CancellationToken.None);
            await impostor.Rest.DeleteDeviceAsync(new DeviceId(device), CancellationToken.None);
            await impostor.ConnectAsync(CancellationToken.None);
            Assert.Equal(device, impostor.CurrentDeviceId?.Value);
            var ianId = (await impostor.Rest.GetDirectChannelsAsync(CancellationToken.None)).Single().DmUserIds!.Single(m => m != impostor.CurrentUserId!.Value.Value);
            await impostor.SendAsync(new UserId(ianId), "trust me, new phone", CancellationToken.None);
        }

        // Ian's browser: a banner names Ivy, and the impostor's text is not shown as a normal message.
        var banner = ian.GetByTestId("identity-warning");
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(banner).ToContainTextAsync("ivy's identity key changed");
        await Expect(ChatPage.Message(ian, "trust me, new phone")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(ian, "identity-warning-ian");

        // After comparing, Ian accepts the new key and the banner goes.
        await banner.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Accept new key" }).ClickAsync();
        await Expect(ian.GetByTestId("identity-warning")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        await ivy.Context.CloseAsync();
        await ian.Context.CloseAsync();

        async Task<MemoryDeviceStore> ClaimAsync(int deviceId)
        {
            await using var observer = new ChatalotClient(new ChatalotClientOptions { ServerUrl = fixture.Server.BaseUrl });
            var auth = await observer.Rest.LoginAsync(new LoginRequest("ivy", "password-1234", "observer"), CancellationToken.None);
            return MemoryDeviceStore.ClaimingDevice(auth.User.Id, deviceId);
        }
    }
}
