using Chatalot.Protocol.Errors;

namespace Chatalot.Server.Hosting.Errors;

/// <summary>
/// The root of the server's exceptions: a failure with a stable <see cref="ErrorCodes"/> code and an HTTP status.
/// Thrown by the server's services and turned into an RFC 9457 problem detail (REST) or an <c>error</c> frame (gateway).
/// The message is sent to clients, so it never holds secrets or internal details.
/// </summary>
public class ChatalotServerException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">A stable code from <see cref="ErrorCodes"/>.</param>
    /// <param name="statusCode">The HTTP status to answer with.</param>
    /// <param name="message">A client-safe explanation.</param>
    /// <param name="retryAfter">For rate limits and lockouts: how long to wait.</param>
    public ChatalotServerException(string code, int statusCode, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        Code = code;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates an exception with a default message.</summary>
    public ChatalotServerException()
        : this(ErrorCodes.InternalError, 500, "Internal error.")
    {
    }

    /// <summary>Creates an internal error with a client-safe message.</summary>
    /// <param name="message">A client-safe explanation.</param>
    public ChatalotServerException(string message)
        : this(ErrorCodes.InternalError, 500, message)
    {
    }

    /// <summary>Creates an internal error wrapping another exception (whose text is never sent to clients).</summary>
    /// <param name="message">A client-safe explanation.</param>
    /// <param name="innerException">The cause.</param>
    public ChatalotServerException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCodes.InternalError;
        StatusCode = 500;
    }

    /// <summary>The stable error code.</summary>
    public string Code { get; } = ErrorCodes.InternalError;

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; } = 500;

    /// <summary>How long to wait before retrying, for rate limits and lockouts.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Per-field validation messages, keyed by snake_case member name.</summary>
    public IReadOnlyDictionary<string, string[]>? FieldErrors { get; init; }
}
