using Chatalot.BrowserTests.Infrastructure;
using static Chatalot.BrowserTests.Conversations.MessageSteps;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Conversations;

/// <summary>Reactions: the picker (search, recent), chips with counts and who reacted, toggling, the 20-emoji limit.</summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class ReactionsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Reactions_CountLiveForBoth_ToggleOnClick_ShowWhoReacted_RememberRecentEmoji_AndStopAt20()
    {
        var (cleo, dan) = await ChatPage.SetUpPairAsync(fixture, "rhea", "sami", "Reaction Club");
        await ChatPage.SendAsync(cleo, "Lunch at noon?");
        var onDan = InChannel(dan, "Lunch at noon?");
        var onCleo = InChannel(cleo, "Lunch at noon?");
        await Expect(onDan).ToBeVisibleAsync(Slow);

        // Dan reacts through the picker's search; both see one 🎉, highlighted as his own on his side only.
        await ReactAsync(onDan, "tada");
        await Expect(Chip(onDan, "🎉").GetByTestId("reaction-count")).ToHaveTextAsync("1");
        await Expect(Chip(onDan, "🎉")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Chip(onCleo, "🎉").GetByTestId("reaction-count")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await Expect(Chip(onCleo, "🎉")).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(Chip(onCleo, "🎉")).ToHaveAttributeAsync("title", "🎉 by sami");

        // Cleo clicks the chip: two, both named; clicking again takes hers back.
        await Chip(onCleo, "🎉").ClickAsync();
        await Expect(Chip(onCleo, "🎉").GetByTestId("reaction-count")).ToHaveTextAsync("2");
        await Expect(Chip(onDan, "🎉").GetByTestId("reaction-count")).ToHaveTextAsync("2", new() { Timeout = 60_000 });
        await Expect(Chip(onDan, "🎉")).ToHaveAttributeAsync("title", "🎉 by sami, rhea");
        await Chip(onCleo, "🎉").ClickAsync();
        await Expect(Chip(onDan, "🎉").GetByTestId("reaction-count")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await Expect(Chip(onCleo, "🎉")).ToHaveAttributeAsync("aria-pressed", "false");

        // Dan's picker now offers 🎉 among his recent emoji (kept per account in local storage).
        await ActAsync(onDan, "react");
        await Expect(onDan.GetByTestId("emoji-recent")).ToContainTextAsync("🎉");
        // The search matches any word of a shortcode's name, not only its start.
        await onDan.GetByTestId("emoji-search").FillAsync("heart");
        await Expect(onDan.Locator("[data-testid=emoji-option][data-shortcode='broken_heart']")).ToBeVisibleAsync();
        await onDan.GetByTestId("emoji-search").PressAsync("Escape");
        await Expect(onDan.GetByTestId("emoji-picker")).ToHaveCountAsync(0);

        // Up to 20 different emoji on one message; the 21st is refused with a clear message and nothing is sent.
        await ActAsync(onDan, "react");
        await onDan.GetByTestId("emoji-search").FillAsync("c");
        var options = onDan.GetByTestId("emoji-results").GetByTestId("emoji-option");
        await Expect(options.First).ToBeVisibleAsync();
        var candidates = new List<(string Shortcode, string Emoji)>();
        foreach (var option in await options.AllAsync())
        {
            var emoji = await option.InnerTextAsync();
            if (emoji != "🎉" && candidates.All(c => c.Emoji != emoji))
            {
                candidates.Add((await option.GetAttributeAsync("data-shortcode") ?? "", emoji));
            }
        }

        await onDan.GetByTestId("emoji-search").PressAsync("Escape");
        Assert.True(candidates.Count >= 20, "enough distinct emoji start with c");
        for (var i = 0; i < 19; i++)
        {
            await ReactAsync(onDan, candidates[i].Shortcode);
            await Expect(onDan.GetByTestId("reaction")).ToHaveCountAsync(i + 2);
        }

        await ReactAsync(onDan, candidates[19].Shortcode);
        await Expect(onDan.GetByTestId("message-error")).ToContainTextAsync("at most 20 different reactions");
        await Expect(onDan.GetByTestId("reaction")).ToHaveCountAsync(20);
        await Expect(onCleo.GetByTestId("reaction")).ToHaveCountAsync(20, new() { Timeout = 60_000 });
        await BrowserFixture.ScreenshotAsync(cleo, "reactions-rhea");
        await cleo.Context.CloseAsync();
        await dan.Context.CloseAsync();
    }

    [Fact]
    public async Task AfterAReload_ReactionsPollsAndThreadCounts_AreStillThere_AndNewOnesAddToThem()
    {
        var (kim, leo) = await ChatPage.SetUpPairAsync(fixture, "kit", "lev", "Reload Reactions");
        await ChatPage.SendAsync(leo, "Kept across reloads");
        var onKim = InChannel(kim, "Kept across reloads");
        await Expect(onKim).ToBeVisibleAsync(Slow);

        // Before the reload: Kim reacts 👍, Leo 🎉; Kim opens a poll and votes; Leo answers in a thread.
        await ReactAsync(onKim, "+1");
        await ReactAsync(InChannel(leo, "Kept across reloads"), "tada");
        await Expect(Chip(onKim, "🎉")).ToBeVisibleAsync(Slow);
        await kim.GetByTestId("open-poll").ClickAsync();
        await kim.GetByTestId("poll-question-input").FillAsync("Tea or coffee?");
        await kim.GetByTestId("poll-option-input").Nth(0).FillAsync("Tea");
        await kim.GetByTestId("poll-option-input").Nth(1).FillAsync("Coffee");
        await kim.GetByTestId("poll-create").ClickAsync();
        var kimPoll = kim.GetByTestId("messages").GetByTestId("poll");
        await kimPoll.GetByTestId("poll-option").Nth(0).ClickAsync();
        await Expect(kimPoll.GetByTestId("poll-count").Nth(0)).ToHaveTextAsync("1");
        await Expect(leo.GetByTestId("messages").GetByTestId("poll").GetByTestId("poll-count").Nth(0)).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await ActAsync(InChannel(leo, "Kept across reloads"), "thread");
        await leo.GetByTestId("thread-composer").FillAsync("A thread reply to keep");
        await leo.GetByTestId("thread-composer").PressAsync("Enter");
        // "by lev" needs the reply itself, decrypted and archived (the count alone may come first, from the server).
        await Expect(onKim.GetByTestId("thread-summary")).ToContainTextAsync("1 reply", new() { Timeout = 60_000 });
        await Expect(onKim.GetByTestId("thread-summary")).ToContainTextAsync("by lev", new() { Timeout = 60_000 });

        // Kim reloads and unlocks: the SDK's model is rebuilt from her sealed archive.
        await kim.ReloadAsync();
        await ChatPage.UnlockAsync(kim);
        await Expect(onKim).ToBeVisibleAsync(Slow);
        await Expect(Chip(onKim, "👍").GetByTestId("reaction-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Expect(Chip(onKim, "👍")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Chip(onKim, "🎉").GetByTestId("reaction-count")).ToHaveTextAsync("1");
        await Expect(onKim.GetByTestId("thread-summary")).ToContainTextAsync("1 reply");
        kimPoll = kim.GetByTestId("messages").GetByTestId("poll");
        await Expect(kimPoll.GetByTestId("poll-question")).ToHaveTextAsync("Tea or coffee?");
        await Expect(kimPoll.GetByTestId("poll-count").Nth(0)).ToHaveTextAsync("1");

        // New reactions and votes from Leo count on top of the restored ones.
        await ReactAsync(InChannel(leo, "Kept across reloads"), "+1");
        await Expect(Chip(onKim, "👍").GetByTestId("reaction-count")).ToHaveTextAsync("2", new() { Timeout = 60_000 });
        await leo.GetByTestId("messages").GetByTestId("poll").GetByTestId("poll-option").Nth(0).ClickAsync();
        await Expect(kimPoll.GetByTestId("poll-count").Nth(0)).ToHaveTextAsync("2", new() { Timeout = 60_000 });
        await Expect(kimPoll.GetByTestId("poll-voters")).ToHaveTextAsync("2 voters");

        // The thread's reply comes back from the archive too, and nothing of it is readable in IndexedDB.
        await onKim.GetByTestId("thread-summary").ClickAsync();
        await Expect(kim.GetByTestId("thread-replies")).ToContainTextAsync("A thread reply to keep");
        var stored = await kim.EvaluateAsync<string>(@"async () => {
            const db = await new Promise((ok, fail) => { const r = indexedDB.open('chatalot'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
            const out = await new Promise(ok => { const all = []; const c = db.transaction('messages').objectStore('messages').openCursor();
                c.onsuccess = () => { const cur = c.result; if (!cur) { ok(all); return; }
                    all.push(cur.key + '=' + Array.from(cur.value.data, b => String.fromCharCode(b)).join('')); cur.continue(); }; });
            db.close();
            return out.length + '\n' + out.join('\n');
        }");
        Assert.True(int.Parse(stored[..stored.IndexOf('\n', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture) >= 6, "messages and conversation log are archived");
        foreach (var secret in new[] { "Kept across reloads", "Tea or coffee", "Coffee", "A thread reply to keep", "👍", "🎉" })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        }

        // Kim's own toggle still knows her restored reaction: one click takes it back.
        await Chip(onKim, "👍").ClickAsync();
        await Expect(Chip(InChannel(leo, "Kept across reloads"), "👍").GetByTestId("reaction-count")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await kim.Context.CloseAsync();
        await leo.Context.CloseAsync();
    }
}
