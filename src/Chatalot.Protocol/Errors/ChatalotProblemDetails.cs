namespace Chatalot.Protocol.Errors;

/// <summary>
/// An RFC 9457 problem detail as the server sends it, extended with the stable <c>code</c>.
/// Served with media type <c>application/problem+json</c>.
/// </summary>
/// <param name="Type">A URI reference naming the problem type (<c>about:blank</c> or a docs link).</param>
/// <param name="Title">A short, human-readable summary of the problem type.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Code">The stable machine-readable code, one of <see cref="ErrorCodes"/>.</param>
/// <param name="Detail">A human-readable explanation of this occurrence; never internal exception text.</param>
/// <param name="Instance">The request path.</param>
/// <param name="Errors">Per-field validation messages keyed by snake_case member name, for validation failures.</param>
/// <param name="RetryAfterSeconds">For rate limits and lockouts: seconds to wait (also in <c>Retry-After</c>).</param>
public sealed record ChatalotProblemDetails(
    string? Type,
    string? Title,
    int? Status,
    string Code,
    string? Detail = null,
    string? Instance = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    int? RetryAfterSeconds = null)
{
    /// <summary>
    /// For <see cref="ErrorCodes.TwoFactorRequired"/>: the opaque, short-lived challenge to send to
    /// <c>POST /auth/login/2fa</c> with a code; otherwise <see langword="null"/>. A secret: never log it.
    /// </summary>
    public string? Challenge { get; init; }
}
