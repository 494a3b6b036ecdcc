using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Moderation;

/// <summary>The role editor creates and edits a role and gives it to a member; a channel override denying view_channels for the member hides the channel from them.</summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class RolesAndOverridesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task RoleEditorAssignsAColouredRole_AndAChannelOverrideHidesTheChannel()
    {
        var (owner, member) = await ChatPage.SetUpPairAsync(fixture, "modrole-owner", "modrole-member", "Roles Club");

        // Roles tab: create "Helpers", give it a colour and Pin messages.
        await owner.GetByTestId("community-settings").ClickAsync();
        await owner.GetByTestId("settings-tab-roles").ClickAsync();
        await owner.GetByTestId("role-new-name").FillAsync("Helpers");
        await owner.GetByTestId("role-create").ClickAsync();
        var role = owner.GetByTestId("role-item").Filter(new() { HasText = "Helpers" });
        await Expect(role).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await role.GetByTestId("role-edit").ClickAsync();
        await role.GetByTestId("role-color").FillAsync("#e91e63");
        await role.Locator("[data-flag=pin_messages]").CheckAsync();
        await role.GetByTestId("role-save").ClickAsync();
        await Expect(role.GetByTestId("role-form")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(owner.GetByTestId("role-error")).ToHaveCountAsync(0);
        await owner.GetByTestId("community-settings-close").ClickAsync();

        // The member menu's Roles checkboxes give it to the member.
        var row = owner.GetByTestId("member").Filter(new() { HasText = "modrole-member" });
        await row.ClickAsync(new() { Button = Microsoft.Playwright.MouseButton.Right });
        await owner.GetByTestId("member-menu-roles").ClickAsync();
        var box = owner.GetByTestId("member-role").And(owner.Locator("[data-role=Helpers]"));
        await box.CheckAsync();
        await Expect(box).ToBeCheckedAsync(new() { Timeout = 30_000 });
        await Expect(owner.GetByTestId("member-menu-error")).ToHaveCountAsync(0);
        await owner.GetByTestId("member-menu").GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Back" }).ClickAsync();
        await owner.GetByTestId("member-menu-close").ClickAsync();

        // A new channel, then an override for the member denying view_channels.
        await ChannelSteps.CreateChannelAsync(owner, "secret");
        await ChannelSteps.OpenSettingsAsync(owner, "secret");
        await owner.GetByTestId("override-target").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Label = "Member: modrole-member" });
        await owner.GetByTestId("override-add").ClickAsync();
        var item = owner.GetByTestId("override-item").Filter(new() { HasText = "modrole-member" });
        await item.Locator("[data-flag=view_channels]").SelectOptionAsync("deny");
        await Expect(item.Locator("[data-flag=view_channels]")).ToHaveValueAsync("deny", new() { Timeout = 30_000 });
        await Expect(owner.GetByTestId("override-error")).ToHaveCountAsync(0);

        // The member no longer lists #secret (it is hidden, not merely refused), and still lists #general.
        await member.ReloadAsync();
        await ChatPage.UnlockAsync(member);
        await Expect(member.GetByTestId("channel-link").Filter(new() { HasText = "general" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(member.GetByTestId("channel-link").Filter(new() { HasText = "secret" })).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await owner.Context.CloseAsync();
        await member.Context.CloseAsync();
    }
}
