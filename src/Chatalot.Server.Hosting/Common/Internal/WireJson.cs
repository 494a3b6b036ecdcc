using System.Text.Json;
using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Serialization;
using Chatalot.Server.Hosting.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>
/// Reads and writes request/response bodies with the wire settings (<see cref="ChatalotJson"/>) rather than the host's
/// global JSON options, so embedding the server never changes how the host app's own endpoints serialise.
/// </summary>
internal static class WireJson
{
    public static async ValueTask<T> ReadAsync<T>(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ChatalotServerException(ErrorCodes.MalformedRequest, 415, "The body must be application/json.");
        }

        if (request.ContentLength > ChatalotLimits.RequestBodyMaxBytes)
        {
            throw new ChatalotServerException(ErrorCodes.PayloadTooLarge, 413, $"The body exceeds {ChatalotLimits.RequestBodyMaxBytes} bytes.");
        }

        // Bodies without a Content-Length (chunked) are capped while streaming.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ChatalotLimits.RequestBodyMaxBytes;
        }

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

    public static IResult Ok<T>(T value) => TypedResults.Json(value, ChatalotJson.GetTypeInfo<T>());

    public static IResult Created<T>(T value) => TypedResults.Json(value, ChatalotJson.GetTypeInfo<T>(), statusCode: StatusCodes.Status201Created);
}
