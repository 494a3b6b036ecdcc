using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary>
    /// <c>POST /auth/login</c>, finishing with a second factor when the account needs one: on
    /// <c>two_factor_required</c>, <paramref name="twoFactorCode"/> is asked for a code (the authenticator app's, or an
    /// unused backup code) and <see cref="CompleteTwoFactorLoginAsync"/> signs this client in.
    /// </summary>
    /// <param name="request">The credentials.</param>
    /// <param name="twoFactorCode">Supplies a code when the server asks for one; when null, <c>two_factor_required</c> is thrown.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new session.</returns>
    /// <exception cref="ChatalotApiException"><c>invalid_credentials</c>, <c>two_factor_required</c> (no callback), <c>invalid_two_factor_code</c>, <c>account_locked</c>…</exception>
    public async Task<AuthResponse> LoginAsync(LoginRequest request, Func<CancellationToken, ValueTask<string>>? twoFactorCode, CancellationToken cancellationToken = default)
    {
        try
        {
            return await LoginAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotApiException ex) when (ex.Code == ErrorCodes.TwoFactorRequired && ex.TwoFactorChallenge is { } challenge && twoFactorCode is not null)
        {
            var code = await twoFactorCode(cancellationToken).ConfigureAwait(false);
            return await CompleteTwoFactorLoginAsync(new TwoFactorLoginRequest(challenge, Code: code), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>POST /auth/login/2fa</c>: finishes a login that answered <c>two_factor_required</c>, with the exception's
    /// <see cref="ChatalotApiException.TwoFactorChallenge"/> and a code or backup code, and signs this client in.
    /// </summary>
    /// <param name="request">The challenge and exactly one of a code and a backup code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new session.</returns>
    /// <exception cref="ChatalotApiException"><c>invalid_two_factor_code</c>, <c>invalid_two_factor_challenge</c> (sign in again), <c>account_locked</c>.</exception>
    public async Task<AuthResponse> CompleteTwoFactorLoginAsync(TwoFactorLoginRequest request, CancellationToken cancellationToken = default)
    {
        var session = await SendAsync(HttpMethod.Post, "auth/login/2fa", request, Info<TwoFactorLoginRequest>(), Info<AuthResponse>(), authenticate: false, cancellationToken).ConfigureAwait(false);
        await AdoptAsync(session, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary><c>POST /auth/recover</c>: sets a new password with the recovery code. Every session of the account ends.</summary>
    /// <param name="request">The user name, recovery code and new password.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account's new recovery code (the one used is spent): show it to the user once.</returns>
    /// <exception cref="ChatalotApiException"><c>invalid_recovery_code</c>, <c>account_locked</c>, <c>validation_failed</c>.</exception>
    public Task<RecoveryCode> RecoverAccountAsync(RecoverAccountRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "auth/recover", request, Info<RecoverAccountRequest>(), Info<RecoveryCode>(), authenticate: false, cancellationToken);

    /// <summary><c>GET /users/me/security</c>: whether two-factor sign-in is on, backup codes left, whether a recovery code exists.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account's security state.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<AccountSecurity> GetAccountSecurityAsync(CancellationToken cancellationToken = default) =>
        GetAsync("users/me/security", Info<AccountSecurity>(), cancellationToken);

    /// <summary><c>POST /users/me/2fa/setup</c>: a new TOTP secret (base32 and <c>otpauth://</c> URI) to confirm with <see cref="EnableTwoFactorAsync"/>.</summary>
    /// <param name="password">The current password.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The secret; show it (as a QR code) and forget it.</returns>
    /// <exception cref="ChatalotApiException"><c>wrong_current_password</c>, <c>two_factor_state</c> (already on), <c>account_locked</c>.</exception>
    public Task<TwoFactorSetup> SetupTwoFactorAsync(string password, CancellationToken cancellationToken = default) =>
        PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("users/me/2fa/setup", new TwoFactorSetupRequest(password), cancellationToken);

    /// <summary><c>POST /users/me/2fa/enable</c>: turns two-factor sign-in on with a code from the new secret.</summary>
    /// <param name="code">The authenticator app's current code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>10 single-use backup codes, shown this once.</returns>
    /// <exception cref="ChatalotApiException"><c>invalid_two_factor_code</c>, <c>two_factor_state</c>, <c>account_locked</c>.</exception>
    public Task<BackupCodes> EnableTwoFactorAsync(string code, CancellationToken cancellationToken = default) =>
        PostAsync<TwoFactorCodeRequest, BackupCodes>("users/me/2fa/enable", new TwoFactorCodeRequest(code), cancellationToken);

    /// <summary><c>POST /users/me/2fa/disable</c>: turns two-factor sign-in off (and drops the backup codes).</summary>
    /// <param name="password">The current password.</param>
    /// <param name="code">A current code or an unused backup code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when it is off.</returns>
    /// <exception cref="ChatalotApiException"><c>wrong_current_password</c>, <c>invalid_two_factor_code</c>, <c>two_factor_state</c>, <c>account_locked</c>.</exception>
    public Task DisableTwoFactorAsync(string password, string code, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, "users/me/2fa/disable", new TwoFactorDisableRequest(password, code), cancellationToken);

    /// <summary><c>POST /users/me/2fa/backup-codes</c>: replaces every backup code.</summary>
    /// <param name="code">A current code or an unused backup code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new codes, shown this once.</returns>
    /// <exception cref="ChatalotApiException"><c>invalid_two_factor_code</c>, <c>two_factor_state</c>, <c>account_locked</c>.</exception>
    public Task<BackupCodes> RegenerateBackupCodesAsync(string code, CancellationToken cancellationToken = default) =>
        PostAsync<TwoFactorCodeRequest, BackupCodes>("users/me/2fa/backup-codes", new TwoFactorCodeRequest(code), cancellationToken);

    /// <summary><c>POST /users/me/recovery-code</c>: replaces the recovery code.</summary>
    /// <param name="password">The current password.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new recovery code, shown this once.</returns>
    /// <exception cref="ChatalotApiException"><c>wrong_current_password</c>, <c>account_locked</c>.</exception>
    public Task<RecoveryCode> RegenerateRecoveryCodeAsync(string password, CancellationToken cancellationToken = default) =>
        PostAsync<PasswordConfirmation, RecoveryCode>("users/me/recovery-code", new PasswordConfirmation(password), cancellationToken);

    /// <summary><c>POST /users/me/sessions/revoke-others</c>: signs out every other session (their connections close at once).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when they are revoked.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task RevokeOtherSessionsAsync(CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, "users/me/sessions/revoke-others", cancellationToken);

    /// <summary>
    /// <c>DELETE /users/me</c>: deletes the signed-in account for good (docs/articles/admin.md, "What deleting an account
    /// erases") and forgets this client's session.
    /// </summary>
    /// <param name="password">The current password.</param>
    /// <param name="code">With two-factor sign-in on: a current code or an unused backup code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the account is gone.</returns>
    /// <exception cref="ChatalotApiException"><c>wrong_current_password</c>, <c>invalid_two_factor_code</c>, <c>owns_communities</c>, <c>account_locked</c>.</exception>
    public async Task DeleteAccountAsync(string password, string? code = null, CancellationToken cancellationToken = default)
    {
        await SendNoContentAsync(HttpMethod.Delete, "users/me", new PasswordConfirmation(password, code), cancellationToken).ConfigureAwait(false);
        await AdoptAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>DELETE /admin/users/{id}</c> (instance administrators): deletes an account, as the suspension rules allow.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the account is gone.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>owns_communities</c>.</exception>
    public Task AdminDeleteUserAsync(UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"admin/users/{user}", cancellationToken);
}
