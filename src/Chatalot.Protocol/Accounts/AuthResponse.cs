namespace Chatalot.Protocol.Accounts;

/// <summary>Tokens of a session, returned by register, login and refresh.</summary>
/// <param name="AccessToken">A short-lived bearer token for <c>Authorization: Bearer</c> and gateway authentication.</param>
/// <param name="AccessTokenExpiresAt">When the access token stops being accepted.</param>
/// <param name="RefreshToken">A single-use token that buys the next pair; presenting it twice revokes the session.</param>
/// <param name="RefreshTokenExpiresAt">When the refresh token expires.</param>
/// <param name="SessionId">The session (refresh-token family) these tokens belong to.</param>
/// <param name="User">The authenticated user.</param>
public sealed record AuthResponse(
    string AccessToken,
    DateTimeOffset AccessTokenExpiresAt,
    string RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt,
    Guid SessionId,
    User User)
{
    /// <summary>
    /// Only in the answer to <c>POST /auth/register</c>: the account's recovery code, shown this once (the server keeps
    /// only its hash). It resets a forgotten password through <c>POST /auth/recover</c>; redacted by <see cref="ToString"/>.
    /// </summary>
    public string? RecoveryCode { get; init; }

    /// <summary>Redacts the tokens so they can never reach a log through <see cref="object.ToString"/>.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"AuthResponse {{ SessionId = {SessionId}, User = {User.Username} }}";
}
