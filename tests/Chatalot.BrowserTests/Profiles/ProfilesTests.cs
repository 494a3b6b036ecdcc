using System.Text;
using Chatalot.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Chatalot.BrowserTests.Conversations.MessageSteps;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Profiles;

/// <summary>
/// Profiles, status and custom emoji between two browsers: a profile edited in settings (a forged avatar refused with
/// its typed error) shows live in the other's member list, message headers and profile card, a custom status and
/// "invisible" reach them too; and a community's custom emoji is uploaded, offered in the picker and the autocomplete,
/// shown as its image in a message and a reaction, and back to text once deleted.
/// </summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class ProfilesTests(BrowserFixture fixture)
{
    // A 1×1 PNG.
    internal static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    private static readonly LocatorAssertionsToHaveJSPropertyOptions Loaded = new() { Timeout = 60_000 };

    [Fact]
    public async Task AProfileEdit_ShowsLiveToTheOther_InMembersHeadersAndCard_ForgedAvatarRefused_InvisibleLooksOffline()
    {
        var (yara, zeke) = await ChatPage.SetUpPairAsync(fixture, "yara", "zeke", "Profile Club");
        await ChatPage.SendAsync(yara, "Hello from yara");
        var onZeke = InChannel(zeke, "Hello from yara");
        await Expect(onZeke).ToBeVisibleAsync(Slow);

        // Yara edits her profile in settings.
        await yara.GetByTestId("open-settings").ClickAsync();
        var settings = yara.GetByTestId("profile-settings");
        await Expect(settings.GetByTestId("profile-display-name-input")).ToHaveValueAsync("yara");
        await settings.GetByTestId("profile-display-name-input").FillAsync("Yara Quill");
        await settings.GetByTestId("profile-pronouns-input").FillAsync("she/her");
        await settings.GetByTestId("profile-bio-input").FillAsync("Maps, tea and long walks.");
        await Expect(settings.GetByTestId("profile-pronouns-input")).ToHaveAttributeAsync("maxlength", "40");
        await settings.GetByTestId("profile-save").ClickAsync();
        await Expect(settings.GetByTestId("profile-saved")).ToBeVisibleAsync();

        // HTML bytes named .png: the SDK's check refuses them with the typed error, and nothing is uploaded.
        await settings.GetByTestId("avatar-input").SetInputFilesAsync(new FilePayload { Name = "me.png", MimeType = "image/png", Buffer = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>") });
        await Expect(settings.GetByTestId("profile-error")).ToHaveAttributeAsync("data-code", "media_type_mismatch");
        await Expect(settings.GetByTestId("avatar")).ToHaveAttributeAsync("data-has-image", "false");

        await settings.GetByTestId("avatar-input").SetInputFilesAsync(new FilePayload { Name = "me.png", MimeType = "image/png", Buffer = Png });
        await Expect(settings.GetByTestId("avatar-image")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);
        await settings.GetByTestId("banner-input").SetInputFilesAsync(new FilePayload { Name = "banner.png", MimeType = "image/png", Buffer = Png });
        await Expect(settings.GetByTestId("profile-busy")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(settings.GetByTestId("profile-error")).ToHaveCountAsync(0);
        await yara.GetByTestId("settings-close").ClickAsync();

        // A custom status for an hour.
        await yara.GetByTestId("open-status").ClickAsync();
        await yara.GetByTestId("custom-status-input").FillAsync("Brewing tea");
        await yara.GetByTestId("custom-status-expiry").SelectOptionAsync("1h");
        await yara.GetByTestId("status-save").ClickAsync();
        await Expect(yara.GetByTestId("my-custom-status")).ToHaveTextAsync("Brewing tea");

        // Zeke sees all of it without reloading: member list, the header of her earlier message.
        var member = zeke.Locator("[data-testid=member][data-user=yara]");
        await Expect(member.GetByTestId("member-name")).ToContainTextAsync("Yara Quill", new() { Timeout = 60_000 });
        await Expect(member.GetByTestId("avatar-image")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);
        await Expect(member.GetByTestId("custom-status")).ToHaveTextAsync("Brewing tea", new() { Timeout = 60_000 });
        await Expect(member.GetByTestId("presence")).ToHaveAttributeAsync("data-status", "online");
        await Expect(onZeke.GetByTestId("sender")).ToHaveTextAsync("Yara Quill");
        await Expect(onZeke.GetByTestId("avatar-image")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);

        // Her profile card, from the message header; Escape closes it and gives the page back.
        await onZeke.GetByTestId("sender").ClickAsync();
        var card = zeke.GetByTestId("profile-card");
        await Expect(card.GetByTestId("profile-display-name")).ToHaveTextAsync("Yara Quill");
        await Expect(card.GetByTestId("profile-username")).ToHaveTextAsync("@yara");
        await Expect(card.GetByTestId("profile-pronouns")).ToHaveTextAsync("she/her");
        await Expect(card.GetByTestId("profile-bio")).ToHaveTextAsync("Maps, tea and long walks.");
        await Expect(card.GetByTestId("profile-status")).ToHaveAttributeAsync("data-status", "online");
        await Expect(card.GetByTestId("profile-custom-status")).ToHaveTextAsync("Brewing tea");
        await Expect(card.GetByTestId("profile-banner-image")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);
        await Expect(card.GetByTestId("avatar-image")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);
        await Expect(card).ToBeFocusedAsync();
        await zeke.Keyboard.PressAsync("Escape");
        await Expect(card).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(zeke, "profiles-member-list");

        // Invisible: Zeke sees her offline, with no custom status; her own panel says invisible.
        await yara.GetByTestId("open-status").ClickAsync();
        await yara.GetByTestId("status-invisible").ClickAsync();
        await yara.GetByTestId("status-save").ClickAsync();
        await Expect(yara.GetByTestId("open-status").GetByTestId("presence")).ToHaveAttributeAsync("data-status", "invisible");
        await Expect(member.GetByTestId("presence")).ToHaveAttributeAsync("data-status", "offline", new() { Timeout = 60_000 });
        await Expect(member.GetByTestId("custom-status")).ToHaveCountAsync(0);

        // The chosen status is the server's: it is back after a reload.
        await yara.ReloadAsync();
        await ChatPage.UnlockAsync(yara);
        await Expect(yara.GetByTestId("open-status").GetByTestId("presence")).ToHaveAttributeAsync("data-status", "invisible", new() { Timeout = 60_000 });
        await Expect(yara.GetByTestId("me")).ToHaveTextAsync("Yara Quill");
        await yara.Context.CloseAsync();
        await zeke.Context.CloseAsync();
    }

    [Fact]
    public async Task ACustomEmoji_InPickerAutocompleteMessageAndReaction_BackToTextWhenDeleted()
    {
        var (wren, xavi) = await ChatPage.SetUpPairAsync(fixture, "wren", "xavi", "Emoji Club");

        // The owner uploads :party_cat:; the same name again is refused with its typed error.
        await wren.GetByTestId("community-settings").ClickAsync();
        var dialog = wren.GetByTestId("community-settings-dialog");
        await dialog.GetByTestId("emoji-name-input").FillAsync("party_cat");
        await dialog.GetByTestId("emoji-file-input").SetInputFilesAsync(new FilePayload { Name = "cat.png", MimeType = "image/png", Buffer = Png });
        await dialog.GetByTestId("emoji-upload").ClickAsync();
        var item = dialog.Locator("[data-testid=emoji-item][data-name=party_cat]");
        await Expect(item.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);
        await dialog.GetByTestId("emoji-name-input").FillAsync("party_cat");
        await dialog.GetByTestId("emoji-file-input").SetInputFilesAsync(new FilePayload { Name = "cat2.png", MimeType = "image/png", Buffer = Png });
        await dialog.GetByTestId("emoji-upload").ClickAsync();
        await Expect(dialog.GetByTestId("emoji-error")).ToHaveAttributeAsync("data-code", "conflict");
        await dialog.GetByTestId("community-settings-close").ClickAsync();

        // The guest's autocomplete offers it (its image), and the message shows it for both.
        var composer = xavi.GetByTestId("composer");
        await composer.PressSequentiallyAsync("Cake :party_c");
        var option = xavi.GetByTestId("autocomplete-option").Filter(new() { HasText = ":party_cat:" });
        await Expect(option.GetByTestId("custom-emoji")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);
        await option.ClickAsync();
        await Expect(composer).ToHaveValueAsync("Cake :party_cat: ");
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync("", new() { Timeout = 60_000 });
        var onXavi = InChannel(xavi, "Cake");
        var onWren = InChannel(wren, "Cake");
        await Expect(onXavi.GetByTestId("message-body").GetByTestId("custom-emoji")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);
        await Expect(onWren.GetByTestId("message-body").GetByTestId("custom-emoji")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);

        // It is in the reaction picker's community section; the chip shows its image on both sides.
        await ActAsync(onXavi, "react");
        await onXavi.GetByTestId("emoji-custom").Locator("[data-shortcode=party_cat]").ClickAsync();
        await Expect(Chip(onXavi, ":party_cat:").GetByTestId("custom-emoji")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);
        await Expect(Chip(onWren, ":party_cat:").GetByTestId("custom-emoji")).ToHaveJSPropertyAsync("naturalWidth", 1, Loaded);
        await BrowserFixture.ScreenshotAsync(xavi, "profiles-custom-emoji");

        // Deleted: the message and the chip show the token as typed (content.md §3.3), live for both.
        await wren.GetByTestId("community-settings").ClickAsync();
        await item.GetByTestId("emoji-delete").ClickAsync();
        await Expect(item).ToHaveCountAsync(0);
        await dialog.GetByTestId("community-settings-close").ClickAsync();
        foreach (var message in new[] { onWren, onXavi })
        {
            await Expect(message.GetByTestId("custom-emoji")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
            await Expect(message.GetByTestId("message-body")).ToContainTextAsync("Cake :party_cat:");
            await Expect(Chip(message, ":party_cat:")).ToContainTextAsync(":party_cat:");
        }

        await wren.Context.CloseAsync();
        await xavi.Context.CloseAsync();
    }
}
