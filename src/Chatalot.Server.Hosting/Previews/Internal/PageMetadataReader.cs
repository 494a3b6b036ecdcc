using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Chatalot.Protocol;
using Chatalot.Protocol.Previews;

namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>
/// Reads a page's preview metadata: Open Graph first, then the Twitter card, then the HTML title and description.
/// Values are trimmed, whitespace-collapsed and cut to the content format's limits; relative image URLs resolve against
/// the page's URL. Parsing is AngleSharp's HTML5 parser, which also detects the page's character set.
/// </summary>
internal static class PageMetadataReader
{
    public static LinkMetadata Read(FetchedResource page)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var body = new MemoryStream(page.Body, writable: false);
        using var document = parser.ParseDocument(body);
        var title = Meta(document, "og:title") ?? Meta(document, "twitter:title") ?? document.Title;
        var description = Meta(document, "og:description") ?? Meta(document, "twitter:description") ?? Meta(document, "description");
        var siteName = Meta(document, "og:site_name");
        var image = Meta(document, "og:image:secure_url") ?? Meta(document, "og:image") ?? Meta(document, "twitter:image");
        return new LinkMetadata(
            page.Url.AbsoluteUri,
            Clean(title, ChatalotLimits.LinkPreviewTitleMaxLength),
            Clean(description, ChatalotLimits.LinkPreviewDescriptionMaxLength),
            Clean(siteName, ChatalotLimits.LinkPreviewSiteNameMaxLength),
            ResolveImage(page.Url, image));
    }

    private static string? Meta(IDocument document, string name)
    {
        foreach (var meta in document.QuerySelectorAll("meta"))
        {
            var key = meta.GetAttribute("property") ?? meta.GetAttribute("name");
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && meta.GetAttribute("content") is { Length: > 0 } content)
            {
                return content;
            }
        }

        return null;
    }

    private static string? Clean(string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var collapsed = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length <= maxLength)
        {
            return collapsed;
        }

        // Cut on a character boundary, never inside a surrogate pair, and mark the cut.
        var cut = maxLength - 1;
        if (char.IsHighSurrogate(collapsed[cut - 1]))
        {
            cut--;
        }

        return string.Concat(collapsed.AsSpan(0, cut), "…");
    }

    private static string? ResolveImage(Uri page, string? image)
    {
        if (string.IsNullOrWhiteSpace(image) || !Uri.TryCreate(page, image.Trim(), out var resolved)
            || resolved.Scheme is not ("https" or "http") || resolved.AbsoluteUri.Length > ChatalotLimits.LinkPreviewUrlMaxLength)
        {
            return null;
        }

        return resolved.AbsoluteUri;
    }
}
