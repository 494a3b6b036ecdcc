using System.Net;
using Markdig;
using Markdig.Parsers.Inlines;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Chatalot.Samples.Web.Markdown;

/// <summary>
/// Renders message Markdown to HTML that is safe to inject: an allow-list applied to Markdig's syntax tree rather
/// than a regex over its output.
/// <list type="bullet">
/// <item>Raw HTML is disabled in the parser, so any tag a sender types comes out as escaped text.</item>
/// <item>Links keep only http, https and mailto targets; anything else (javascript:, data:, vbscript:, relative
/// paths) becomes plain text. Links open in a new tab with no referrer and no opener.</item>
/// <item>Images never load: they become ordinary links, so remote content is fetched only when the reader chooses to
/// follow one (a sender cannot learn who read a message through a tracking pixel).</item>
/// <item>Chat extras are built the same way, as nodes in the tree, never by pasting HTML around text: spoilers
/// (<c>||hidden||</c>) are an emphasis the reader reveals, <c>@name</c> of a known member and <c>@everyone</c> /
/// <c>@here</c> become mention pills, and fenced code with a known language is highlighted by ColorCode
/// (<see cref="HighlightedCodeBlockRenderer"/>).</item>
/// </list>
/// </summary>
public static class MessageMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .Use<SpoilerExtension>()
        .Build();

    public static string ToHtml(string markdown) => ToHtml(markdown, MentionNames.None);

    /// <summary>Renders <paramref name="markdown"/>, turning mentions of <paramref name="mentions"/> into pills.</summary>
    public static string ToHtml(string markdown, MentionNames mentions) => ToHtml(markdown, mentions, null);

    /// <summary>
    /// Renders <paramref name="markdown"/> with mention pills, and each <c>:name:</c> token outside code and links that
    /// <paramref name="customEmoji"/> maps to an image URL (a <c>blob:</c> URL of a community's emoji) as that image;
    /// any other token stays text (content.md §3.3).
    /// </summary>
    public static string ToHtml(string markdown, MentionNames mentions, Func<string, string?>? customEmoji)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(mentions);
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        foreach (var spoiler in document.Descendants<EmphasisInline>().Where(e => e.DelimiterChar == '|').ToList())
        {
            var attributes = spoiler.GetAttributes();
            attributes.AddClass("spoiler");
            attributes.AddProperty("role", "button");
            attributes.AddProperty("tabindex", "0");
            attributes.AddProperty("aria-expanded", "false");
            attributes.AddProperty("title", "Spoiler: click or press Enter to reveal");
            attributes.AddProperty("data-testid", "spoiler");
        }

        foreach (var literal in document.Descendants<LiteralInline>().ToList())
        {
            MarkMentions(literal, mentions);
        }

        if (customEmoji is not null)
        {
            MergeLiterals(document);
            foreach (var literal in document.Descendants<LiteralInline>().ToList())
            {
                MarkCustomEmoji(literal, customEmoji);
            }
        }

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            SanitizeLink(link);
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsAllowed(autolink.Url, autolink.IsEmail))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
            else
            {
                autolink.GetAttributes().AddProperty("rel", "noopener noreferrer nofollow");
                autolink.GetAttributes().AddProperty("target", "_blank");
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        if (renderer.ObjectRenderers.FindExact<CodeBlockRenderer>() is { } code)
        {
            renderer.ObjectRenderers.Replace<CodeBlockRenderer>(new HighlightedCodeBlockRenderer(code));
        }

        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    private static void SanitizeLink(LinkInline link)
    {
        if (link.IsImage)
        {
            // Never fetch: show the picture's alt text as a link the reader can choose to open.
            link.IsImage = false;
            var alt = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
            while (link.FirstChild is { } child)
            {
                child.Remove();
            }

            link.AppendChild(new LiteralInline("[image: " + (alt.Length > 0 ? alt : "untitled") + "] (remote, not loaded; open the link to view)"));
        }

        if (link.Url is null || !IsAllowed(link.Url, isEmail: false))
        {
            var text = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
            link.ReplaceBy(new LiteralInline(text.Length > 0 ? text : link.Url ?? string.Empty));
            return;
        }

        link.Title = null;
        link.GetAttributes().AddProperty("rel", "noopener noreferrer nofollow");
        link.GetAttributes().AddProperty("target", "_blank");
    }

    private static bool IsAllowed(string url, bool isEmail) =>
        isEmail
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto));

    /// <summary>
    /// Splits a literal around its mentions: <c>@name</c> (a known username; a trailing '.' or '-' is punctuation) and
    /// <c>@everyone</c> / <c>@here</c>, not inside a link, and not when '@' follows a name character (an e-mail address).
    /// The pill is HTML built here from the escaped name only.
    /// </summary>
    private static void MarkMentions(LiteralInline literal, MentionNames mentions)
    {
        var text = literal.Content.ToString();
        if (!text.Contains('@', StringComparison.Ordinal) || HasLinkAncestor(literal))
        {
            return;
        }

        var parts = new List<Inline>();
        var copied = 0;
        for (var i = text.IndexOf('@', StringComparison.Ordinal); i >= 0 && i < text.Length; i = text.IndexOf('@', i + 1))
        {
            if (i > 0 && IsNameChar(text[i - 1]))
            {
                continue;
            }

            var end = i + 1;
            while (end < text.Length && IsNameChar(text[end]))
            {
                end++;
            }

            var name = text[(i + 1)..end];
            while (name.Length > 0 && !IsMention(name, mentions) && name[^1] is '.' or '-')
            {
                name = name[..^1];
            }

            if (name.Length == 0 || !IsMention(name, mentions))
            {
                continue;
            }

            if (i > copied)
            {
                parts.Add(new LiteralInline(text[copied..i]));
            }

            var isBroad = name is "everyone" or "here";
            var mine = isBroad || string.Equals(name, mentions.MyUsername, StringComparison.OrdinalIgnoreCase);
            parts.Add(new HtmlInline("<span class=\"mention" + (mine ? " mine" : "") + "\" data-testid=\"mention\">@" + WebUtility.HtmlEncode(name) + "</span>"));
            copied = i + 1 + name.Length;
            i = copied - 1;
        }

        if (parts.Count == 0)
        {
            return;
        }

        if (copied < text.Length)
        {
            parts.Add(new LiteralInline(text[copied..]));
        }

        foreach (var part in parts)
        {
            literal.InsertBefore(part);
        }

        literal.Remove();
    }

    /// <summary>Joins neighbouring literals (an unmatched '_' is a literal of its own) so a token like <c>:party_cat:</c> is one string.</summary>
    private static void MergeLiterals(MarkdownDocument document)
    {
        foreach (var literal in document.Descendants<LiteralInline>().ToList())
        {
            if (literal.Parent is null)
            {
                continue;
            }

            while (literal.NextSibling is LiteralInline next)
            {
                literal.Content = new Markdig.Helpers.StringSlice(literal.Content.ToString() + next.Content.ToString());
                next.Remove();
            }
        }
    }

    /// <summary>Replaces the literal by its runs when one of its <c>:name:</c> tokens resolves to an image; the image HTML is built from encoded values only.</summary>
    private static void MarkCustomEmoji(LiteralInline literal, Func<string, string?> resolve)
    {
        var text = literal.Content.ToString();
        if (!text.Contains(':', StringComparison.Ordinal) || HasLinkAncestor(literal))
        {
            return;
        }

        var runs = EmojiRuns.Split(text);
        var urls = runs.Select(r => r.IsToken ? resolve(r.Text) : null).ToList();
        if (!urls.Any(u => u is not null && u.StartsWith("blob:", StringComparison.Ordinal)))
        {
            return;
        }

        for (var i = 0; i < runs.Count; i++)
        {
            if (urls[i] is { } url && url.StartsWith("blob:", StringComparison.Ordinal))
            {
                var alt = WebUtility.HtmlEncode(runs[i].Text);
                literal.InsertBefore(new HtmlInline("<img class=\"custom-emoji\" src=\"" + WebUtility.HtmlEncode(url) + "\" alt=\"" + alt + "\" title=\"" + alt + "\" data-testid=\"custom-emoji\" />"));
            }
            else
            {
                literal.InsertBefore(new LiteralInline(runs[i].Text));
            }
        }

        literal.Remove();
    }

    private static bool IsMention(string name, MentionNames mentions) =>
        name is "everyone" or "here" || mentions.IsKnown(name);

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    private static bool HasLinkAncestor(Inline inline)
    {
        for (var parent = inline.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is LinkInline)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>||text||</c> as an emphasis rendered as a <c>span</c> (given its spoiler attributes after parsing).</summary>
    private sealed class SpoilerExtension : IMarkdownExtension
    {
        public void Setup(MarkdownPipelineBuilder pipeline)
        {
            if (pipeline.InlineParsers.FindExact<EmphasisInlineParser>() is { } parser && !parser.HasEmphasisChar('|'))
            {
                parser.EmphasisDescriptors.Add(new EmphasisDescriptor('|', 2, 2, true));
            }
        }

        public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
        {
            if (renderer is HtmlRenderer html && html.ObjectRenderers.FindExact<EmphasisInlineRenderer>() is { } emphasis)
            {
                var previous = emphasis.GetTag;
                emphasis.GetTag = inline => inline.DelimiterChar == '|' ? "span" : previous(inline);
            }
        }
    }
}
