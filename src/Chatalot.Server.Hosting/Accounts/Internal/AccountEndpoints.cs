using Chatalot.Protocol.Accounts;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Accounts.Internal;

/// <summary>Routes of <c>/server</c>, <c>/auth</c>, <c>/users</c> and <c>/admin</c> (docs/protocol/rest.md §Accounts).</summary>
internal static class AccountEndpoints
{
    public const string AuthRateLimitPolicy = "chatalot-auth";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/server", async (Admin.Internal.ServerSettingsService settings, CancellationToken ct) => WireJson.Ok(await settings.GetServerInfoAsync(ct).ConfigureAwait(false)))
            .Produces<ServerInfo>().WithTags("Accounts");

        var auth = api.MapGroup("/auth").WithTags("Accounts").RequireRateLimiting(AuthRateLimitPolicy);
        auth.MapPost("/register", async (HttpContext http, AccountService accounts) =>
            WireJson.Created(await accounts.RegisterAsync(DefaultDeviceName(http, await WireJson.ReadAsync<RegisterRequest>(http).ConfigureAwait(false)), http.RequestAborted, ClientAddress(http)).ConfigureAwait(false)))
            .AcceptsJson<RegisterRequest>().Produces<AuthResponse>(201).Errors(403, 409, 422);
        auth.MapPost("/login", async (HttpContext http, AccountService accounts) =>
            WireJson.Ok(await accounts.LoginAsync(DefaultDeviceName(http, await WireJson.ReadAsync<LoginRequest>(http).ConfigureAwait(false)), ClientAddress(http), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<LoginRequest>().Produces<AuthResponse>().Errors(401, 403, 422);
        auth.MapPost("/refresh", async (HttpContext http, AccountService accounts) =>
            WireJson.Ok(await accounts.RefreshAsync(await WireJson.ReadAsync<RefreshRequest>(http).ConfigureAwait(false), http.RequestAborted, ClientAddress(http)).ConfigureAwait(false)))
            .AcceptsJson<RefreshRequest>().Produces<AuthResponse>().Errors(401, 403);
        auth.MapPost("/logout", async (Caller caller, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.LogoutAsync(caller, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204);

        var me = api.MapGroup("/users/me").WithTags("Accounts");
        me.MapGet("", async (Caller caller, UserService users, CancellationToken ct) => WireJson.Ok(await users.GetMeAsync(caller, ct).ConfigureAwait(false)))
            .Produces<User>();
        me.MapPatch("", async (Caller caller, HttpContext http, UserService users) =>
            WireJson.Ok(await users.UpdateProfileAsync(caller, await WireJson.ReadAsync<UpdateProfileRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<UpdateProfileRequest>().Produces<User>().Errors(422);
        me.MapPost("/password", async (Caller caller, HttpContext http, AccountService accounts) =>
        {
            await accounts.ChangePasswordAsync(caller, await WireJson.ReadAsync<ChangePasswordRequest>(http).ConfigureAwait(false), ClientAddress(http), http.RequestAborted).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).AcceptsJson<ChangePasswordRequest>().Produces(204).Errors(422);
        me.MapGet("/sessions", async (Caller caller, AccountService accounts, CancellationToken ct) =>
            WireJson.Ok(await accounts.ListSessionsAsync(caller, ct).ConfigureAwait(false))).Produces<IReadOnlyList<SessionInfo>>();
        me.MapDelete("/sessions/{sessionId}", async (Caller caller, Guid sessionId, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.RevokeSessionAsync(caller, sessionId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);
        me.MapGet("/blocks", async (Caller caller, UserService users, CancellationToken ct) =>
            WireJson.Ok(await users.ListBlocksAsync(caller, ct).ConfigureAwait(false))).Produces<IReadOnlyList<BlockedUser>>();
        me.MapPut("/blocks/{userId}", async (Caller caller, Guid userId, UserService users, CancellationToken ct) =>
        {
            await users.BlockAsync(caller, userId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404, 422);
        me.MapDelete("/blocks/{userId}", async (Caller caller, Guid userId, UserService users, CancellationToken ct) =>
        {
            await users.UnblockAsync(caller, userId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204);

        api.MapGet("/users/{userId}", async (Caller caller, Guid userId, UserService users, CancellationToken ct) =>
            WireJson.Ok(await users.GetUserAsync(caller, userId, ct).ConfigureAwait(false))).Produces<User>().WithTags("Accounts").Errors(404);

        var admin = api.MapGroup("/admin").WithTags("Administration");
        admin.MapPost("/users/{userId}/suspend", async (Caller caller, Guid userId, HttpContext http, UserService users) =>
        {
            var body = await WireJson.ReadOptionalAsync(http, new SuspendUserRequest()).ConfigureAwait(false);
            await users.SuspendAsync(caller, userId, body, http.RequestAborted).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).AcceptsJson<SuspendUserRequest>(optional: true).Produces(204).Errors(404, 422);
        admin.MapPost("/users/{userId}/unsuspend", async (Caller caller, Guid userId, UserService users, CancellationToken ct) =>
        {
            await users.UnsuspendAsync(caller, userId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);
        admin.MapPut("/users/{userId}/role", async (Caller caller, Guid userId, HttpContext http, UserService users) =>
            WireJson.Ok(await users.SetRoleAsync(caller, userId, await WireJson.ReadAsync<SetInstanceRoleRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<SetInstanceRoleRequest>().Produces<User>().Errors(404, 422);
        admin.MapGet("/registration-invites", async (Caller caller, UserService users, CancellationToken ct) =>
            WireJson.Ok(await users.ListRegistrationInvitesAsync(caller, ct).ConfigureAwait(false))).Produces<IReadOnlyList<RegistrationInvite>>();
        admin.MapPost("/registration-invites", async (Caller caller, HttpContext http, UserService users) =>
            WireJson.Created(await users.CreateRegistrationInviteAsync(caller, await WireJson.ReadAsync<CreateInviteRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CreateInviteRequest>().Produces<RegistrationInvite>(201).Errors(422);
        admin.MapDelete("/registration-invites/{inviteId}", async (Caller caller, Guid inviteId, UserService users, CancellationToken ct) =>
        {
            await users.DeleteRegistrationInviteAsync(caller, inviteId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);
    }

    private static RegisterRequest DefaultDeviceName(HttpContext http, RegisterRequest r) =>
        r.DeviceName is null ? r with { DeviceName = Security.Internal.DeviceNames.FromUserAgent(http.Request.Headers.UserAgent.ToString()) } : r;

    private static LoginRequest DefaultDeviceName(HttpContext http, LoginRequest r) =>
        r.DeviceName is null ? r with { DeviceName = Security.Internal.DeviceNames.FromUserAgent(http.Request.Headers.UserAgent.ToString()) } : r;

    /// <summary>The peer address as ASP.NET Core sees it; hosts behind a proxy enable forwarded headers for their trusted proxies.</summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
