using Chatalot.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>A reload and unlock bring back the same device, its sessions and the history this browser decrypted.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PersistenceTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ReloadAndUnlock_KeepsTheSameDevice_OldMessagesRender_AndSessionsContinue()
    {
        var (rita, remy) = await ChatPage.SetUpPairAsync(fixture, "rita", "remy", "Reload Club");
        await ChatPage.SendAsync(rita, "before the reload, from rita");
        await Expect(ChatPage.Message(remy, "before the reload, from rita")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(remy, "before the reload, from remy");
        await Expect(ChatPage.Message(rita, "before the reload, from remy")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var before = Assert.Single(await ServerView.DevicesOfAsync(fixture.Server.BaseUrl, "remy"));

        // Remy reloads; while his page is locked, rita writes (the client catches up from its saved cursor).
        await remy.ReloadAsync();
        await Expect(remy.GetByTestId("unlock-passphrase")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(rita, "while remy was locked");
        output.WriteLine($"unlock to ready (same device): {(await ChatPage.UnlockAsync(remy)).TotalMilliseconds:F0} ms");

        await Expect(remy.GetByTestId("channel-title")).ToHaveTextAsync("#general", new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(remy, "before the reload, from rita")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(remy, "before the reload, from remy")).ToBeVisibleAsync();
        await Expect(ChatPage.Message(remy, "while remy was locked")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // The server still lists exactly the one device: nothing new was published, nothing deleted.
        Assert.Equal([before], await ServerView.DevicesOfAsync(fixture.Server.BaseUrl, "remy"));

        // Both directions keep working on the existing sessions and sender keys.
        await ChatPage.SendAsync(rita, "after the reload, from rita");
        await Expect(ChatPage.Message(remy, "after the reload, from rita")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(remy, "after the reload, from remy");
        await Expect(ChatPage.Message(rita, "after the reload, from remy")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(remy.Locator(".message.undecryptable")).ToHaveCountAsync(0);
        await Expect(rita.Locator(".message.undecryptable")).ToHaveCountAsync(0);

        // What this browser keeps in IndexedDB is sealed: no message text, no key store in the clear.
        var stored = await remy.EvaluateAsync<string>(@"async () => {
            const db = await new Promise((ok, fail) => { const r = indexedDB.open('chatalot'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
            const dump = async name => new Promise(ok => { const out = []; const c = db.transaction(name).objectStore(name).openCursor();
                c.onsuccess = () => { const cur = c.result; if (!cur) { ok(out); return; }
                    const v = cur.value; const bytes = v instanceof Uint8Array ? v : (v && v.data) || new TextEncoder().encode(String(v));
                    out.push(cur.key + '=' + Array.from(bytes, b => String.fromCharCode(b)).join('')); cur.continue(); }; });
            const all = [...await dump('vault'), ...await dump('records'), ...await dump('messages')];
            db.close();
            return all.length + '\n' + all.join('\n');
        }");
        Assert.True(int.Parse(stored[..stored.IndexOf('\n', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture) > 10, "the device store and archive are in IndexedDB");
        foreach (var secret in new[] { "before the reload", "while remy was locked", "after the reload", "password-1234" })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        }

        await BrowserFixture.ScreenshotAsync(remy, "after-reload-remy");

        // A second tab of the same browser must not run the same device (both would advance the same ratchets).
        var secondTab = await remy.Context.NewPageAsync();
        await secondTab.GotoAsync("/");
        await Expect(secondTab.GetByTestId("unlock-passphrase")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await secondTab.GetByTestId("unlock-passphrase").FillAsync(ChatPage.Passphrase);
        await secondTab.GetByTestId("unlock-submit").ClickAsync();
        await Expect(secondTab.GetByRole(Microsoft.Playwright.AriaRole.Alert)).ToContainTextAsync("already open in another tab", new() { Timeout = 60_000 });
        await Expect(secondTab.GetByTestId("shell")).ToHaveCountAsync(0);
        await secondTab.CloseAsync();
        await rita.Context.CloseAsync();
        await remy.Context.CloseAsync();
    }

    [Fact]
    public async Task DeviceStoreRecords_SwappedInIndexedDb_AreRefusedAtUnlock()
    {
        var page = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(page, "tamsin");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("unlock-passphrase")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // Someone with access to the profile rotates the sealed values between records (each record is bound to its
        // own key, so a valid ciphertext under another key must not be accepted).
        var swapped = await page.EvaluateAsync<int>(@"async () => {
            const db = await new Promise((ok, fail) => { const r = indexedDB.open('chatalot'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
            const entries = await new Promise(ok => { const out = []; const c = db.transaction('records').objectStore('records').openCursor();
                c.onsuccess = () => { const cur = c.result; if (!cur) { ok(out); return; } out.push([cur.key, cur.value]); cur.continue(); }; });
            await new Promise((ok, fail) => { const tx = db.transaction('records', 'readwrite'); const store = tx.objectStore('records');
                entries.forEach(([key], i) => store.put(entries[(i + 1) % entries.length][1], key)); tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
            db.close();
            return entries.length;
        }");
        Assert.True(swapped > 50, $"the device store has a record per key ({swapped})");

        await page.GetByTestId("unlock-passphrase").FillAsync(ChatPage.Passphrase);
        await page.GetByTestId("unlock-submit").ClickAsync();
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Alert)).ToContainTextAsync("failed authentication", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("shell")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
