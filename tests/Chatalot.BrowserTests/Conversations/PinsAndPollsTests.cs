using Chatalot.BrowserTests.Infrastructure;
using static Chatalot.BrowserTests.Conversations.MessageSteps;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Conversations;

/// <summary>Pins (moderators and up, a live panel) and polls (the composer's checks, live tallies, changing a vote, closing).</summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class PinsAndPollsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheOwnerPins_MembersSeeThePinnedPanelLive_ButCannotPin()
    {
        var (eve, finn) = await ChatPage.SetUpPairAsync(fixture, "eve", "finn", "Pin Club");
        await ChatPage.SendAsync(eve, "Rule one: be kind");
        var onFinn = InChannel(finn, "Rule one: be kind");
        await Expect(onFinn).ToBeVisibleAsync(Slow);

        // Finn, a member, has the action bar but no pin button; he watches the pinned panel while Eve pins.
        await onFinn.HoverAsync();
        await Expect(onFinn.GetByTestId("react")).ToBeVisibleAsync();
        await Expect(onFinn.GetByTestId("pin")).ToHaveCountAsync(0);
        await finn.GetByTestId("open-pins").ClickAsync();
        await Expect(finn.GetByTestId("pins-empty")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var onEve = InChannel(eve, "Rule one: be kind");
        await ActAsync(onEve, "pin");
        await Expect(onEve.GetByTestId("pin")).ToHaveAttributeAsync("aria-pressed", "true");
        var entry = finn.GetByTestId("pin-entry");
        await Expect(entry).ToContainTextAsync("Rule one: be kind", new() { Timeout = 60_000 });
        await Expect(entry).ToContainTextAsync("pinned by eve");

        // Unpinned live too; pinned again, its entry shows the message (a click asks to show it and closes the panel).
        await ActAsync(onEve, "pin");
        await Expect(onEve.GetByTestId("pin")).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(finn.GetByTestId("pins-empty")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ActAsync(onEve, "pin");
        await Expect(entry).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await entry.ClickAsync();
        await Expect(finn.GetByTestId("side-panel")).ToHaveCountAsync(0);
        await eve.GetByTestId("open-pins").ClickAsync();
        await Expect(eve.GetByTestId("pin-entry")).ToContainTextAsync("Rule one: be kind");
        await eve.Context.CloseAsync();
        await finn.Context.CloseAsync();
    }

    [Fact]
    public async Task Polls_AreCheckedInTheComposer_TallyLiveForBoth_AllowChangingAVote_AndCloseForEveryone()
    {
        var (gia, hugo) = await ChatPage.SetUpPairAsync(fixture, "gia", "hugo", "Poll Club");

        // The poll composer explains what is missing and keeps what was typed.
        await gia.GetByTestId("open-poll").ClickAsync();
        await gia.GetByTestId("poll-create").ClickAsync();
        await Expect(gia.GetByTestId("poll-error")).ToHaveTextAsync("Write a question.");
        await gia.GetByTestId("poll-question-input").FillAsync("Where do we meet?");
        await gia.GetByTestId("poll-option-input").Nth(0).FillAsync("Park");
        await gia.GetByTestId("poll-create").ClickAsync();
        await Expect(gia.GetByTestId("poll-error")).ToHaveTextAsync("Give at least 2 options.");
        await Expect(gia.GetByTestId("poll-question-input")).ToHaveValueAsync("Where do we meet?");
        await gia.GetByTestId("poll-option-input").Nth(1).FillAsync("Cafe");
        await gia.GetByTestId("poll-add-option").ClickAsync();
        await gia.GetByTestId("poll-option-input").Nth(2).FillAsync("Library");
        await gia.GetByTestId("poll-expiry").SelectOptionAsync("1d");
        await gia.GetByTestId("poll-create").ClickAsync();
        await Expect(gia.GetByTestId("poll-composer")).ToHaveCountAsync(0);

        var onGia = gia.GetByTestId("messages").GetByTestId("poll").Filter(new() { HasText = "Where do we meet?" });
        var onHugo = hugo.GetByTestId("messages").GetByTestId("poll").Filter(new() { HasText = "Where do we meet?" });
        await Expect(onHugo.GetByTestId("poll-question")).ToHaveTextAsync("Where do we meet?", new() { Timeout = 60_000 });
        await Expect(onHugo.GetByTestId("poll-option")).ToHaveCountAsync(3);
        await Expect(onHugo.GetByTestId("poll-voters")).ToHaveTextAsync("0 voters");

        // Hugo votes Park; Gia votes Cafe; both tallies move live.
        await onHugo.GetByTestId("poll-option").Nth(0).ClickAsync();
        await Expect(onHugo.GetByTestId("poll-option").Nth(0)).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(onGia.GetByTestId("poll-count").Nth(0)).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await onGia.GetByTestId("poll-option").Nth(1).ClickAsync();
        await Expect(onHugo.GetByTestId("poll-count").Nth(1)).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await Expect(onHugo.GetByTestId("poll-voters")).ToHaveTextAsync("2 voters");

        // Hugo changes his mind (single choice: his vote moves), then Gia closes the poll for everyone.
        await onHugo.GetByTestId("poll-option").Nth(1).ClickAsync();
        await Expect(onGia.GetByTestId("poll-count").Nth(1)).ToHaveTextAsync("2", new() { Timeout = 60_000 });
        await Expect(onGia.GetByTestId("poll-count").Nth(0)).ToHaveTextAsync("0");
        await Expect(onHugo.GetByTestId("poll-close")).ToHaveCountAsync(0);
        await onGia.GetByTestId("poll-close").ClickAsync();
        await Expect(onHugo.GetByTestId("poll-closed")).ToBeVisibleAsync(Slow);
        await Expect(onHugo.GetByTestId("poll-option").Nth(2)).ToBeDisabledAsync();
        await Expect(onGia.GetByTestId("poll-closed")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(hugo, "poll-hugo");

        // A multi-select poll takes several answers from one voter, and a click on a chosen one takes it back.
        await hugo.GetByTestId("open-poll").ClickAsync();
        await hugo.GetByTestId("poll-question-input").FillAsync("Which snacks?");
        await hugo.GetByTestId("poll-option-input").Nth(0).FillAsync("Chips");
        await hugo.GetByTestId("poll-option-input").Nth(1).FillAsync("Fruit");
        await hugo.GetByTestId("poll-multi").CheckAsync();
        await hugo.GetByTestId("poll-create").ClickAsync();
        var snacksOnGia = gia.GetByTestId("messages").GetByTestId("poll").Filter(new() { HasText = "Which snacks?" });
        await Expect(snacksOnGia.GetByTestId("poll-option")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await snacksOnGia.GetByTestId("poll-option").Nth(0).ClickAsync();
        await Expect(snacksOnGia.GetByTestId("poll-option").Nth(0)).ToHaveAttributeAsync("aria-pressed", "true");
        await snacksOnGia.GetByTestId("poll-option").Nth(1).ClickAsync();
        var snacksOnHugo = hugo.GetByTestId("messages").GetByTestId("poll").Filter(new() { HasText = "Which snacks?" });
        await Expect(snacksOnHugo.GetByTestId("poll-count").Nth(1)).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await Expect(snacksOnHugo.GetByTestId("poll-count").Nth(0)).ToHaveTextAsync("1");
        await Expect(snacksOnHugo.GetByTestId("poll-voters")).ToHaveTextAsync("1 voter");
        await snacksOnGia.GetByTestId("poll-option").Nth(0).ClickAsync();
        await Expect(snacksOnHugo.GetByTestId("poll-count").Nth(0)).ToHaveTextAsync("0", new() { Timeout = 60_000 });
        await Expect(snacksOnHugo.GetByTestId("poll-count").Nth(1)).ToHaveTextAsync("1");
        await gia.Context.CloseAsync();
        await hugo.Context.CloseAsync();
    }
}
