using Chatalot.Protocol.Content;

namespace Chatalot.Client.Previews;

/// <summary>
/// Makes a small inline thumbnail (at most <see cref="Protocol.ChatalotLimits.ThumbnailMaxBytes"/>) from an image, for
/// a link preview or an attachment. The SDK does not decode images itself: a host supplies one (the web app draws on a
/// canvas), and without one previews carry no image.
/// </summary>
/// <param name="image">The full image.</param>
/// <param name="cancellationToken">Cancels the work.</param>
/// <returns>The thumbnail, or <see langword="null"/> when none can be made.</returns>
public delegate ValueTask<AttachmentThumbnail?> ThumbnailMaker(RelayedMedia image, CancellationToken cancellationToken);
