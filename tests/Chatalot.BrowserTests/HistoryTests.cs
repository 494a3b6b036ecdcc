using Chatalot.BrowserTests.Infrastructure;
using Chatalot.Client;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>History after a reload comes from the browser's sealed archive, a page at a time as the reader scrolls up.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HistoryTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const int Count = 75;

    [Fact]
    public async Task AfterReload_ScrollingUp_LoadsOlderPagesFromTheArchive()
    {
        var page = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(page, "hana");
        await ChatPage.CreateCommunityAsync(page, "Long Story");
        await page.GetByTestId("invite").ClickAsync();
        var code = (await page.GetByTestId("invite-link").GetAttributeAsync("href"))!.Split('/')[^1];
        var channel = Guid.Parse(page.Url.Split('/')[^1]);

        // A bot with the SDK writes a long conversation; the browser decrypts it live.
        await using (var bot = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = fixture.Server.BaseUrl,
            Username = "history-bot",
            Password = "password-1234",
            RegisterIfMissing = true,
        }))
        {
            await bot.ConnectAsync(CancellationToken.None);
            var community = await bot.Rest.AcceptInviteAsync(code, CancellationToken.None);
            foreach (var group in await bot.Rest.GetGroupsAsync(new CommunityId(community.CommunityId), CancellationToken.None))
            {
                await bot.Rest.JoinGroupAsync(new GroupId(group.Id), CancellationToken.None);
            }

            for (var i = 0; i < Count; i++)
            {
                await bot.SendAsync(new ChannelId(channel), $"line {i:D3} of the story", CancellationToken.None);
            }

            await Expect(ChatPage.Message(page, $"line {Count - 1:D3} of the story")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        }

        // The archive is written as messages are shown; a reload within moments of the last one is a known limit
        // (web.md), not what this test is about, so wait until all of them are sealed in IndexedDB first.
        await page.WaitForFunctionAsync(@"async count => {
            const db = await new Promise((ok, fail) => { const r = indexedDB.open('chatalot'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
            const stored = await new Promise(ok => { const c = db.transaction('messages').objectStore('messages').count(); c.onsuccess = () => ok(c.result); });
            db.close();
            return stored >= count;
        }", Count, new() { Timeout = 60_000, PollingInterval = 200 });

        // After a reload only the newest page is read from IndexedDB; scrolling to the top brings the rest.
        await page.ReloadAsync();
        await ChatPage.UnlockAsync(page);
        await Expect(ChatPage.Message(page, $"line {Count - 1:D3} of the story")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(page, "line 000 of the story")).ToHaveCountAsync(0);
        var messages = page.GetByTestId("messages");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 0; attempt < 10 && await ChatPage.Message(page, "line 000 of the story").CountAsync() == 0; attempt++)
        {
            await messages.EvaluateAsync("el => el.scrollTop = 0");
            await Task.Delay(300);
        }

        await Expect(ChatPage.Message(page, "line 000 of the story")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        output.WriteLine($"scrolled back through {Count} archived messages in {clock.ElapsedMilliseconds} ms");
        await Expect(page.GetByTestId("message").Filter(new() { HasText = "of the story" })).ToHaveCountAsync(Count);
        await Expect(page.GetByTestId("load-earlier")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("composer")).ToBeInViewportAsync();
        await BrowserFixture.ScreenshotAsync(page, "history-scrolled-up");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ComposerShortcuts_FormatTheSelection_AndLogoutForgetsThisBrowser()
    {
        var page = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(page, "fern");
        await ChatPage.CreateCommunityAsync(page, "Format Club");
        var composer = page.GetByTestId("composer");
        foreach (var (key, expected) in new[] { ("Control+b", "**word**"), ("Control+i", "*word*"), ("Control+e", "`word`"), ("Control+`", "`word`") })
        {
            await composer.FillAsync("word");
            await composer.SelectTextAsync();
            await composer.PressAsync(key);
            await Expect(composer).ToHaveValueAsync(expected);
        }

        await composer.FillAsync("plain ");
        await composer.PressAsync("Control+b");
        await composer.PressSequentiallyAsync("bold");
        await composer.PressAsync("End");
        await composer.PressSequentiallyAsync(" and ");
        await composer.PressAsync("Control+e");
        await composer.PressSequentiallyAsync("code");
        await composer.PressAsync("End");
        await composer.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=message-body] strong", new() { HasText = "bold" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=message-body] code", new() { HasText = "code" })).ToBeVisibleAsync();

        // Log out: back to sign-in, the device is retired on the server, and after a reload nothing of this account is
        // left to unlock.
        Assert.Single(await ServerView.DevicesOfAsync(fixture.Server.BaseUrl, "fern"));
        await page.GetByTestId("open-settings").ClickAsync();
        await page.GetByTestId("logout").ClickAsync();
        await Expect(page.GetByTestId("auth-submit")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ReloadAsync();
        await Expect(page.GetByTestId("auth-submit")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("unlock-passphrase")).ToHaveCountAsync(0);
        var left = await page.EvaluateAsync<int>(@"async () => {
            const db = await new Promise((ok, fail) => { const r = indexedDB.open('chatalot'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
            const count = name => new Promise(ok => { const c = db.transaction(name).objectStore(name).count(); c.onsuccess = () => ok(c.result); });
            const total = await count('vault') + await count('records') + await count('messages');
            db.close();
            return total;
        }");
        Assert.Equal(0, left);
        Assert.Empty(await ServerView.DevicesOfAsync(fixture.Server.BaseUrl, "fern"));
        await page.Context.CloseAsync();
    }
}
