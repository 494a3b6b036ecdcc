using Chatalot.Protocol.Admin;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Admin.Internal;

/// <summary>Routes of instance administration: settings, the user list, session revocation, two-factor reset, storage (docs/protocol/rest.md §Administration).</summary>
internal static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Administration");
        admin.MapGet("/settings", async (Caller caller, ServerSettingsService settings, CancellationToken ct) =>
            WireJson.Ok(await settings.GetForAdminAsync(caller, ct).ConfigureAwait(false))).Produces<ServerSettings>();
        admin.MapPatch("/settings", async (Caller caller, HttpContext http, ServerSettingsService settings) =>
            WireJson.Ok(await settings.UpdateAsync(caller, await WireJson.ReadAsync<UpdateServerSettingsRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<UpdateServerSettingsRequest>().Produces<ServerSettings>().Errors(422);
        admin.MapGet("/users", async (Caller caller, string? query, string? status, int? limit, int? offset, AdminService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListUsersAsync(caller, query, status, limit, offset, ct).ConfigureAwait(false))).Produces<IReadOnlyList<AdminUser>>().Errors(422);
        admin.MapPost("/users/{userId}/sessions/revoke", async (Caller caller, Guid userId, AdminService s, CancellationToken ct) =>
        {
            await s.RevokeSessionsAsync(caller, userId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);
        admin.MapPost("/users/{userId}/2fa/reset", async (Caller caller, Guid userId, AdminService s, CancellationToken ct) =>
        {
            await s.ResetTwoFactorAsync(caller, userId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404, 409);
        admin.MapGet("/storage", async (Caller caller, AdminService s, CancellationToken ct) =>
            WireJson.Ok(await s.StorageAsync(caller, ct).ConfigureAwait(false))).Produces<StorageReport>();
    }
}
