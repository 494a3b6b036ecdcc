using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>Starting a DM from the DM list's "New message" picker, on a desktop and on a phone; the member list on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DirectMessagePickerTests(BrowserFixture fixture)
{
    [Fact]
    public async Task NewMessagePicker_FindsPeopleByName_OnDesktopAndPhone_AndThePhoneReachesTheMemberList()
    {
        var (pia, quinn) = await ChatPage.SetUpPairAsync(fixture, "pia", "quinn", "Picker Club");
        await quinn.SetViewportSizeAsync(390, 844);

        // Desktop: the DM list's "New message" searches by the start of a name, case-insensitively.
        await Expect(pia.GetByTestId("toggle-members")).ToBeHiddenAsync();
        await Expect(pia.GetByTestId("members")).ToBeVisibleAsync();
        await pia.GetByTestId("rail-dms").ClickAsync();
        await pia.GetByTestId("new-dm").ClickAsync();
        await pia.GetByTestId("dm-search").FillAsync("zz-nobody");
        await Expect(pia.GetByTestId("dm-search-status")).ToContainTextAsync("Nobody");
        await pia.GetByTestId("dm-search").FillAsync("QUI");
        await Expect(pia.GetByTestId("dm-result")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(pia.GetByTestId("dm-result")).ToContainTextAsync("quinn");
        await pia.GetByTestId("dm-search").PressAsync("Enter");
        await Expect(pia.GetByTestId("channel-title")).ToHaveTextAsync("@quinn", new() { Timeout = 60_000 });
        await ChatPage.SendAsync(pia, "hello from the picker");

        // Phone: the channel list is behind the menu button; the picker works the same, with a tap.
        await quinn.GetByLabel("Show channels").ClickAsync();
        await quinn.GetByTestId("rail-dms").ClickAsync();
        await quinn.GetByTestId("new-dm").ClickAsync();
        await Expect(quinn.GetByTestId("dm-picker")).ToBeInViewportAsync();
        await quinn.GetByTestId("dm-search").FillAsync("pi");
        await quinn.GetByTestId("dm-result").Filter(new() { HasText = "pia" }).ClickAsync(new() { Timeout = 30_000 });
        await Expect(quinn.GetByTestId("channel-title")).ToHaveTextAsync("@pia", new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(quinn, "hello from the picker")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(quinn, "hi back, from my phone");
        await Expect(ChatPage.Message(pia, "hi back, from my phone")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await BrowserFixture.ScreenshotAsync(quinn, "dm-picker-phone");

        // Phone: the member list of a community channel opens from the header and closes again.
        await quinn.GetByLabel("Show channels").ClickAsync();
        await quinn.GetByTestId("rail-community").ClickAsync();
        await Expect(quinn.GetByTestId("channel-title")).ToHaveTextAsync("#general", new() { Timeout = 30_000 });
        await Expect(quinn.GetByTestId("members")).ToBeHiddenAsync();
        await quinn.GetByTestId("toggle-members").ClickAsync();
        await Expect(quinn.GetByTestId("members")).ToBeVisibleAsync();
        await Expect(quinn.GetByTestId("member").Filter(new() { HasText = "pia" })).ToBeInViewportAsync();
        await BrowserFixture.ScreenshotAsync(quinn, "members-phone");
        await quinn.GetByTestId("close-members").ClickAsync();
        await Expect(quinn.GetByTestId("members")).ToBeHiddenAsync();

        await pia.Context.CloseAsync();
        await quinn.Context.CloseAsync();
    }
}
