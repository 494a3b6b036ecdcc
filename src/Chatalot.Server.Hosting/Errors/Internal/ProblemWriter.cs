using System.Globalization;
using System.Text.Json;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Serialization;
using Microsoft.AspNetCore.Http;

namespace Chatalot.Server.Hosting.Errors.Internal;

/// <summary>Writes RFC 9457 problem details with the stable <c>code</c> member.</summary>
internal static class ProblemWriter
{
    public static async Task WriteAsync(HttpContext http, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null, string? challenge = null)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        http.Response.Clear();
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        int? retrySeconds = retryAfter is { } r ? (int)Math.Ceiling(Math.Max(1, r.TotalSeconds)) : null;
        if (retrySeconds is { } s)
        {
            http.Response.Headers.RetryAfter = s.ToString(CultureInfo.InvariantCulture);
        }

        var problem = new ChatalotProblemDetails(
            "about:blank",
            TitleFor(status),
            status,
            code,
            detail,
            http.Request.Path.Value,
            errors,
            retrySeconds) { Challenge = challenge };
        await JsonSerializer.SerializeAsync(http.Response.Body, problem, ChatalotJson.GetTypeInfo<ChatalotProblemDetails>(), http.RequestAborted).ConfigureAwait(false);
    }

    public static string CodeFor(int status) => status switch
    {
        400 => ErrorCodes.MalformedRequest,
        401 => ErrorCodes.Unauthenticated,
        403 => ErrorCodes.Forbidden,
        404 or 405 => ErrorCodes.NotFound,
        409 => ErrorCodes.Conflict,
        413 => ErrorCodes.PayloadTooLarge,
        415 => ErrorCodes.MalformedRequest,
        422 => ErrorCodes.ValidationFailed,
        429 => ErrorCodes.RateLimited,
        503 => ErrorCodes.Unavailable,
        _ => ErrorCodes.InternalError,
    };

    private static string TitleFor(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
}
