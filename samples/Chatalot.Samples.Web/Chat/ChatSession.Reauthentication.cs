using System.Security.Cryptography;
using Chatalot.Client;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// What the sign-in form needs when a session ends under a browser that still holds its device: the account and the
/// device store's key (kept in memory only), so that signing in again continues as the same device with its history.
/// </summary>
public sealed class Reauthentication
{
    internal Reauthentication(Guid userId, string username, byte[] storeKey, int? deviceId)
    {
        UserId = userId;
        Username = username;
        StoreKey = storeKey;
        DeviceId = deviceId;
    }

    public Guid UserId { get; }

    public string Username { get; }

    internal byte[] StoreKey { get; }

    internal int? DeviceId { get; }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"Reauthentication {{ Username = {Username}, StoreKey = *** }}";
}

/// <summary>
/// Session end and sign-in again: a session revoked elsewhere (or expired, or a suspended account) locks the tab out
/// to the sign-in form with the reason; signing in again there (password, and the code with two-factor sign-in on)
/// reopens the same device store. Also account recovery from the sign-in page.
/// </summary>
public sealed partial class ChatSession
{
    /// <summary>Set while the sign-in form asks to sign in again on this browser's device (after a session ended).</summary>
    public Reauthentication? Reauthentication { get; private set; }

    /// <summary>
    /// Signs in again as <see cref="Reauthentication"/>'s account over the same device store, so the device, its
    /// sessions and the history stay; with two-factor sign-in on, a first call without <paramref name="twoFactorCode"/>
    /// throws <c>two_factor_required</c>.
    /// </summary>
    public async Task ReauthenticateAsync(string password, string? twoFactorCode)
    {
        var reauth = Reauthentication ?? throw new InvalidOperationException("No session to sign in to again.");
        await LockDeviceAsync();
        var client = OpenClient(reauth.StoreKey.ToArray());
        try
        {
            var code = NullIfEmpty(twoFactorCode);
            var auth = await client.Rest.LoginAsync(new LoginRequest(reauth.Username, password, DeviceName), code is null ? null : _ => ValueTask.FromResult(code));
            await StartAsync(client, auth.User);
        }
        catch
        {
            await client.DisposeAsync();
            CloseStores();
            throw;
        }

        ForgetReauthentication();
        await RetirePreviousDeviceAsync(client, reauth.DeviceId);
    }

    /// <summary><c>POST /auth/recover</c>: sets a new password with the recovery code; returns the account's new recovery code.</summary>
    public async Task<string> RecoverAccountAsync(string username, string recoveryCode, string newPassword)
    {
        await using var probe = new ChatalotClient(new ChatalotClientOptions { ServerUrl = serverUrl });
        var fresh = await probe.Rest.RecoverAccountAsync(new RecoverAccountRequest(username.Trim(), recoveryCode.Trim(), newPassword));
        return fresh.Code;
    }

    /// <summary>Shows a recovery code once (the notice the registration shows), until the user confirms they saved it.</summary>
    public void ShowRecoveryCode(string code)
    {
        PendingRecoveryCode = code;
        Notify();
    }

    private void AskToSignInAgain(Guid userId, string username, byte[] storeKey, int? deviceId, string reason)
    {
        ForgetReauthentication();
        Reauthentication = new Reauthentication(userId, username, storeKey.ToArray(), deviceId);
        Me = null;
        StartError = reason;
        Phase = SessionPhase.SignedOut;
        Notify();
    }

    private void ForgetReauthentication()
    {
        if (Reauthentication is { } reauth)
        {
            CryptographicOperations.ZeroMemory(reauth.StoreKey);
            Reauthentication = null;
        }
    }

#pragma warning disable CA2213 // Also held by _subscriptions, which StopAsync (and so DisposeAsync) disposes.
    private IDisposable? _sessionEndWatch;
#pragma warning restore CA2213

    private void SubscribeSessionEnd(ChatalotClient client)
    {
        _sessionEndWatch = client.Events.On<ConnectionStateChanged>((e, ct) =>
        {
            if (e.Current == ConnectionState.Closed && IsSessionEnd(e.Reason))
            {
                _ = LockOutAsync(client, e.Reason);
            }

            return ValueTask.CompletedTask;
        });
        _subscriptions.Add(_sessionEndWatch);
    }

    /// <summary>Before this tab ends its own session (log out, delete the account): the server's close is expected, not a lock-out.</summary>
    private void StopWatchingSessionEnd()
    {
        _sessionEndWatch?.Dispose();
        _sessionEndWatch = null;
    }

    private static bool IsSessionEnd(string? reason) =>
        reason is ErrorCodes.SessionRevoked or ErrorCodes.AccountSuspended or ErrorCodes.InvalidRefreshToken or ErrorCodes.RefreshTokenReused;

    /// <summary>The server ended this tab's session: stop the client and ask to sign in again, keeping the device.</summary>
    private async Task LockOutAsync(ChatalotClient client, string? reason)
    {
        // Off the client's event dispatch: stopping the client disposes the hub that is running this handler.
        await Task.Yield();
        if (_sessionEndWatch is null || !ReferenceEquals(Client, client) || Me is not { } me || _storeKey is not { } key)
        {
            return;
        }

        var storeKey = key.ToArray();
        var deviceId = client.CurrentDeviceId?.Value;
        try
        {
            await StopAsync();
            CloseStores();
            ClearDirectory();
            AskToSignInAgain(me.Id, me.Username, storeKey, deviceId, SessionEndedMessage(reason));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(storeKey);
        }
    }

    private static string SessionEndedMessage(string? reason) => reason switch
    {
        ErrorCodes.SessionRevoked => "This session was signed out from another device. Sign in again to continue here.",
        ErrorCodes.AccountSuspended => "This account is suspended. Contact the server's administrator.",
        ErrorCodes.RefreshTokenReused => "This session was ended because its sign-in token was used twice. Sign in again to continue here.",
        _ => "Your session on this browser has ended (signed out elsewhere, or it expired). Sign in again to continue here.",
    };

    /// <summary>Deletes the device this browser published before, when it now runs another (its keys were lost).</summary>
    private static async Task RetirePreviousDeviceAsync(ChatalotClient client, int? previous)
    {
        if (previous is not { } id || id == client.CurrentDeviceId?.Value)
        {
            return;
        }

        try
        {
            await client.Rest.DeleteDeviceAsync(new DeviceId(id));
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            // Already gone (deleted from another session), or unreachable right now: the old device expires server-side.
        }
    }
}
