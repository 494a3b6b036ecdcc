using System.Text.Json;
using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Serialization;
using Chatalot.Server.Hosting.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>
/// Reads and writes request/response bodies with the wire settings (<see cref="ChatalotJson"/>) rather than the host's
/// global JSON options, so embedding the server never changes how the host app's own endpoints serialise.
/// </summary>
internal static class WireJson
{
    /// <summary>
    /// Reads a body documented as optional: a request without one (no body, <c>Content-Length: 0</c>, or an empty
    /// chunked body), whatever its content type, gets <paramref name="absent"/>.
    /// </summary>
    public static async ValueTask<T> ReadOptionalAsync<T>(HttpContext http, T absent)
    {
        if (!(http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? http.Request.ContentLength is > 0))
        {
            return absent;
        }

        if (http.Request.ContentLength is null)
        {
            // Chunked: only the first read tells whether anything was sent. The body is rewindable (mutating routes
            // buffer it anyway, for RaceSafeWriteFilter's reruns), so peek one byte through the stream and rewind;
            // peeking through BodyReader instead would strand the bytes it buffered away from the stream ReadAsync uses.
            CapBodySize(http);
            http.Request.EnableBuffering(ChatalotLimits.RequestBodyMaxBytes);
            var first = new byte[1];
            var read = await http.Request.Body.ReadAsync(first, http.RequestAborted).ConfigureAwait(false);
            http.Request.Body.Position = 0;
            if (read == 0)
            {
                return absent;
            }
        }

        return await ReadAsync<T>(http).ConfigureAwait(false);
    }

    public static async ValueTask<T> ReadAsync<T>(HttpContext http)
    {
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !string.Equals(mediaType.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ChatalotServerException(ErrorCodes.MalformedRequest, 415, "The body must be application/json.");
        }

        if (request.ContentLength > ChatalotLimits.RequestBodyMaxBytes)
        {
            throw new ChatalotServerException(ErrorCodes.PayloadTooLarge, 413, $"The body exceeds {ChatalotLimits.RequestBodyMaxBytes} bytes.");
        }

        CapBodySize(http);

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, ChatalotJson.GetTypeInfo<T>(), http.RequestAborted).ConfigureAwait(false);
            return value ?? throw new ChatalotServerException(ErrorCodes.MalformedRequest, 400, "The body must not be null.");
        }
        catch (JsonException ex)
        {
            // The JSON path (not the exception text, which can echo input) tells the client which member is wrong.
            throw new ChatalotServerException(ErrorCodes.MalformedRequest, 400, $"The body is not valid for this route (at {ex.Path ?? "$"}).");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ChatalotServerException(ErrorCodes.PayloadTooLarge, 413, "The body is too large.");
        }
    }

    /// <summary>Bodies without a Content-Length (chunked) are capped while streaming.</summary>
    private static void CapBodySize(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ChatalotLimits.RequestBodyMaxBytes;
        }
    }

    public static IResult Ok<T>(T value) => TypedResults.Json(value, ChatalotJson.GetTypeInfo<T>());

    public static IResult Created<T>(T value) => TypedResults.Json(value, ChatalotJson.GetTypeInfo<T>(), statusCode: StatusCodes.Status201Created);
}
