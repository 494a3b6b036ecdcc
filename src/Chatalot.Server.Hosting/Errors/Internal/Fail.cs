using Chatalot.Protocol.Errors;

namespace Chatalot.Server.Hosting.Errors.Internal;

/// <summary>Factory of the server's standard failures, so status and code always travel together.</summary>
internal static class Fail
{
    public static ChatalotServerException Validation(string field, string message) =>
        new(ErrorCodes.ValidationFailed, 422, message) { FieldErrors = new Dictionary<string, string[]> { [field] = [message] } };

    public static ChatalotServerException TooLarge(string message) => new(ErrorCodes.PayloadTooLarge, 413, message);

    public static ChatalotServerException Unauthenticated(string message = "A valid access token is required.") =>
        new(ErrorCodes.Unauthenticated, 401, message);

    public static ChatalotServerException Forbidden(string message = "You lack the role this operation needs.") =>
        new(ErrorCodes.Forbidden, 403, message);

    public static ChatalotServerException NotFound(string what) => new(ErrorCodes.NotFound, 404, $"{what} was not found.");

    public static ChatalotServerException Conflict(string message) => new(ErrorCodes.Conflict, 409, message);

    public static ChatalotServerException Code(string code, int status, string message) => new(code, status, message);

    public static ChatalotServerException RateLimited(TimeSpan retryAfter, string code = ErrorCodes.RateLimited) =>
        new(code, 429, "Too many requests; retry later.", retryAfter);
}
