using Chatalot.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests;

/// <summary>
/// Invite-only registration, as the sample server ships: its own server process (the shared one is open), so this
/// test pays one extra start-up of a couple of seconds.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RegistrationTests(BrowserFixture fixture)
{
    [Fact]
    public async Task InviteOnlyServer_RefusesRegistrationWithoutACode_AndAcceptsTheOwnersInvite()
    {
        await using var server = await SampleServerProcess.StartAsync(registrationMode: "InviteOnly");

        // The first account claims the fresh server with its setup code (ChatPage enters it) and becomes the owner, who can then invite.
        var owner = await fixture.NewPageAsync(baseUrl: server.BaseUrl);
        await ChatPage.RegisterAsync(owner, "olga");
        await owner.GetByTestId("open-settings").ClickAsync();
        await owner.GetByTestId("create-registration-invite").ClickAsync();
        var code = (await owner.GetByTestId("registration-invite").InnerTextAsync(new() { Timeout = 30_000 })).Trim();
        Assert.False(string.IsNullOrEmpty(code));

        // Without a code: refused, with a message that says what is needed.
        var guest = await fixture.NewPageAsync(baseUrl: server.BaseUrl);
        await guest.GotoAsync("/");
        await guest.GetByTestId("tab-register").ClickAsync();
        await guest.Locator("#username").FillAsync("gus");
        await guest.Locator("#display-name").FillAsync("gus");
        await guest.Locator("#password").FillAsync("password-1234");
        await guest.Locator("#passphrase").FillAsync(ChatPage.Passphrase);
        await guest.GetByTestId("auth-submit").ClickAsync();
        await Expect(guest.GetByTestId("auth-error")).ToHaveTextAsync("Registration on this server needs a valid invite code.", new() { Timeout = 60_000 });
        await Expect(guest.GetByTestId("shell")).ToHaveCountAsync(0);

        // With the owner's code: accepted.
        await guest.Locator("#invite").FillAsync(code);
        await guest.GetByTestId("auth-submit").ClickAsync();
        await Expect(guest.GetByTestId("shell")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(guest.GetByTestId("me")).ToHaveTextAsync("gus");
        Assert.Matches("^([0-9A-Z]{4}-){5}[0-9A-Z]{4}$", await ChatPage.DismissRecoveryCodeAsync(guest));

        await owner.Context.CloseAsync();
        await guest.Context.CloseAsync();
    }
}
