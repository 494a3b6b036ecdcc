namespace Chatalot.Protocol.Previews;

/// <summary>
/// What <c>POST /api/v1/link-previews</c> found on a page (Open Graph, Twitter card and HTML title/description), for
/// the sender's client to put in a <c>LinkPreview</c> inside its encrypted message.
/// </summary>
/// <param name="Url">The page's URL after redirects.</param>
/// <param name="Title">The title, at most <see cref="ChatalotLimits.LinkPreviewTitleMaxLength"/> characters.</param>
/// <param name="Description">The description, at most <see cref="ChatalotLimits.LinkPreviewDescriptionMaxLength"/> characters.</param>
/// <param name="SiteName">The site's name, at most <see cref="ChatalotLimits.LinkPreviewSiteNameMaxLength"/> characters.</param>
/// <param name="ImageUrl">The page's preview image, to fetch with <c>POST /api/v1/link-previews/image</c>.</param>
public sealed record LinkMetadata(string Url, string? Title, string? Description, string? SiteName, string? ImageUrl);
