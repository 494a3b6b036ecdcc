namespace Chatalot.Protocol.Accounts;

/// <summary>One logged-in session (a refresh-token family) of the current user.</summary>
/// <param name="Id">The session id.</param>
/// <param name="DeviceName">The label given at login, if any.</param>
/// <param name="CreatedAt">When the session was created (login or registration).</param>
/// <param name="LastUsedAt">When the session was last seen: a login, refresh or gateway connect (updated at most once a minute).</param>
/// <param name="ExpiresAt">When the session's current refresh token expires.</param>
/// <param name="Current">Whether this is the session of the calling access token.</param>
public sealed record SessionInfo(
    Guid Id,
    string? DeviceName,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    bool Current)
{
    /// <summary>
    /// The client address the session was last seen from (login, refresh or gateway connect), as the server saw it;
    /// <see langword="null"/> for sessions older than the field.
    /// </summary>
    public string? LastAddress { get; init; }
}
