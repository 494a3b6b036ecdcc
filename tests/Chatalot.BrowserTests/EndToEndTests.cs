using System.Text;
using Chatalot.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class EndToEndTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoBrowsers_ExchangeChannelMessagesAndDms_InRealTime_WhileTheServerStoresNoPlaintext()
    {
        var alice = await fixture.NewPageAsync();
        var bob = await fixture.NewPageAsync();
        output.WriteLine($"register to ready: alice {(await ChatPage.RegisterAsync(alice, "alice")).TotalMilliseconds:F0} ms");
        output.WriteLine($"register to ready: bob {(await ChatPage.RegisterAsync(bob, "bob")).TotalMilliseconds:F0} ms");

        // Alice creates a community and an invite link; Bob opens the link.
        await ChatPage.CreateCommunityAsync(alice, "Secret Garden");
        await alice.GetByTestId("invite").ClickAsync();
        var link = await alice.GetByTestId("invite-link").GetAttributeAsync("href");
        Assert.NotNull(link);
        await bob.GotoAsync(link);
        await Expect(bob.GetByTestId("unlock-passphrase")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await bob.GetByTestId("unlock-passphrase").FillAsync(ChatPage.Passphrase);
        await bob.GetByTestId("unlock-submit").ClickAsync();
        await Expect(bob.GetByTestId("channel-title")).ToHaveTextAsync("#general", new() { Timeout = 90_000 });

        // Channel messages both ways, live over the gateway, with Markdown rendered.
        const string fromAlice = "Hello **Bob**, the tulips bloom at midnight";
        const string fromBob = "Hi Alice, I will bring the watering can";
        await Expect(alice.GetByTestId("member")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        var delivery = System.Diagnostics.Stopwatch.StartNew();
        await ChatPage.SendAsync(alice, fromAlice);
        await Expect(ChatPage.Message(bob, "the tulips bloom at midnight")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        // First channel message: includes the sender-key distribution to Bob's device over a fresh pairwise session.
        output.WriteLine($"first channel message, Enter to visible at Bob: {delivery.ElapsedMilliseconds} ms");
        await Expect(bob.Locator("[data-testid=message-body] strong", new() { HasText = "Bob" })).ToBeVisibleAsync();
        delivery.Restart();
        await ChatPage.SendAsync(bob, fromBob);
        await Expect(ChatPage.Message(alice, "I will bring the watering can")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        output.WriteLine($"Bob's first channel message, Enter to visible at Alice: {delivery.ElapsedMilliseconds} ms");
        delivery.Restart();
        await ChatPage.SendAsync(alice, "and a second one");
        await Expect(ChatPage.Message(bob, "and a second one")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        output.WriteLine($"later channel message, Enter to visible: {delivery.ElapsedMilliseconds} ms");
        await alice.GetByTestId("notice").GetByLabel("Dismiss").ClickAsync();
        await BrowserFixture.ScreenshotAsync(alice, "channel-alice");

        // A DM: Alice opens it from the member list, Bob sees it arrive and answers.
        const string dmFromAlice = "Psst, the gate code is 4711";
        const string dmFromBob = "Got it, burning this message";
        await alice.GetByTestId("member").Filter(new() { HasText = "bob" }).ClickAsync();
        await Expect(alice.GetByTestId("channel-title")).ToHaveTextAsync("@bob", new() { Timeout = 60_000 });
        await ChatPage.SendAsync(alice, dmFromAlice);
        await bob.GetByTestId("rail-dms").ClickAsync();
        await bob.GetByTestId("channel-link").Filter(new() { HasText = "alice" }).ClickAsync(new() { Timeout = 60_000 });
        await Expect(ChatPage.Message(bob, "the gate code is 4711")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(bob, dmFromBob);
        await Expect(ChatPage.Message(alice, "burning this message")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await BrowserFixture.ScreenshotAsync(bob, "dm-bob");

        // The safety number both see for each other is the same.
        await alice.GetByTestId("safety-number").ClickAsync();
        await bob.GetByTestId("safety-number").ClickAsync();
        var aliceDigits = await alice.GetByTestId("safety-digits").First.InnerTextAsync(new() { Timeout = 60_000 });
        var bobDigits = await bob.GetByTestId("safety-digits").First.InnerTextAsync(new() { Timeout = 60_000 });
        Assert.Equal(Digits(aliceDigits), Digits(bobDigits));
        Assert.Equal(60, Digits(aliceDigits).Length);

        // Alice marks Bob's device verified: his next message carries the verified lock.
        await alice.GetByTestId("mark-verified").First.ClickAsync();
        await Expect(alice.GetByTestId("verified").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await alice.GetByTestId("safety-dialog").GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await bob.GetByTestId("safety-dialog").GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await ChatPage.SendAsync(bob, "now you know it is me");
        var verified = alice.GetByTestId("message").Filter(new() { HasText = "now you know it is me" });
        await Expect(verified).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(verified.GetByTestId("lock")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bverified\b"));
        await Expect(alice.GetByTestId("message").Filter(new() { HasText = "burning this message" }).GetByTestId("lock")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("unverified"));

        // What the server keeps on disk: ciphertext only.
        foreach (var (file, bytes) in fixture.Server.ReadDataFiles())
        {
            foreach (var secret in new[] { "tulips bloom", "watering can", "gate code is 4711", "burning this message" })
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"{Path.GetFileName(file)} holds plaintext '{secret}'");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"{Path.GetFileName(file)} holds UTF-16 plaintext '{secret}'");
            }
        }

        await alice.Context.CloseAsync();
        await bob.Context.CloseAsync();
    }

    private static string Digits(string text) => new([.. text.Where(char.IsAsciiDigit)]);

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
