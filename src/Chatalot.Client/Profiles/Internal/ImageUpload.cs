using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Profiles;

namespace Chatalot.Client.Profiles.Internal;

/// <summary>Reads an image to upload and checks it the way the server will, so a wrong type fails before any upload.</summary>
internal static class ImageUpload
{
    // Far past any server's configured limit: the server answers payload_too_large for anything its settings refuse.
    private const int ReadCap = 64 * 1024 * 1024;

    public static async Task<byte[]> ReadCheckedAsync(Stream image, string mediaType, Func<string?, bool> accepted, string acceptedList, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mediaType);
        var type = mediaType.Trim().ToLowerInvariant();
        if (!accepted(type))
        {
            throw new ChatalotClientException(ErrorCodes.UnsupportedMediaType, $"The image must be {acceptedList}.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await image.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > ReadCap)
            {
                throw new ChatalotClientException(ErrorCodes.PayloadTooLarge, "The image is too large.");
            }

            buffer.Write(chunk, 0, read);
        }

        var data = buffer.ToArray();
        if (!ProfileImages.Matches(type, data))
        {
            throw new ChatalotClientException(ErrorCodes.MediaTypeMismatch, $"The bytes are not a {type} image.");
        }

        return data;
    }
}
