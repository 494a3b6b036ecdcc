using System.Text.RegularExpressions;
using Chatalot.BrowserTests.Infrastructure;
using Chatalot.Client;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// A contact's account key changes (crypto.md §15.6: they started over on a new device): the browser names the changed
/// key with both fingerprints, shows nothing from the new key, and holds sending to the new key until the user accepts it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IdentityChangeTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ContactsAccountKeyChanges_WarningNamesTheKey_AndSendingWaitsUntilAccepted()
    {
        var (ivy, ian) = await ChatPage.SetUpPairAsync(fixture, "ivy", "ian", "Identity Lab");

        // Ivy and Ian talk in a DM: Ian pins Ivy's account key on first use.
        await ivy.GetByTestId("member").Filter(new() { HasText = "ian" }).ClickAsync();
        await Expect(ivy.GetByTestId("channel-title")).ToHaveTextAsync("@ian", new() { Timeout = 60_000 });
        await ChatPage.SendAsync(ivy, "hello ian, it is really me");
        await ian.GetByTestId("rail-dms").ClickAsync();
        await ian.GetByTestId("channel-link").Filter(new() { HasText = "ivy" }).ClickAsync(new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(ian, "it is really me")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(ian.GetByTestId("identity-warning")).ToHaveCountAsync(0);

        // Someone with Ivy's password signs in on a new device and starts the account over with a new account key (what
        // Ivy would do after losing every device and her recovery key, or an attacker with her password).
        await using var reset = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = fixture.Server.BaseUrl,
            Username = "ivy",
            Password = "password-1234",
            DeviceName = "started over",
        });
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var afterAccepting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = reset.Events.On<MessageReceived>((m, _) =>
        {
            received.Enqueue(m.Text);
            if (m.Text == "written after accepting")
            {
                afterAccepting.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });
        await reset.ConnectAsync(CancellationToken.None);
        Assert.Equal(DeviceLinkStatus.Unlinked, reset.Devices.Status);
        await reset.Devices.ResetAccountIdentityAsync(CancellationToken.None);
        Assert.Equal(DeviceLinkStatus.Linked, reset.Devices.Status);
        var ianId = (await reset.Rest.GetDirectChannelsAsync(CancellationToken.None)).Single().DmUserIds!.Single(m => m != reset.CurrentUserId!.Value.Value);
        await reset.SendAsync(new UserId(ianId), "trust me, new key", CancellationToken.None);

        // Ivy's own browser is out of the account: its account key is no longer the account's.
        await Expect(ivy.GetByTestId("device-removed")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // Ian's browser: a banner names Ivy's account key, old and new fingerprints, and the new key's text is not shown.
        var banner = ian.GetByTestId("identity-warning");
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(banner).ToContainTextAsync("ivy's account key changed");
        await Expect(banner).ToContainTextAsync("Sending to them is held");
        var fingerprint = new Regex(@"^[0-9a-f]{4}( [0-9a-f]{4}){3}$");
        await Expect(banner.GetByTestId("identity-previous")).ToHaveTextAsync(fingerprint);
        await Expect(banner.GetByTestId("identity-new")).ToHaveTextAsync(fingerprint);
        Assert.NotEqual(await banner.GetByTestId("identity-previous").InnerTextAsync(), await banner.GetByTestId("identity-new").InnerTextAsync());
        await Expect(ChatPage.Message(ian, "trust me, new key")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(ian, "identity-warning-ian");

        // Held: what Ian writes now is not sent; the composer says why and keeps the text.
        await ian.GetByTestId("composer").FillAsync("written before accepting");
        await ian.GetByTestId("composer").PressAsync("Enter");
        await Expect(ian.GetByTestId("composer-error")).ToContainTextAsync("account key in this conversation changed", new() { Timeout = 60_000 });
        await Expect(ian.GetByTestId("composer")).ToHaveValueAsync("written before accepting");

        // After comparing, Ian accepts the new key: the banner goes, and the held text goes out to the new key.
        await banner.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Accept new key" }).ClickAsync();
        await Expect(ian.GetByTestId("identity-warning")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await ian.GetByTestId("composer").PressAsync("Enter");
        await Expect(ian.GetByTestId("composer")).ToHaveValueAsync("", new() { Timeout = 60_000 });
        await ChatPage.SendAsync(ian, "written after accepting");
        await afterAccepting.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("written before accepting", received);
        await ivy.Context.CloseAsync();
        await ian.Context.CloseAsync();
    }
}
