using Chatalot.BrowserTests.Infrastructure;
using Chatalot.Client;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// Search over this browser's decrypted history (the SDK's client-side index): messages from before a reload come
/// from the sealed archive, filters narrow them, a bad query says what is wrong, and a result jumps to its message,
/// loading older history from the archive when it is no longer in memory.
/// </summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class SearchTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task AfterReload_SearchFindsOldAndNewMessages_WithFilters_AndAResultJumpsToItsMessage()
    {
        var (cleo, dan) = await ChatPage.SetUpPairAsync(fixture, "cleo", "dan", "Search Party");
        await ChatPage.SendAsync(cleo, "the alpha release notes are ready");
        await Expect(ChatPage.Message(dan, "alpha release notes")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(dan, "beta deployment plan attached");
        await Expect(ChatPage.Message(cleo, "beta deployment plan")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // A bot buries those two under 60 more lines, so that after a reload they are no longer in the first page.
        var channel = Guid.Parse(dan.Url.Split('/')[^1]);
        await cleo.GetByTestId("invite").ClickAsync();
        var code = (await cleo.GetByTestId("invite-link").GetAttributeAsync("href"))!.Split('/')[^1];
        await using (var bot = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = fixture.Server.BaseUrl,
            Username = "search-bot",
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

            for (var i = 0; i < 60; i++)
            {
                await bot.SendAsync(new ChannelId(channel), $"filler line {i:D2}", CancellationToken.None);
            }

            await Expect(ChatPage.Message(dan, "filler line 59")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        }

        // Dan reloads: his index is rebuilt from the archive; new messages join it live.
        await dan.ReloadAsync();
        await ChatPage.UnlockAsync(dan);
        await Expect(dan.GetByTestId("search-box")).ToHaveAttributeAsync("data-indexing", "false", new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(dan, "alpha release notes")).ToHaveCountAsync(0);
        await ChatPage.SendAsync(dan, "gamma notes at https://example.org/gamma");
        await ChatPage.SendAsync(cleo, "delta notes after the reload");
        await Expect(ChatPage.Message(dan, "delta notes after the reload")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        var search = dan.GetByTestId("search-input");
        var hits = dan.GetByTestId("search-hit");
        async Task Expect_(string query, params string[] found)
        {
            await search.FillAsync(query);
            await Expect(dan.GetByTestId("search-summary")).ToHaveTextAsync(found.Length == 1 ? "1 result" : found.Length + " results", new() { Timeout = 30_000 });
            for (var i = 0; i < found.Length; i++)
            {
                await Expect(hits.Nth(i).GetByTestId("search-hit-snippet")).ToContainTextAsync(found[i]);
            }
        }

        // Ctrl+F focuses the box; old (archived) and new messages are both found, newest first, with highlights.
        await dan.GetByTestId("composer").FocusAsync();
        await dan.Keyboard.PressAsync("Control+f");
        await Expect(search).ToBeFocusedAsync();
        await Expect_("notes", "delta notes", "gamma notes", "alpha release notes");
        await Expect(hits.Nth(2).Locator("mark")).ToHaveTextAsync("notes");
        await Expect(hits.Nth(2).GetByTestId("search-hit-channel")).ToHaveTextAsync("#general");
        await Expect(hits.Nth(2).GetByTestId("search-hit-sender")).ToHaveTextAsync("cleo");
        await Expect_("from:cleo notes", "delta notes", "alpha release notes");
        await Expect_("has:link", "gamma notes");
        await Expect_("in:general deploym", "beta deployment plan");
        await Expect_("after:2000-01-01 before:2999-01-01 alpha", "alpha release notes");
        await search.FillAsync("before:2000-01-01 notes");
        await Expect(dan.GetByTestId("search-summary")).ToHaveTextAsync("0 results");

        // A malformed query says what is wrong, and where.
        await search.FillAsync("from: notes");
        await Expect(dan.GetByTestId("search-error")).ToContainTextAsync("A filter has no value");
        await search.FillAsync("has:banana");
        await Expect(dan.GetByTestId("search-error")).ToContainTextAsync("has: takes link, attachment, poll or mention");
        await search.FillAsync("\"release notes");
        await Expect(dan.GetByTestId("search-error")).ToContainTextAsync("A quote is not closed");
        await search.FillAsync("after:2025-13-45");
        await Expect(dan.GetByTestId("search-error")).ToContainTextAsync("That date is not valid");

        // Clicking a result of a message only in the archive loads it and shows it, flashing.
        await Expect_("alpha", "alpha release notes");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await hits.First.ClickAsync();
        var target = dan.Locator("[data-testid=message]", new() { HasText = "alpha release notes" });
        await Expect(target).ToBeInViewportAsync(new() { Timeout = 30_000 });
        output.WriteLine($"jump to an archived message: {clock.ElapsedMilliseconds} ms");
        await Expect(target).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("flash"));
        await Expect(dan.GetByTestId("search-results")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(dan, "search-jumped");

        // Ctrl+Shift+F starts a search in this channel.
        await dan.GetByTestId("composer").FocusAsync();
        await dan.Keyboard.PressAsync("Control+Shift+F");
        await Expect(search).ToBeFocusedAsync();
        await Expect(search).ToHaveValueAsync("in:#general ");
        await search.PressSequentiallyAsync("filler line 07");
        await Expect(dan.GetByTestId("search-summary")).ToHaveTextAsync("1 result", new() { Timeout = 30_000 });
        await search.PressAsync("Enter");
        await Expect(dan.Locator("[data-testid=message]", new() { HasText = "filler line 07" })).ToBeInViewportAsync(new() { Timeout = 30_000 });

        // A result in another conversation opens it first (the shell navigates; the list there takes the jump).
        await dan.GetByTestId("member").Filter(new() { HasText = "cleo" }).ClickAsync();
        await Expect(dan.GetByTestId("channel-title")).ToHaveTextAsync("@cleo", new() { Timeout = 60_000 });
        await ChatPage.SendAsync(dan, "epsilon stays between us");
        await dan.GetByTestId("rail-dms").ClickAsync();
        await dan.Locator("nav.rail button[title='Search Party']").ClickAsync();
        await Expect(dan.GetByTestId("channel-title")).ToHaveTextAsync("#general", new() { Timeout = 30_000 });
        await search.FillAsync("epsilon");
        await Expect(hits.First.GetByTestId("search-hit-channel")).ToHaveTextAsync("@cleo", new() { Timeout = 30_000 });
        await hits.First.ClickAsync();
        await Expect(dan.GetByTestId("channel-title")).ToHaveTextAsync("@cleo", new() { Timeout = 30_000 });
        var inDm = dan.Locator("[data-testid=message]", new() { HasText = "epsilon stays between us" });
        await Expect(inDm).ToBeInViewportAsync(new() { Timeout = 30_000 });
        await Expect(inDm).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("flash"));

        // A jump to a message this browser never had (sent before its device existed) says so (the request goes
        // through the Debug-only hook, as a reply quote of such a message would).
        if (await cleo.EvaluateAsync<bool>("() => !!window.chatalotTestHooks"))
        {
            await cleo.EvaluateAsync("([c, m]) => window.chatalotTestHooks.invokeMethodAsync('RequestJump', c, m)", new[] { channel.ToString(), Guid.CreateVersion7().ToString() });
            await Expect(cleo.GetByTestId("jump-notice")).ToContainTextAsync("not in this browser's history");
        }
        else
        {
            output.WriteLine("The unknown-message jump is not checked: this build has no test hooks (Release).");
        }
        await cleo.Context.CloseAsync();
        await dan.Context.CloseAsync();
    }
}
