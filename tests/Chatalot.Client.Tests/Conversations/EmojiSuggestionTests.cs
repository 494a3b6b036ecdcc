using Chatalot.Protocol.Emoji;

namespace Chatalot.Client.Tests.Conversations;

public sealed class EmojiSuggestionTests
{
    private static CustomEmoji Custom(string name) => new(Guid.NewGuid(), Guid.NewGuid(), name, "image/png", Guid.NewGuid(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void FindEmoji_WithoutCustomEmoji_IsFindShortcodes()
    {
        foreach (var query in new[] { "heart", "smile", ":tada:", "x" })
        {
            Assert.Equal(Composer.FindShortcodes(query, 30).Select(s => (s.Shortcode, (string?)s.Emoji)), Composer.FindEmoji(query, null, 30).Select(s => (s.Shortcode, s.Emoji)));
        }
    }

    [Fact]
    public void FindEmoji_MixesCustomEmojiIntoTheSameGroups_CustomFirstWithinEach()
    {
        var heartParrot = Custom("heart_parrot");
        var bigHeart = Custom("big_heart_custom");
        var names = Composer.FindEmoji("heart", [bigHeart, heartParrot], 200).ToList();
        Assert.Equal("heart_parrot", names[0].Shortcode);
        Assert.Same(heartParrot, names[0].Custom);
        Assert.Equal("heart", names[1].Shortcode);
        var firstWord = names.FindIndex(s => !s.Shortcode.StartsWith("heart", StringComparison.Ordinal));
        Assert.Equal("big_heart_custom", names[firstWord].Shortcode);
        Assert.Equal(":heart_parrot:", names[0].Insert);
        Assert.Equal(names[1].Emoji, names[1].Insert);
    }

    [Fact]
    public void FindEmoji_LeavesOutCustomEmojiShadowedByAStandardShortcode()
    {
        var results = Composer.FindEmoji("smile", [Custom("smile")], 200);
        Assert.Single(results, s => s.Shortcode == "smile");
        Assert.All(results, s => Assert.Null(s.Custom));
    }

    [Fact]
    public void FindEmoji_EmptyQuery_FindsNothing_AndTheLimitHolds()
    {
        Assert.Empty(Composer.FindEmoji("  ", [Custom("ab")]));
        Assert.Equal(3, Composer.FindEmoji("a", [Custom("ab"), Custom("ac")], 3).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Composer.FindEmoji("a", null, 0));
    }
}
