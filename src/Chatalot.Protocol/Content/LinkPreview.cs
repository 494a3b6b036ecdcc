namespace Chatalot.Protocol.Content;

/// <summary>
/// A preview of a link in a message's text (content.md §3.6), built by the <em>sender's</em> client and encrypted with
/// the message, so readers never contact the linked site.
/// </summary>
/// <param name="Url">The previewed link, an <c>https</c> URL that appears in the message's text.</param>
/// <param name="Title">The page's title.</param>
/// <param name="Description">The page's description.</param>
/// <param name="SiteName">The site's name.</param>
/// <param name="Thumbnail">A small image of the page, inline.</param>
public sealed record LinkPreview(string Url, string? Title = null, string? Description = null, string? SiteName = null, AttachmentThumbnail? Thumbnail = null)
{
    /// <summary>Describes the preview without its image bytes.</summary>
    /// <returns>The URL and title.</returns>
    public override string ToString() => $"LinkPreview {{ Url = {Url}, Title = {Title} }}";
}
