using Chatalot.Protocol.Accounts;

namespace Chatalot.Samples.Web.Chat;

/// <summary>Account security for Settings → Security: two-factor sign-in, backup and recovery codes, sessions, deletion.</summary>
public sealed partial class ChatSession
{
    /// <summary>The recovery code of an account registered in this tab, until the user confirms they saved it.</summary>
    public string? PendingRecoveryCode { get; private set; }

    public void DismissRecoveryCode()
    {
        PendingRecoveryCode = null;
        Notify();
    }

    private Chatalot.Client.Rest.ChatalotRestClient Rest =>
        Client?.Rest ?? throw new Chatalot.Client.ChatalotClientException(Chatalot.Protocol.Errors.ErrorCodes.Unauthenticated, "Not signed in.");

    public Task<AccountSecurity> GetAccountSecurityAsync() => Rest.GetAccountSecurityAsync();

    public Task<TwoFactorSetup> SetupTwoFactorAsync(string password) => Rest.SetupTwoFactorAsync(password);

    public Task<BackupCodes> EnableTwoFactorAsync(string code) => Rest.EnableTwoFactorAsync(code.Trim());

    public Task DisableTwoFactorAsync(string password, string code) => Rest.DisableTwoFactorAsync(password, code.Trim());

    public Task<BackupCodes> RegenerateBackupCodesAsync(string code) => Rest.RegenerateBackupCodesAsync(code.Trim());

    public Task<RecoveryCode> RegenerateRecoveryCodeAsync(string password) => Rest.RegenerateRecoveryCodeAsync(password);

    public Task ChangePasswordAsync(string current, string next) => Rest.ChangePasswordAsync(new ChangePasswordRequest(current, next));

    public Task<IReadOnlyList<SessionInfo>> GetSessionsAsync() => Rest.GetSessionsAsync();

    public Task RevokeSessionAsync(Guid sessionId) => Rest.RevokeSessionAsync(sessionId);

    public Task RevokeOtherSessionsAsync() => Rest.RevokeOtherSessionsAsync();

    /// <summary>Deletes the account on the server, then forgets everything of it in this browser (as logging out does).</summary>
    public async Task DeleteAccountAsync(string password, string? code)
    {
        StopWatchingSessionEnd();
        try
        {
            await Rest.DeleteAccountAsync(password, NullIfEmpty(code));
        }
        catch when (Client is { } client)
        {
            // Refused (wrong password or code): the session goes on, and so does watching for its end.
            SubscribeSessionEnd(client);
            throw;
        }

        await LogoutAsync();
    }
}
