using Chatalot.Samples.Web.Markdown;

namespace Chatalot.BrowserTests.Unit;

public sealed class EmojiRunsTests
{
    [Fact]
    public void Split_FindsTokensBetweenText()
    {
        var runs = EmojiRuns.Split("hi :party_cat: and :b2:!");
        Assert.Equal(
            [new("hi ", false), new(":party_cat:", true), new(" and ", false), new(":b2:", true), new("!", false)],
            runs);
    }

    [Theory]
    [InlineData("10:30:45")]
    [InlineData("http://example.org")]
    [InlineData(":a:")]
    [InlineData(":Upper:")]
    [InlineData(":has space:")]
    [InlineData("::")]
    [InlineData("")]
    public void Split_LeavesNonTokensAsOneRun(string text) =>
        Assert.Equal([new EmojiRun(text, false)], EmojiRuns.Split(text));

    [Fact]
    public void Split_AdjacentTokens_AreSeparate() =>
        Assert.Equal([new(":aa:", true), new(":bb:", true)], EmojiRuns.Split(":aa::bb:"));

    [Fact]
    public void Split_NameLongerThan32_IsText()
    {
        var text = ":" + new string('a', 33) + ":";
        Assert.Equal([new EmojiRun(text, false)], EmojiRuns.Split(text));
        var longest = ":" + new string('a', 32) + ":";
        Assert.Equal([new EmojiRun(longest, true)], EmojiRuns.Split(longest));
    }

    [Fact]
    public void Markdown_ResolvedToken_IsAnImage_OthersAndCodeStayText()
    {
        var html = MessageMarkdown.ToHtml("yay :party_cat: :nope: `:party_cat:`", MentionNames.None,
            token => token == ":party_cat:" ? "blob:http://localhost/abc" : null);
        Assert.Contains("<img class=\"custom-emoji\" src=\"blob:http://localhost/abc\" alt=\":party_cat:\"", html, StringComparison.Ordinal);
        Assert.Contains(":nope:", html, StringComparison.Ordinal);
        Assert.Contains("<code>:party_cat:</code>", html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<img"));
    }

    [Fact]
    public void Markdown_NonBlobUrl_IsNeverEmitted()
    {
        var html = MessageMarkdown.ToHtml(":x_y:", MentionNames.None, _ => "javascript:alert(1)");
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains(":x_y:", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_TokenInsideEmphasisAndLinks()
    {
        var html = MessageMarkdown.ToHtml("**:ok_go:** [:ok_go:](https://example.org)", MentionNames.None, _ => "blob:u");
        Assert.Contains("<strong><img class=\"custom-emoji\"", html, StringComparison.Ordinal);
        // Link text keeps the token as text.
        Assert.Contains(">:ok_go:</a>", html, StringComparison.Ordinal);
    }
}
