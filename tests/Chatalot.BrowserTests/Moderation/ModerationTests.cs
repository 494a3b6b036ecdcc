using Chatalot.BrowserTests.Infrastructure;
using Chatalot.Client;
using Chatalot.Protocol.Content;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Moderation;

/// <summary>
/// Moderation in the web app (issue 14): a member reports a message in the UI (after a reload, from the opening kept in
/// the sealed archive), the owner's Reports tab shows the text the server verified, resolving it lands in the audit log;
/// kick and ban reach the victim's open tab at once.
/// </summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class ModerationTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task MemberReportsAfterReload_OwnerSeesVerifiedText_ResolvesIt_AuditLogShowsIt()
    {
        var (owner, member) = await ChatPage.SetUpPairAsync(fixture, "modrep-owner", "modrep-member", "Report Club");
        await using var spammer = await ChannelSteps.BotAsync(fixture, owner, "modrep-spammer");
        await Expect(owner.GetByTestId("member")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        var channel = ChannelSteps.OpenChannelId(member);
        await spammer.SendAsync(new ChannelId(channel), MessageContent.CreateText("buy cheap watches at example.invalid"), CancellationToken.None);
        await Expect(ChatPage.Message(member, "buy cheap watches")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // Own messages have no Report action; others' do.
        await ChatPage.SendAsync(member, "my own words");
        var own = member.GetByTestId("message").Filter(new() { Has = ChatPage.Message(member, "my own words") });
        await own.HoverAsync();
        await Expect(own.GetByTestId("bookmark")).ToBeVisibleAsync();
        await Expect(own.GetByTestId("report")).ToHaveCountAsync(0);

        // The member reloads: the message comes back from the archive with its opening, and is still reportable.
        await member.ReloadAsync();
        await ChatPage.UnlockAsync(member);
        var spam = member.GetByTestId("message").Filter(new() { Has = ChatPage.Message(member, "buy cheap watches") });
        await Expect(spam).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await spam.HoverAsync();
        await spam.GetByTestId("report").ClickAsync();
        await member.GetByTestId("report-reason-spam").CheckAsync();
        await member.GetByTestId("report-note").FillAsync("keeps posting this");
        await member.GetByTestId("report-submit").ClickAsync();
        await Expect(member.GetByTestId("report-done")).ToHaveTextAsync("Reported: moderators can verify exactly this message.", new() { Timeout = 30_000 });
        await member.GetByTestId("report-close").ClickAsync();

        // The owner's Reports tab: the verified text, sender, reporter, reason and note.
        await owner.GetByTestId("community-settings").ClickAsync();
        await owner.GetByTestId("settings-tab-reports").ClickAsync();
        var report = owner.GetByTestId("report-item");
        await Expect(report).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(report.GetByTestId("report-text")).ToHaveTextAsync("buy cheap watches at example.invalid");
        await Expect(report.GetByTestId("report-sender")).ToHaveTextAsync("modrep-spammer");
        await Expect(report.GetByTestId("report-reporter")).ToHaveTextAsync("modrep-member");
        await Expect(report.GetByTestId("report-reason")).ToHaveTextAsync("Spam");
        await Expect(report.GetByTestId("report-note-shown")).ToContainTextAsync("keeps posting this");
        await BrowserFixture.ScreenshotAsync(owner, "moderation-report-queue");

        await report.GetByTestId("report-resolve").ClickAsync();
        await Expect(owner.GetByTestId("report-none")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await owner.GetByTestId("report-filter-resolved").ClickAsync();
        await Expect(owner.GetByTestId("report-item")).ToHaveAttributeAsync("data-status", "resolved", new() { Timeout = 30_000 });

        // The audit log records who resolved it and whom it was about.
        await owner.GetByTestId("settings-tab-audit").ClickAsync();
        var entry = owner.GetByTestId("audit-entry").First;
        await Expect(entry).ToHaveAttributeAsync("data-action", "report_resolved", new() { Timeout = 30_000 });
        await Expect(entry.GetByTestId("audit-actor")).ToHaveTextAsync("modrep-owner");
        await BrowserFixture.ScreenshotAsync(owner, "moderation-audit-log");
        output.WriteLine("report verified, resolved and audited");
        await owner.Context.CloseAsync();
        await member.Context.CloseAsync();
    }

    [Fact]
    public async Task KickAndBan_ReachTheVictimsOpenTabAtOnce()
    {
        var (owner, victim) = await ChatPage.SetUpPairAsync(fixture, "modkick-owner", "modkick-victim", "Kick Club");
        await Expect(victim.GetByTestId("rail-community")).ToHaveCountAsync(1);

        // A member has no moderation actions on the owner.
        var ownerRow = victim.GetByTestId("member").Filter(new() { HasText = "modkick-owner" });
        await ownerRow.ClickAsync(new() { Button = Microsoft.Playwright.MouseButton.Right });
        await Expect(victim.GetByTestId("member-menu")).ToBeVisibleAsync();
        await Expect(victim.GetByTestId("member-menu-profile")).ToBeVisibleAsync();
        await Expect(victim.GetByTestId("member-menu-kick")).ToHaveCountAsync(0);
        await victim.GetByTestId("member-menu-close").ClickAsync();

        // Kick, from the "…" button on the member.
        var row = owner.GetByTestId("member").Filter(new() { HasText = "modkick-victim" });
        await row.HoverAsync();
        await row.GetByTestId("member-more").ClickAsync();
        await owner.GetByTestId("member-menu-kick").ClickAsync();
        await owner.GetByTestId("member-kick-confirm").ClickAsync();
        await Expect(owner.GetByTestId("member")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        await Expect(victim.GetByTestId("moderation-notice")).ToContainTextAsync("removed from Kick Club", new() { Timeout = 30_000 });
        await Expect(victim.GetByTestId("rail-community")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(victim, "moderation-kicked");

        // Back with a new invite, then banned with a reason: gone again at once, and the invite no longer lets them in.
        await owner.GetByTestId("invite").ClickAsync();
        var link = await owner.GetByTestId("invite-link").GetAttributeAsync("href") ?? throw new InvalidOperationException("No invite link.");
        await owner.GetByTestId("notice").GetByLabel("Dismiss").ClickAsync();
        await victim.GotoAsync(link);
        await ChatPage.UnlockAsync(victim);
        await Expect(victim.GetByTestId("rail-community")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(owner.GetByTestId("member")).ToHaveCountAsync(2, new() { Timeout = 60_000 });

        await owner.GetByTestId("member").Filter(new() { HasText = "modkick-victim" }).ClickAsync(new() { Button = Microsoft.Playwright.MouseButton.Right });
        await owner.GetByTestId("member-menu-ban").ClickAsync();
        await owner.GetByTestId("ban-reason").FillAsync("spam after a kick");
        await owner.GetByTestId("member-ban-confirm").ClickAsync();
        await Expect(victim.GetByTestId("moderation-notice")).ToContainTextAsync("banned from Kick Club", new() { Timeout = 30_000 });
        await Expect(victim.GetByTestId("rail-community")).ToHaveCountAsync(0);

        // The owner's Bans tab lists the ban with its reason.
        await owner.GetByTestId("community-settings").ClickAsync();
        await owner.GetByTestId("settings-tab-bans").ClickAsync();
        await Expect(owner.GetByTestId("ban-item")).ToContainTextAsync("spam after a kick", new() { Timeout = 30_000 });
        await owner.Context.CloseAsync();
        await victim.Context.CloseAsync();
    }
}
