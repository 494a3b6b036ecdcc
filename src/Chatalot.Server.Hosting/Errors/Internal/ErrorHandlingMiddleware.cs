using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Chatalot.Server.Hosting.Errors.Internal;

/// <summary>
/// Turns every failure under the Chatalot routes into a problem detail: typed server exceptions keep their code and
/// status, framework bad-request errors (malformed JSON, unparsable ids, oversized bodies) become 4xx, and anything
/// unexpected becomes a 500 that reveals nothing. Also gives bodiless 404/405 answers a problem body.
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http).ConfigureAwait(false);
            if (!http.Response.HasStarted && http.Response.StatusCode >= 400 && http.Response.ContentLength is null &&
                http.Response.ContentType is null && http.Request.Path.StartsWithSegments(ProtocolVersion.ApiPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var status = http.Response.StatusCode;
                await ProblemWriter.WriteAsync(http, status, ProblemWriter.CodeFor(status), status == 404 ? "No such route or resource." : "The request failed.").ConfigureAwait(false);
            }
        }
        catch (ChatalotServerException ex)
        {
            await ProblemWriter.WriteAsync(http, ex.StatusCode, ex.Code, ex.Message, ex.FieldErrors, ex.RetryAfter, (ex as Security.Internal.TwoFactorRequiredException)?.Challenge).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            var status = ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : 400;
            await ProblemWriter.WriteAsync(http, status, ProblemWriter.CodeFor(status), status == 413 ? "The body is too large." : "The request is malformed (bad JSON, id or parameter).").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex)
        {
            LogUnhandled(logger, http.Request.Method, http.Request.Path.Value ?? "", ex);
            await ProblemWriter.WriteAsync(http, 500, ErrorCodes.InternalError, "An unexpected error occurred.").ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
