using Chatalot.Protocol.Bots;
using Chatalot.Samples.Web.Chat;
using Chatalot.Samples.Web.Components;

namespace Chatalot.BrowserTests.Unit;

/// <summary>What the composer offers for the word at the caret: no browser needed.</summary>
public sealed class ComposerAutocompleteTests
{
    private static readonly MentionCandidate[] People =
    [
        new(Guid.NewGuid(), "alice", "Alice Liddell"),
        new(Guid.NewGuid(), "bob", "Bob Builder"),
        new(Guid.NewGuid(), "lewis", "Lewis Carroll"),
    ];

    [Fact]
    public void At_OffersMembersByUsernameOrAnyWordOfTheDisplayName_ReplacingTheWholeToken()
    {
        var (start, items) = ComposerAutocomplete.Suggest("hi @ca", 6, People, canMentionEveryone: false);
        Assert.Equal(3, start);
        Assert.Equal(["@lewis"], items.Select(i => i.Label));
        Assert.Equal("@lewis ", items[0].Insert);
        Assert.Equal("Lewis Carroll", items[0].Detail);

        Assert.Equal(["@alice", "@bob", "@lewis"], ComposerAutocomplete.Suggest("@", 1, People, false).Items.Select(i => i.Label));
    }

    [Fact]
    public void Everyone_AndHere_AreOfferedOnlyWhenAllowed()
    {
        Assert.Empty(ComposerAutocomplete.Suggest("@ev", 3, People, canMentionEveryone: false).Items);
        Assert.Equal(["@everyone"], ComposerAutocomplete.Suggest("@ev", 3, People, canMentionEveryone: true).Items.Select(i => i.Label));
        Assert.Contains("@here", ComposerAutocomplete.Suggest("@", 1, People, canMentionEveryone: true).Items.Select(i => i.Label));
    }

    [Fact]
    public void Colon_OffersEmojiAfterTwoLetters_NotInsideAFinishedShortcode()
    {
        Assert.Empty(ComposerAutocomplete.Suggest("look :s", 7, People, false).Items);
        var (start, items) = ComposerAutocomplete.Suggest("look :smil", 10, People, false);
        Assert.Equal(5, start);
        var smile = Assert.Single(items, i => i.Label == ":smile:");
        Assert.Equal("😄 ", smile.Insert);
        Assert.Empty(ComposerAutocomplete.Suggest("look :smile:", 12, People, false).Items);
    }

    [Fact]
    public void Slash_HintsCommandsOnlyAtTheStart_AndNotOnceTypedInFull()
    {
        Assert.Equal(["/shrug", "/tableflip", "/me"], ComposerAutocomplete.Suggest("/", 1, People, false).Items.Select(i => i.Label));
        Assert.Equal(["/shrug"], ComposerAutocomplete.Suggest("/sh", 3, People, false).Items.Select(i => i.Label));
        Assert.Empty(ComposerAutocomplete.Suggest("/shrug", 6, People, false).Items);
        Assert.Empty(ComposerAutocomplete.Suggest("/me waves", 9, People, false).Items);
        Assert.Empty(ComposerAutocomplete.Suggest("a /sh", 5, People, false).Items);
    }

    [Fact]
    public void TheWordAtTheCaret_IsCompleted_NotTheLastWord()
    {
        var (start, items) = ComposerAutocomplete.Suggest("@bo and more", 3, People, false);
        Assert.Equal(0, start);
        Assert.Equal(["@bob"], items.Select(i => i.Label));
        Assert.Empty(ComposerAutocomplete.Suggest("@bo and more", 12, People, false).Items);
    }

    [Fact]
    public void Colon_OffersTheCommunitysCustomEmojiFirst_InsertingTheToken()
    {
        var emoji = new Chatalot.Protocol.Emoji.CustomEmoji(Guid.NewGuid(), Guid.NewGuid(), "party_cat", "image/png", Guid.NewGuid(), DateTimeOffset.UnixEpoch);
        var (start, items) = ComposerAutocomplete.Suggest("so :par", 7, People, false, [emoji]);
        Assert.Equal(3, start);
        Assert.Equal(":party_cat:", items[0].Label);
        Assert.Equal(":party_cat: ", items[0].Insert);
        Assert.Same(emoji, items[0].Custom);
        Assert.All(items.Skip(1), i => Assert.Null(i.Custom));
    }

    [Fact]
    public void BotPrefix_OffersThePublishedCommands_WithUsageSummaryAndBotName_OnlyInTheFirstWord()
    {
        Guid helper = Guid.NewGuid(), other = Guid.NewGuid();
        MemberCommandList[] lists =
        [
            new(helper, "helper", "!", [
                new("ping", "Replies pong."),
                new("roll", "Rolls <b>dice</b>.", [new("dice", "such as 2d6"), new("times", Optional: true)]),
                new("remind", null, [new("in"), new("text")])], DateTimeOffset.UnixEpoch),
            new(other, "quizbot", "?", [new("quiz", "Starts a quiz.")], DateTimeOffset.UnixEpoch),
        ];
        Func<Guid, string?> names = id => id == helper ? "Helper Bot" : null;

        var (start, items) = ComposerAutocomplete.Suggest("!", 1, People, false, null, lists, names);
        Assert.Equal(0, start);
        Assert.Equal(["!ping", "!remind", "!roll"], items.Select(i => i.Label));
        var roll = items[2];
        Assert.Equal(("<dice> [times]", "Rolls <b>dice</b>.", "!roll ", "Helper Bot"), (roll.Usage, roll.Detail, roll.Insert, roll.Source));
        Assert.Equal("quizbot", Assert.Single(ComposerAutocomplete.Suggest("?q", 2, People, false, null, lists, names).Items).Source);
        Assert.Equal(["!roll"], ComposerAutocomplete.Suggest("!RO", 3, People, false, null, lists, names).Items.Select(i => i.Label));

        // Typed in full (Enter sends it), with arguments, or later in the text: no hint.
        Assert.Empty(ComposerAutocomplete.Suggest("!ping", 5, People, false, null, lists, names).Items);
        Assert.Empty(ComposerAutocomplete.Suggest("!roll 2d6", 9, People, false, null, lists, names).Items);
        Assert.Empty(ComposerAutocomplete.Suggest("hi !p", 5, People, false, null, lists, names).Items);
        Assert.Empty(ComposerAutocomplete.Suggest("!", 1, People, false, null, [], null).Items);
    }
}
