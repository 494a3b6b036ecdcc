using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Moderation;

/// <summary>
/// Moderation reaches an idle open tab at once (issue 14, "every action applies at once to live gateway sessions"): a
/// time-out disables the member's composer without them trying to send, and its removal or its end re-enables it; a role granting
/// a flag makes its action appear without a reload; a channel override denying view takes the channel out of the
/// member's sidebar, and removing it brings the channel back.
/// </summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class LiveModerationTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TimeOut_DisablesTheIdleMembersComposerAtOnce_AndItsRemovalOrItsEndReEnablesIt()
    {
        var (owner, member) = await ChatPage.SetUpPairAsync(fixture, "livto-owner", "livto-member", "Live Timeout Club");
        var composer = member.GetByTestId("composer");
        await Expect(composer).ToBeEnabledAsync();

        var row = owner.GetByTestId("member").Filter(new() { HasText = "livto-member" });
        await row.ClickAsync(new() { Button = Microsoft.Playwright.MouseButton.Right });
        await owner.GetByTestId("member-menu-timeout").ClickAsync();
        await owner.GetByTestId("timeout-3600").ClickAsync();
        await owner.GetByTestId("member-timeout-confirm").ClickAsync();

        // The member does nothing: member_updated alone disables the composer and says until when.
        await Expect(composer).ToBeDisabledAsync(new() { Timeout = 30_000 });
        await Expect(member.GetByTestId("timed-out")).ToContainTextAsync("You are timed out until", new() { Timeout = 30_000 });
        await Expect(member.GetByTestId("member").Filter(new() { HasText = "livto-member" }).GetByTestId("timed-out-badge")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(member, "moderation-timed-out-live");

        await row.ClickAsync(new() { Button = Microsoft.Playwright.MouseButton.Right });
        await owner.GetByTestId("member-menu-untimeout").ClickAsync();
        await Expect(composer).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await Expect(member.GetByTestId("timed-out")).ToHaveCountAsync(0);
        await Expect(member.GetByTestId("member").Filter(new() { HasText = "livto-member" }).GetByTestId("timed-out-badge")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // And the member can send again.
        await ChatPage.SendAsync(member, "back after the time-out");
        await Expect(ChatPage.Message(owner, "back after the time-out")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // A short time-out ends by itself: nobody acts, and the composer and the badges follow its end time.
        await row.ClickAsync(new() { Button = Microsoft.Playwright.MouseButton.Right });
        await owner.GetByTestId("member-menu-timeout").ClickAsync();
        await owner.GetByTestId("timeout-60").ClickAsync();
        await owner.GetByTestId("member-timeout-confirm").ClickAsync();
        await Expect(composer).ToBeDisabledAsync(new() { Timeout = 30_000 });
        await Expect(row.GetByTestId("timed-out-badge")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(composer).ToBeEnabledAsync(new() { Timeout = 120_000 });
        await Expect(member.GetByTestId("timed-out")).ToHaveCountAsync(0);
        await Expect(row.GetByTestId("timed-out-badge")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await owner.Context.CloseAsync();
        await member.Context.CloseAsync();
    }

    [Fact]
    public async Task RoleGrantingPinMessages_ShowsThePinActionInTheMembersOpenTab_WithoutAReload()
    {
        var (owner, member) = await ChatPage.SetUpPairAsync(fixture, "livrole-owner", "livrole-member", "Live Roles Club");
        await ChatPage.SendAsync(owner, "worth pinning");
        var message = member.GetByTestId("message").Filter(new() { Has = ChatPage.Message(member, "worth pinning") });
        await Expect(message).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await message.HoverAsync();
        await Expect(message.GetByTestId("bookmark")).ToBeVisibleAsync();
        await Expect(message.GetByTestId("pin")).ToHaveCountAsync(0);

        // The owner creates "Pinners" with pin_messages and gives it to the member.
        await owner.GetByTestId("community-settings").ClickAsync();
        await owner.GetByTestId("settings-tab-roles").ClickAsync();
        await owner.GetByTestId("role-new-name").FillAsync("Pinners");
        await owner.GetByTestId("role-create").ClickAsync();
        var role = owner.GetByTestId("role-item").Filter(new() { HasText = "Pinners" });
        await Expect(role).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await role.GetByTestId("role-edit").ClickAsync();
        await role.GetByTestId("role-color").FillAsync("#e91e63");
        await role.Locator("[data-flag=pin_messages]").CheckAsync();
        await role.GetByTestId("role-save").ClickAsync();
        await Expect(role.GetByTestId("role-form")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await owner.GetByTestId("community-settings-close").ClickAsync();

        var row = owner.GetByTestId("member").Filter(new() { HasText = "livrole-member" });
        await row.ClickAsync(new() { Button = Microsoft.Playwright.MouseButton.Right });
        await owner.GetByTestId("member-menu-roles").ClickAsync();
        var box = owner.GetByTestId("member-role").And(owner.Locator("[data-role=Pinners]"));
        await box.CheckAsync();
        await Expect(box).ToBeCheckedAsync(new() { Timeout = 30_000 });
        await owner.GetByTestId("member-menu").GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Back" }).ClickAsync();
        await owner.GetByTestId("member-menu-close").ClickAsync();

        // The member's tab, untouched: its name takes the role's colour and the message offers Pin.
        var self = member.GetByTestId("member").Filter(new() { HasText = "livrole-member" }).GetByTestId("member-name").Locator("span").First;
        await Expect(self).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("#e91e63"), new() { Timeout = 30_000 });
        await message.HoverAsync();
        await Expect(message.GetByTestId("pin")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await owner.Context.CloseAsync();
        await member.Context.CloseAsync();
    }

    [Fact]
    public async Task ChannelOverrideDenyingView_RemovesTheChannelFromTheMembersSidebarLive_AndRemovingItBringsItBack()
    {
        var (owner, member) = await ChatPage.SetUpPairAsync(fixture, "livov-owner", "livov-member", "Live Overrides Club");
        await ChannelSteps.CreateChannelAsync(owner, "backstage");
        var backstage = member.GetByTestId("channel-link").Filter(new() { HasText = "backstage" });
        await Expect(backstage).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await ChannelSteps.OpenSettingsAsync(owner, "backstage");
        await owner.GetByTestId("override-target").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Label = "Member: livov-member" });
        await owner.GetByTestId("override-add").ClickAsync();
        var item = owner.GetByTestId("override-item").Filter(new() { HasText = "livov-member" });
        await item.Locator("[data-flag=view_channels]").SelectOptionAsync("deny");
        await Expect(item.Locator("[data-flag=view_channels]")).ToHaveValueAsync("deny", new() { Timeout = 30_000 });

        // No reload: overrides_updated re-lists the member's channels.
        await Expect(backstage).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(member.GetByTestId("channel-link").Filter(new() { HasText = "general" })).ToBeVisibleAsync();

        await item.GetByTestId("override-remove").ClickAsync();
        await Expect(owner.GetByTestId("override-item").Filter(new() { HasText = "livov-member" })).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(backstage).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await owner.Context.CloseAsync();
        await member.Context.CloseAsync();
    }
}
