using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
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
/// </list>
/// </summary>
public static class MessageMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    public static string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
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
}
