namespace Chatalot.Protocol.Accounts;

/// <summary>One logged-in session (a refresh-token family) of the current user.</summary>
/// <param name="Id">The session id.</param>
/// <param name="DeviceName">The label given at login, if any.</param>
/// <param name="CreatedAt">When the session was created (login or registration).</param>
/// <param name="LastUsedAt">When its refresh token was last rotated.</param>
/// <param name="ExpiresAt">When the session's current refresh token expires.</param>
/// <param name="Current">Whether this is the session of the calling access token.</param>
public sealed record SessionInfo(
    Guid Id,
    string? DeviceName,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    bool Current);
