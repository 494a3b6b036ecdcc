using System.Net;

namespace Chatalot.Client;

/// <summary>
/// The server refused a REST call. <see cref="ChatalotClientException.Code"/> is the server's stable error code
/// (<c>Chatalot.Protocol.Errors.ErrorCodes</c>, documented in <c>docs/protocol/rest.md</c>).
/// </summary>
public sealed class ChatalotApiException : ChatalotClientException
{
    /// <summary>Creates an API exception.</summary>
    /// <param name="code">The server's error code.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="message">The problem's title and detail (the server never puts secrets or internals there).</param>
    /// <param name="retryAfter">For rate limits and lockouts: how long to wait.</param>
    /// <param name="validationErrors">Per-field messages for validation failures.</param>
    public ChatalotApiException(string code, HttpStatusCode statusCode, string message, TimeSpan? retryAfter = null, IReadOnlyDictionary<string, string[]>? validationErrors = null)
        : base(code, message)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        ValidationErrors = validationErrors ?? new Dictionary<string, string[]>();
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>How long the server asked the client to wait, for rate limits and lockouts.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Per-field validation messages, keyed by wire (snake_case) member name; empty when not a validation failure.</summary>
    public IReadOnlyDictionary<string, string[]> ValidationErrors { get; }

    /// <summary>
    /// On <c>offset_mismatch</c> (an upload <c>PATCH</c> that did not start where the server is): the server's offset,
    /// from its <c>Upload-Offset</c> header, to resume from; otherwise <see langword="null"/>.
    /// </summary>
    public long? UploadOffset { get; init; }

    /// <summary>
    /// On <c>two_factor_required</c> (a login whose password was right, for an account with two-factor sign-in on): the
    /// opaque challenge to finish with <c>ChatalotRestClient.CompleteTwoFactorLoginAsync</c> within 5 minutes; otherwise
    /// <see langword="null"/>. A secret: never log it (<see cref="Exception.ToString"/> does not include it).
    /// </summary>
    public string? TwoFactorChallenge { get; init; }
}
