using Chatalot.Protocol.Content;

namespace Chatalot.Client.Tests.Conversations;

public sealed class ComposerTests
{
    private static readonly ConversationMember Bob = new(new UserId(Guid.NewGuid()), "Bob");
    private static readonly ConversationMember Dotted = new(new UserId(Guid.NewGuid()), "j.doe");

    [Fact]
    public void Shrug_AppendsTheEscapedShrug_AfterTheText()
    {
        Assert.Equal(@"oh well ¯\\\_(ツ)\_/¯", Composer.Compose("/shrug oh well").Text);
        Assert.Equal(Composer.Shrug, Composer.Compose("/shrug").Text);
    }

    [Fact]
    public void TableFlip_AppendsTheTableFlip() =>
        Assert.Equal("enough (╯°□°)╯︵ ┻━┻", Composer.Compose("/tableflip enough").Text);

    [Fact]
    public void Me_IsAnActionWithTheRestAsText()
    {
        var content = Composer.Compose("/me waves");
        Assert.Equal("waves", content.Text);
        Assert.True(content.Action);
        Assert.Null(Composer.Compose("plain").Action);
    }

    [Fact]
    public void UnknownCommands_AndSpoilers_AreLeftAsTyped()
    {
        Assert.Equal("/deploy prod", Composer.Compose("/deploy prod").Text);
        Assert.Equal("the butler did it: ||spoiler||", Composer.Compose("the butler did it: " + Composer.Spoiler("spoiler")).Text);
    }

    [Fact]
    public void Shortcodes_BecomeEmoji_OutsideCodeOnly_UnknownStay()
    {
        Assert.Equal("nice 👍 😄 :not_an_emoji:", Composer.ReplaceShortcodes("nice :+1: :smile: :not_an_emoji:"));
        Assert.Equal("`:smile:` 😄 ```\n:smile:\n```", Composer.ReplaceShortcodes("`:smile:` :smile: ```\n:smile:\n```"));
    }

    [Fact]
    public void ShortcodeLookupAndSearch_UseTheGemojiTable()
    {
        Assert.True(Composer.TryGetEmoji(":tada:", out var tada));
        Assert.Equal("🎉", tada);
        Assert.True(Composer.TryGetEmoji("tada", out _));
        Assert.False(Composer.TryGetEmoji(":nope_nope:", out _));
        var found = Composer.SearchShortcodes("thumbs", 5);
        Assert.NotEmpty(found);
        Assert.All(found, f => Assert.StartsWith("thumbs", f.Shortcode, StringComparison.Ordinal));
        Assert.True(Composer.SearchShortcodes("", 1000).Count == 1000);
    }

    [Fact]
    public void FindShortcodes_PutsPrefixMatchesFirst_ThenWordMatches_IgnoringColonsAndCase()
    {
        var found = Composer.FindShortcodes(":Heart:", 500).Select(f => f.Shortcode).ToList();
        Assert.Equal("heart", found[0]);
        var prefixed = found.TakeWhile(f => f.StartsWith("heart", StringComparison.Ordinal)).Count();
        Assert.True(prefixed > 1, "heart, heart_eyes… come first");
        Assert.All(found.Skip(prefixed), f => Assert.Contains("heart", f, StringComparison.Ordinal));
        Assert.True(found.IndexOf("broken_heart") >= prefixed, "a later word matches, after the prefixed names");
        Assert.Equal("💔", Composer.FindShortcodes("broken").First().Emoji);
        Assert.Empty(Composer.FindShortcodes("  "));
        Assert.Single(Composer.FindShortcodes("heart", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Composer.FindShortcodes("heart", 0));
    }

    [Fact]
    public void Mentions_ResolveKnownMembersIgnoringCase_InFirstMentionOrder()
    {
        var content = Composer.Compose("@bob and @j.doe. and @bob again, @nobody, mail@bob.example", [Bob, Dotted]);
        Assert.Equal([Bob.UserId.Value, Dotted.UserId.Value], content.Mentions);
        Assert.Null(content.MentionsEveryone);
    }

    [Fact]
    public void EveryoneAndHere_SetTheirFlags_ButNotInCode()
    {
        var content = Composer.Compose("@everyone look, @here too");
        Assert.True(content.MentionsEveryone);
        Assert.True(content.MentionsHere);
        var quoted = MentionParser.Parse("`@everyone` and ``@here``", []);
        Assert.False(quoted.Everyone);
        Assert.False(quoted.Here);
    }

    [Fact]
    public void ComposedContent_IsValidTextContent()
    {
        var content = Composer.Compose("/me :wave: @Bob", [Bob]);
        Assert.Equal(ContentKind.Text, content.Kind);
        Assert.Equal("👋 @Bob", content.Text);
        Assert.Equal([Bob.UserId.Value], content.Mentions);
    }
}
