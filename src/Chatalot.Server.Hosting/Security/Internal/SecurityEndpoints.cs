using Chatalot.Protocol.Accounts;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>Routes of account security: two-factor sign-in, recovery, sessions and account deletion (rest.md §Account security).</summary>
internal static class SecurityEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts").RequireRateLimiting(AccountEndpoints.AuthRateLimitPolicy);
        auth.MapPost("/login/2fa", async (HttpContext http, SecurityService security) =>
            WireJson.Ok(await security.CompleteLoginAsync(await WireJson.ReadAsync<TwoFactorLoginRequest>(http).ConfigureAwait(false), AccountEndpoints.ClientAddress(http), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<TwoFactorLoginRequest>().Produces<AuthResponse>().Errors(401, 403, 422);
        auth.MapPost("/recover", async (HttpContext http, SecurityService security) =>
            WireJson.Ok(await security.RecoverAsync(await WireJson.ReadAsync<RecoverAccountRequest>(http).ConfigureAwait(false), AccountEndpoints.ClientAddress(http), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<RecoverAccountRequest>().Produces<RecoveryCode>().Errors(401, 403, 422);

        var me = api.MapGroup("/users/me").WithTags("Accounts");
        me.MapGet("/security", async (Caller caller, SecurityService security, CancellationToken ct) =>
            WireJson.Ok(await security.GetStatusAsync(caller, ct).ConfigureAwait(false))).Produces<AccountSecurity>();
        me.MapPost("/2fa/setup", async (Caller caller, HttpContext http, SecurityService security) =>
            WireJson.Ok(await security.SetupAsync(caller, await WireJson.ReadAsync<TwoFactorSetupRequest>(http).ConfigureAwait(false), AccountEndpoints.ClientAddress(http), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<TwoFactorSetupRequest>().Produces<TwoFactorSetup>();
        me.MapPost("/2fa/enable", async (Caller caller, HttpContext http, SecurityService security) =>
            WireJson.Ok(await security.EnableAsync(caller, await WireJson.ReadAsync<TwoFactorCodeRequest>(http).ConfigureAwait(false), AccountEndpoints.ClientAddress(http), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<TwoFactorCodeRequest>().Produces<BackupCodes>();
        me.MapPost("/2fa/disable", async (Caller caller, HttpContext http, SecurityService security) =>
        {
            await security.DisableAsync(caller, await WireJson.ReadAsync<TwoFactorDisableRequest>(http).ConfigureAwait(false), AccountEndpoints.ClientAddress(http), http.RequestAborted).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).AcceptsJson<TwoFactorDisableRequest>().Produces(204);
        me.MapPost("/2fa/backup-codes", async (Caller caller, HttpContext http, SecurityService security) =>
            WireJson.Ok(await security.RegenerateBackupCodesAsync(caller, await WireJson.ReadAsync<TwoFactorCodeRequest>(http).ConfigureAwait(false), AccountEndpoints.ClientAddress(http), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<TwoFactorCodeRequest>().Produces<BackupCodes>();
        me.MapPost("/recovery-code", async (Caller caller, HttpContext http, SecurityService security) =>
            WireJson.Ok(await security.RegenerateRecoveryCodeAsync(caller, await WireJson.ReadAsync<PasswordConfirmation>(http).ConfigureAwait(false), AccountEndpoints.ClientAddress(http), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<PasswordConfirmation>().Produces<RecoveryCode>();
        me.MapPost("/sessions/revoke-others", async (Caller caller, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.RevokeOtherSessionsAsync(caller, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204);
        me.MapDelete("", async (Caller caller, HttpContext http, AccountDeletionService deletion) =>
        {
            await deletion.DeleteSelfAsync(caller, await WireJson.ReadAsync<PasswordConfirmation>(http).ConfigureAwait(false), AccountEndpoints.ClientAddress(http), http.RequestAborted).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).AcceptsJson<PasswordConfirmation>().Produces(204);

        api.MapDelete("/admin/users/{userId}", async (Caller caller, Guid userId, AccountDeletionService deletion, CancellationToken ct) =>
        {
            await deletion.DeleteByAdminAsync(caller, userId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).WithTags("Administration").Produces(204).Errors(404);
    }
}
