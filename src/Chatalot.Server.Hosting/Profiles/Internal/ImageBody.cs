using System.Security.Cryptography;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Profiles;
using Chatalot.Server.Hosting.Errors.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Chatalot.Server.Hosting.Profiles.Internal;

/// <summary>An uploaded image whose media type was checked against its bytes' signature.</summary>
internal sealed record CheckedImage(string MediaType, byte[] Data, byte[] Sha256);

/// <summary>
/// Reads an image sent as a raw request body (avatars, banners, custom emoji): an accepted <c>Content-Type</c>
/// (415 <c>unsupported_media_type</c>), at most <c>maxBytes</c> (413 <c>payload_too_large</c>), and bytes whose
/// signature is of that type (422 <c>media_type_mismatch</c>). Nothing is stored unless all three hold.
/// </summary>
internal static class ImageBody
{
    public static async Task<CheckedImage> ReadAsync(HttpContext http, int maxBytes, Func<string?, bool> accepted, string acceptedList)
    {
        var request = http.Request;
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value?.ToLowerInvariant() : null;
        if (!accepted(mediaType))
        {
            throw Fail.Code(ErrorCodes.UnsupportedMediaType, 415, $"The image must be sent as {acceptedList}.");
        }

        if (request.ContentLength > maxBytes)
        {
            throw Fail.TooLarge($"The image exceeds {maxBytes} bytes.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1L;
        }

        var data = await ReadCappedAsync(request.Body, maxBytes, http.RequestAborted).ConfigureAwait(false);
        if (data.Length == 0)
        {
            throw Fail.Validation("body", "The image is empty.");
        }

        if (!ProfileImages.Matches(mediaType, data))
        {
            throw Fail.Code(ErrorCodes.MediaTypeMismatch, 422, $"The bytes are not a {mediaType} image.");
        }

        return new CheckedImage(mediaType!, data, SHA256.HashData(data));
    }

    private static async Task<byte[]> ReadCappedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw Fail.TooLarge($"The image exceeds {maxBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw Fail.TooLarge($"The image exceeds {maxBytes} bytes.");
        }

        return buffer.ToArray();
    }

    /// <summary>Serves a stored image: its checked type, no sniffing, a strong ETag and a short private cache life.</summary>
    public static IResult Serve(HttpContext http, string mediaType, byte[] data, byte[] sha256)
    {
        var etag = "\"" + Convert.ToHexStringLower(sha256) + "\"";
        var headers = http.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "private, max-age=300";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(data, mediaType);
    }
}
