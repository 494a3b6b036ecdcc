using Chatalot.Samples.Web.Markdown;

namespace Chatalot.BrowserTests.Unit;

/// <summary>The message renderer is the only place sender-controlled text becomes HTML: no browser needed to test it.</summary>
public sealed class MessageMarkdownTests
{
    [Fact]
    public void Formatting_RendersBoldItalicCodeAndStrikethrough()
    {
        var html = MessageMarkdown.ToHtml("**bold** *italic* `code` ~~gone~~");
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<em>italic</em>", html, StringComparison.Ordinal);
        Assert.Contains("<code>code</code>", html, StringComparison.Ordinal);
        Assert.Contains("<del>gone</del>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("hello <iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    public void RawHtml_IsEscaped_NeverRendered(string input)
    {
        var html = MessageMarkdown.ToHtml(input);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a ", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JAVASCRIPT:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[click](vbscript:msgbox)")]
    [InlineData("[click](/api/v1/users/me)")]
    public void Links_WithUnsafeOrRelativeTargets_BecomePlainText(string input)
    {
        var html = MessageMarkdown.ToHtml(input);
        Assert.DoesNotContain("href", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("click", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_ToWebPages_OpenInANewTabWithoutReferrerOrOpener()
    {
        var html = MessageMarkdown.ToHtml("[docs](https://example.org/a?b=1) and https://example.com/auto");
        Assert.Contains("href=\"https://example.org/a?b=1\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/auto\"", html, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(html, "rel=\"noopener noreferrer nofollow\""));
        Assert.Equal(2, CountOf(html, "target=\"_blank\""));
    }

    [Fact]
    public void Images_AreNeverLoaded_OnlyOfferedAsLinks()
    {
        var html = MessageMarkdown.ToHtml("![tracking pixel](https://tracker.example/p.gif)");
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://tracker.example/p.gif\"", html, StringComparison.Ordinal);
        Assert.Contains("tracking pixel", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AttributeInjection_ThroughALinkTitle_IsDropped()
    {
        var html = MessageMarkdown.ToHtml("[x](https://example.org \"a\\\" onmouseover=\\\"alert(1)\")");
        Assert.DoesNotContain("onmouseover", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("title=", html, StringComparison.OrdinalIgnoreCase);
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;

    [Fact]
    public void Spoiler_BecomesAHiddenButtonSpan_AndKeepsItsFormatting()
    {
        var html = MessageMarkdown.ToHtml("the end: ||**Rosebud** was the sled||!");
        Assert.Contains("<span class=\"spoiler\" role=\"button\" tabindex=\"0\" aria-expanded=\"false\"", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Rosebud</strong> was the sled</span>!", html, StringComparison.Ordinal);
        Assert.DoesNotContain("||", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("`||not a spoiler||`")]
    [InlineData("a | b | c")]
    public void Pipes_InCodeOrAlone_AreNotSpoilers(string input) =>
        Assert.DoesNotContain("class=\"spoiler", MessageMarkdown.ToHtml(input), StringComparison.Ordinal);

    [Fact]
    public void Mentions_OfKnownNames_BecomePills_MineAndEveryoneStandOut()
    {
        var names = new MentionNames(["alice", "bob"], myUsername: "bob");
        var html = MessageMarkdown.ToHtml("hi @Alice and @bob. @everyone, not @nobody nor mail@alice.example or `@alice`", names);
        Assert.Contains("<span class=\"mention\" data-testid=\"mention\">@Alice</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"mention mine\" data-testid=\"mention\">@bob</span>.", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"mention mine\" data-testid=\"mention\">@everyone</span>,", html, StringComparison.Ordinal);
        Assert.Contains("@nobody", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("class=\"mention", StringSplitOptions.None).Length - 1);
        Assert.Contains("<code>@alice</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Mentions_NeverCarryMarkupFromTheName() =>
        Assert.DoesNotContain("<script", MessageMarkdown.ToHtml("@here<script>alert(1)</script>", MentionNames.None), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void FencedCode_WithAKnownLanguage_IsHighlightedWithClassesOnly()
    {
        var html = MessageMarkdown.ToHtml("```csharp\npublic class Greeter { } // says hi\n```");
        Assert.Contains("<div class=\"code-block\" data-testid=\"code-block\" data-language=\"c#\">", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"keyword\">public</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"comment\">// says hi</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("```js\nconst s = \"</pre></div><script>alert(1)</script>\";\n```")]
    [InlineData("```python\nx = '<img src=x onerror=alert(1)>'\n```")]
    public void FencedCode_Highlighted_StillEscapesTheCode(string input)
    {
        var html = MessageMarkdown.ToHtml(input);
        Assert.Contains("code-block", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void FencedCode_WithoutAKnownLanguage_IsPlainEscapedCode()
    {
        var html = MessageMarkdown.ToHtml("```nosuchlang\n<b>x</b>\n```");
        Assert.DoesNotContain("code-block", html, StringComparison.Ordinal);
        Assert.Contains("<pre><code class=\"language-nosuchlang\">&lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
    }
}
