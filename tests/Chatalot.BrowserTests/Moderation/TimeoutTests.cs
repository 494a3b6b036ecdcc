using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Moderation;

/// <summary>A time-out from the member menu: the member shows a badge, and the timed-out member's composer says until when and is disabled.</summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class TimeoutTests(BrowserFixture fixture)
{
    [Fact]
    public async Task OwnerTimesOutAMember_ComposerSaysUntilWhenAndIsDisabled()
    {
        var (owner, member) = await ChatPage.SetUpPairAsync(fixture, "modto-owner", "modto-member", "Timeout Club");
        await ChatPage.SendAsync(member, "before the time-out");
        await member.GetByTestId("composer").FillAsync("typed before the time-out");

        var row = owner.GetByTestId("member").Filter(new() { HasText = "modto-member" });
        await row.ClickAsync(new() { Button = Microsoft.Playwright.MouseButton.Right });
        await owner.GetByTestId("member-menu-timeout").ClickAsync();
        await owner.GetByTestId("timeout-3600").ClickAsync();
        await owner.GetByTestId("timeout-reason").FillAsync("cool down");
        await owner.GetByTestId("member-timeout-confirm").ClickAsync();
        await Expect(row.GetByTestId("timed-out-badge")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The member's open tab learns it from member_updated (LiveModerationTests): the composer says until when, keeps
        // the text typed so far, and is disabled.
        await Expect(member.GetByTestId("timed-out")).ToContainTextAsync("You are timed out until", new() { Timeout = 30_000 });
        await Expect(member.GetByTestId("composer")).ToBeDisabledAsync();
        await Expect(member.GetByTestId("composer")).ToHaveValueAsync("typed before the time-out");
        await BrowserFixture.ScreenshotAsync(member, "moderation-timed-out");

        // Removing the time-out from the menu clears the badge.
        await row.ClickAsync(new() { Button = Microsoft.Playwright.MouseButton.Right });
        await owner.GetByTestId("member-menu-untimeout").ClickAsync();
        await Expect(row.GetByTestId("timed-out-badge")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await owner.Context.CloseAsync();
        await member.Context.CloseAsync();
    }
}
