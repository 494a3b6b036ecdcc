using Chatalot.Client.Rest;
using Chatalot.Protocol;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Errors;

namespace Chatalot.Client.Previews;

/// <summary>
/// Builds link previews on the <em>sender's</em> side (client.md, "Link previews"): the server fetches the page for
/// this client (so the site never sees the user's address), and the preview — title, description, site and a small
/// thumbnail — travels encrypted inside the message, so readers never contact the link. Opt-in: nothing is fetched
/// unless a host calls this. The server sees the links previewed; a user who minds turns previews off.
/// </summary>
public sealed class LinkPreviewClient
{
    private readonly ChatalotRestClient _rest;

    internal LinkPreviewClient(ChatalotRestClient rest) => _rest = rest;

    /// <summary>
    /// The preview of <paramref name="url"/>, or <see langword="null"/> when the server cannot make one (previews off,
    /// a private or non-https address, an unreachable site, a page without a title or description).
    /// </summary>
    /// <param name="url">An https URL that appears in the message's text.</param>
    /// <param name="thumbnails">Makes the inline thumbnail from the page's image; without it the preview has no image.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The preview, or null.</returns>
    /// <exception cref="ChatalotApiException">Any other server error (authentication, rate limit).</exception>
    public async Task<LinkPreview?> CreateAsync(string url, ThumbnailMaker? thumbnails = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        Protocol.Previews.LinkMetadata metadata;
        try
        {
            metadata = await _rest.GetLinkMetadataAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotApiException ex) when (IsNoPreview(ex))
        {
            return null;
        }

        if (metadata.Title is null && metadata.Description is null)
        {
            return null;
        }

        AttachmentThumbnail? thumbnail = null;
        if (thumbnails is not null && metadata.ImageUrl is { } image)
        {
            try
            {
                thumbnail = await thumbnails(await _rest.GetLinkImageAsync(image, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotApiException ex) when (IsNoPreview(ex))
            {
                // The page previews without its image.
            }
        }

        if (thumbnail is { } t && t.Data.Length > ChatalotLimits.ThumbnailMaxBytes)
        {
            thumbnail = null;
        }

        // The preview names the link as the sender typed it (content.md §3.6: it must appear in the text).
        return new LinkPreview(url, metadata.Title, metadata.Description, metadata.SiteName, thumbnail);
    }

    /// <summary>
    /// <paramref name="content"/> with previews of the links in its text (<see cref="LinkFinder"/>, at most three),
    /// or unchanged when it has no link or none can be previewed. Fetches run in parallel.
    /// </summary>
    /// <param name="content">A text, reply, thread reply or edit.</param>
    /// <param name="thumbnails">Makes the thumbnails; see <see cref="CreateAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The content to send.</returns>
    public async Task<MessageContent> AddPreviewsAsync(MessageContent content, ThumbnailMaker? thumbnails = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var links = LinkFinder.FindLinks(content.Text);
        if (links.Count == 0 || content.Kind is not (ContentKind.Text or ContentKind.Reply or ContentKind.ThreadReply or ContentKind.Edit))
        {
            return content;
        }

        var previews = await Task.WhenAll(links.Select(l => CreateAsync(l, thumbnails, cancellationToken))).ConfigureAwait(false);
        var found = previews.OfType<LinkPreview>().ToList();
        return found.Count == 0 ? content : content with { LinkPreviews = found };
    }

    private static bool IsNoPreview(ChatalotApiException ex) =>
        ex.Code is ErrorCodes.LinkBlocked or ErrorCodes.LinkUnreachable or ErrorCodes.NotFound or ErrorCodes.ValidationFailed;
}
