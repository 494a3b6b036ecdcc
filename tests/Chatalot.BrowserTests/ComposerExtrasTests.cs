using Chatalot.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// The composer's extras between two people: @mentions with autocomplete (and @everyone only for those the community
/// allows), emoji shortcodes, slash commands, spoilers and highlighted code, as the other person sees them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ComposerExtrasTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task MentionsShortcodesSpoilersCommandsAndCode_ReachTheOtherBrowser_Rendered()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (owner, guest) = await ChatPage.SetUpPairAsync(fixture, "mira", "nico", "Extras Club");
        output.WriteLine($"pair set up in {clock.ElapsedMilliseconds} ms");
        var composer = owner.GetByTestId("composer");
        var popup = owner.GetByTestId("autocomplete");
        var options = owner.GetByTestId("autocomplete-option");

        // @ opens the members; Enter takes the highlighted one.
        await composer.PressSequentiallyAsync("hey @ni");
        await Expect(popup).ToBeVisibleAsync();
        await Expect(options).ToHaveCountAsync(1);
        await Expect(options.First).ToContainTextAsync("@nico");
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync("hey @nico ");
        await Expect(popup).ToHaveCountAsync(0);

        // :sm + letters offers emoji; arrows move, Tab takes.
        await composer.PressSequentiallyAsync("look :smil");
        await Expect(options.Filter(new() { HasText = ":smile:" })).ToHaveCountAsync(1);
        var wanted = (await options.AllTextContentsAsync()).ToList();
        var index = wanted.FindIndex(t => t.Contains(":smile:", StringComparison.Ordinal));
        for (var i = 0; i < index; i++)
        {
            await composer.PressAsync("ArrowDown");
        }

        await Expect(options.Nth(index)).ToHaveAttributeAsync("aria-selected", "true");
        await composer.PressAsync("Tab");
        await Expect(composer).ToHaveValueAsync("hey @nico look 😄 ");
        await composer.PressSequentiallyAsync("the ending is ||Rosebud|| and ||a sled||");
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync("", new() { Timeout = 60_000 });

        // Nico sees a mention of himself: a highlighted message, a pill, the emoji, and two hidden spoilers.
        var mention = guest.Locator("[data-testid=message][data-mentions-me=true]");
        await Expect(mention).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(mention.Locator(".mention.mine")).ToHaveTextAsync("@nico");
        await Expect(mention).ToContainTextAsync("look 😄");
        var spoilers = mention.GetByTestId("spoiler");
        await Expect(spoilers).ToHaveCountAsync(2);
        await Expect(spoilers.First).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("revealed"));
        Assert.Equal("transparent", await spoilers.First.EvaluateAsync<string>("el => getComputedStyle(el).color === 'rgba(0, 0, 0, 0)' ? 'transparent' : getComputedStyle(el).color"));
        await spoilers.First.ClickAsync();
        await Expect(spoilers.First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("revealed"));
        await Expect(spoilers.First).ToHaveAttributeAsync("aria-expanded", "true");
        await spoilers.Nth(1).FocusAsync();
        await guest.Keyboard.PressAsync("Enter");
        await Expect(spoilers.Nth(1)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("revealed"));
        // The sender's own copy shows the pill too, without the "mentions me" highlight.
        await Expect(owner.Locator("[data-testid=message] .mention", new() { HasText = "@nico" })).ToBeVisibleAsync();
        await Expect(owner.Locator("[data-testid=message][data-mentions-me=true]")).ToHaveCountAsync(0);

        // The community's owner is offered @everyone; Esc closes the popup and keeps the text.
        await composer.PressSequentiallyAsync("@ev");
        await Expect(options.Filter(new() { HasText = "@everyone" })).ToHaveCountAsync(1);
        await composer.PressAsync("Escape");
        await Expect(popup).ToHaveCountAsync(0);
        await Expect(composer).ToHaveValueAsync("@ev");
        await composer.FillAsync("");

        // A member is not: no suggestion, and typing it by hand is refused with the text kept.
        var guestComposer = guest.GetByTestId("composer");
        await guestComposer.PressSequentiallyAsync("@mi");
        await Expect(guest.GetByTestId("autocomplete-option")).ToHaveCountAsync(1);
        await guestComposer.FillAsync("");
        await guestComposer.PressSequentiallyAsync("@e");
        await guestComposer.PressSequentiallyAsync("v");
        await Expect(guest.GetByTestId("autocomplete")).ToHaveCountAsync(0);
        await guestComposer.FillAsync("@everyone come look");
        await guestComposer.PressAsync("Enter");
        await Expect(guest.Locator(".composer .error")).ToContainTextAsync("Only moderators can mention @everyone");
        await Expect(guestComposer).ToHaveValueAsync("@everyone come look");
        await guestComposer.FillAsync("");

        // Slash commands: a hint while the message starts with /, then the SDK composer's result.
        await composer.PressSequentiallyAsync("/");
        await Expect(options).ToHaveCountAsync(3);
        await composer.PressSequentiallyAsync("sh");
        await Expect(options).ToHaveCountAsync(1);
        await Expect(options.First).ToContainTextAsync("/shrug");
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync("/shrug ");
        await composer.PressSequentiallyAsync("oh well");
        await composer.PressAsync("Enter");
        await Expect(ChatPage.Message(guest, "oh well ¯\\_(ツ)_/¯")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(owner, "/me waves from the garden");
        await Expect(guest.Locator("[data-testid=message-body].action", new() { HasText = "waves from the garden" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChatPage.SendAsync(owner, "/tableflip");
        await Expect(ChatPage.Message(guest, "(╯°□°)╯︵ ┻━┻")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // A fenced block with a language arrives highlighted (class names only; colours from the theme's CSS).
        await composer.FillAsync("```csharp\npublic sealed class Garden { } // grows\n```");
        await composer.PressAsync("Enter");
        var block = guest.GetByTestId("code-block");
        await Expect(block).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(block.Locator(".keyword").First).ToHaveTextAsync("public");
        await Expect(block.Locator(".comment")).ToHaveTextAsync("// grows");
        var keywordColour = await block.Locator(".keyword").First.EvaluateAsync<string>("el => getComputedStyle(el).color");
        var plainColour = await block.EvaluateAsync<string>("el => getComputedStyle(el.querySelector('pre')).color");
        Assert.NotEqual(plainColour, keywordColour);
        await BrowserFixture.ScreenshotAsync(guest, "composer-extras-guest");
        output.WriteLine($"whole test {clock.ElapsedMilliseconds} ms");
        await owner.Context.CloseAsync();
        await guest.Context.CloseAsync();
    }
}
