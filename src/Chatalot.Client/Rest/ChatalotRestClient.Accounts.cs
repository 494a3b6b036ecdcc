using Chatalot.Protocol.Accounts;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>GET /server</c>: the server's name, version, registration mode and limits. No sign-in needed.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server information.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<ServerInfo> GetServerInfoAsync(CancellationToken cancellationToken = default) =>
        SendCoreAsync(HttpMethod.Get, "server", null, Info<ServerInfo>(), authenticate: false, cancellationToken)!;

    /// <summary><c>POST /auth/register</c>: creates an account and signs this client in.</summary>
    /// <param name="request">The account to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new session (tokens are kept by this client; the response's <c>ToString</c> redacts them).</returns>
    /// <exception cref="ChatalotApiException"><c>username_taken</c>, <c>registration_closed</c>, <c>invite_invalid</c>, <c>validation_failed</c>…</exception>
    public async Task<AuthResponse> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken = default)
    {
        var session = await SendAsync(HttpMethod.Post, "auth/register", request, Info<RegisterRequest>(), Info<AuthResponse>(), authenticate: false, cancellationToken).ConfigureAwait(false);
        await AdoptAsync(session, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary><c>POST /auth/login</c>: signs this client in.</summary>
    /// <param name="request">The credentials.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new session.</returns>
    /// <exception cref="ChatalotApiException"><c>invalid_credentials</c>, <c>account_locked</c> (with <c>RetryAfter</c>), <c>account_suspended</c>…</exception>
    public async Task<AuthResponse> LoginAsync(LoginRequest request, CancellationToken cancellationToken = default)
    {
        var session = await SendAsync(HttpMethod.Post, "auth/login", request, Info<LoginRequest>(), Info<AuthResponse>(), authenticate: false, cancellationToken).ConfigureAwait(false);
        await AdoptAsync(session, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>Adopts tokens obtained elsewhere (for example restored from secure storage). Not written to the device store
    /// even with <see cref="ChatalotClientOptions.PersistSession"/> (the next refresh writes its rotated token).</summary>
    /// <param name="session">The session.</param>
    public void UseSession(AuthResponse session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Volatile.Write(ref _session, session);
    }

    /// <summary><c>POST /auth/logout</c>: ends this client's session on the server and forgets the tokens.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when signed out.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _session) is not { } session)
        {
            return;
        }

        await SendNoContentAsync(HttpMethod.Post, "auth/logout", new RefreshRequest(session.RefreshToken), cancellationToken).ConfigureAwait(false);
        await AdoptAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /users/me</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The signed-in user.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<User> GetMeAsync(CancellationToken cancellationToken = default) => GetAsync("users/me", Info<User>(), cancellationToken);

    /// <summary><c>PATCH /users/me</c>: updates the profile.</summary>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated user.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<User> UpdateProfileAsync(UpdateProfileRequest request, CancellationToken cancellationToken = default) =>
        PatchAsync<UpdateProfileRequest, User>("users/me", request, cancellationToken);

    /// <summary><c>POST /users/me/password</c>: changes the password (the server ends the user's other sessions).</summary>
    /// <param name="request">The current and new password.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when changed.</returns>
    /// <exception cref="ChatalotApiException"><c>wrong_current_password</c> (403), <c>account_locked</c> (429, with <c>RetryAfter</c>), <c>validation_failed</c>.</exception>
    public Task ChangePasswordAsync(ChangePasswordRequest request, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, "users/me/password", request, cancellationToken);

    /// <summary><c>GET /users/me/sessions</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user's sessions.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<IReadOnlyList<SessionInfo>> GetSessionsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("users/me/sessions", Info<IReadOnlyList<SessionInfo>>(), cancellationToken);

    /// <summary><c>DELETE /users/me/sessions/{id}</c>: revokes a session (its gateway connections close at once).</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when revoked.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task RevokeSessionAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"users/me/sessions/{sessionId}", cancellationToken);

    /// <summary><c>GET /users/me/blocks</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The blocked users.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<IReadOnlyList<BlockedUser>> GetBlockedUsersAsync(CancellationToken cancellationToken = default) =>
        GetAsync("users/me/blocks", Info<IReadOnlyList<BlockedUser>>(), cancellationToken);

    /// <summary><c>PUT /users/me/blocks/{id}</c>: blocks a user (no DMs either way).</summary>
    /// <param name="user">The user to block.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when blocked.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task BlockUserAsync(UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Put, $"users/me/blocks/{user}", cancellationToken);

    /// <summary><c>DELETE /users/me/blocks/{id}</c>.</summary>
    /// <param name="user">The user to unblock.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when unblocked.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task UnblockUserAsync(UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"users/me/blocks/{user}", cancellationToken);

    /// <summary><c>GET /users/{id}</c>.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user's public profile.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task<User> GetUserAsync(UserId user, CancellationToken cancellationToken = default) =>
        GetAsync($"users/{user}", Info<User>(), cancellationToken);
}
