using Chatalot.Protocol.Moderation;
using Chatalot.Protocol.Roles;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Roles.Internal;

/// <summary>Routes of roles, overrides and moderation (docs/protocol/rest.md §Roles and moderation).</summary>
internal static class RoleEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var c = api.MapGroup("/communities/{communityId}").WithTags("Roles");
        c.MapGet("/roles", async (Caller caller, Guid communityId, RoleService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListAsync(caller, communityId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<Role>>().Errors(404);
        c.MapPost("/roles", async (Caller caller, Guid communityId, HttpContext http, RoleService s) =>
            WireJson.Created(await s.CreateAsync(caller, communityId, await WireJson.ReadAsync<CreateRoleRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CreateRoleRequest>().Produces<Role>(201).Errors(404, 422);
        c.MapPut("/roles/positions", async (Caller caller, Guid communityId, HttpContext http, RoleService s) =>
            WireJson.Ok(await s.ReorderAsync(caller, communityId, await WireJson.ReadAsync<ReorderRolesRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<ReorderRolesRequest>().Produces<IReadOnlyList<Role>>().Errors(404, 422);
        c.MapPatch("/roles/{roleId}", async (Caller caller, Guid communityId, Guid roleId, HttpContext http, RoleService s) =>
            WireJson.Ok(await s.UpdateAsync(caller, communityId, roleId, await WireJson.ReadAsync<UpdateRoleRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<UpdateRoleRequest>().Produces<Role>().Errors(404, 422);
        c.MapDelete("/roles/{roleId}", async (Caller caller, Guid communityId, Guid roleId, RoleService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(caller, communityId, roleId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);
        c.MapPut("/members/{userId}/roles/{roleId}", async (Caller caller, Guid communityId, Guid userId, Guid roleId, RoleService s, CancellationToken ct) =>
        {
            await s.AssignAsync(caller, communityId, userId, roleId, true, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404, 422);
        c.MapDelete("/members/{userId}/roles/{roleId}", async (Caller caller, Guid communityId, Guid userId, Guid roleId, RoleService s, CancellationToken ct) =>
        {
            await s.AssignAsync(caller, communityId, userId, roleId, false, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404, 422);
        c.MapPut("/members/{userId}/timeout", async (Caller caller, Guid communityId, Guid userId, HttpContext http, ModerationService s) =>
        {
            await s.TimeoutAsync(caller, communityId, userId, await WireJson.ReadAsync<TimeoutRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).AcceptsJson<TimeoutRequest>().Produces(204).Errors(404, 422);
        c.MapDelete("/members/{userId}/timeout", async (Caller caller, Guid communityId, Guid userId, ModerationService s, CancellationToken ct) =>
        {
            await s.RemoveTimeoutAsync(caller, communityId, userId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);

        foreach (var (prefix, isChannel, tag) in new[] { ("/groups/{scopeId}", false, "Groups"), ("/channels/{scopeId}", true, "Channels") })
        {
            var g = api.MapGroup(prefix).WithTags(tag);
            g.MapGet("/overrides", async (Caller caller, Guid scopeId, RoleService s, CancellationToken ct) =>
                WireJson.Ok(await s.ListOverridesAsync(caller, scopeId, isChannel, ct).ConfigureAwait(false))).Produces<IReadOnlyList<PermissionOverride>>().Errors(404);
            g.MapPut("/overrides/{targetKind}/{targetId}", async (Caller caller, Guid scopeId, string targetKind, Guid targetId, HttpContext http, RoleService s) =>
                WireJson.Ok(await s.SetOverrideAsync(caller, scopeId, isChannel, targetKind, targetId, await WireJson.ReadAsync<SetPermissionOverrideRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
                .AcceptsJson<SetPermissionOverrideRequest>().Produces<PermissionOverride>().Errors(404, 422);
            g.MapDelete("/overrides/{targetKind}/{targetId}", async (Caller caller, Guid scopeId, string targetKind, Guid targetId, RoleService s, CancellationToken ct) =>
            {
                await s.DeleteOverrideAsync(caller, scopeId, isChannel, targetKind, targetId, ct).ConfigureAwait(false);
                return TypedResults.NoContent();
            }).Produces(204).Errors(404, 422);
        }

        var ch = api.MapGroup("/channels/{channelId}").WithTags("Channels");
        ch.MapGet("/permissions", async (Caller caller, Guid channelId, [FromQuery(Name = "user_id")] Guid? userId, ModerationService s, CancellationToken ct) =>
            WireJson.Ok(await s.PermissionsAsync(caller, channelId, userId, ct).ConfigureAwait(false))).Produces<EffectivePermissions>().Errors(404);
        ch.MapPost("/messages/bulk-delete", async (Caller caller, Guid channelId, HttpContext http, ModerationService s) =>
            WireJson.Ok(await s.BulkDeleteAsync(caller, channelId, await WireJson.ReadAsync<BulkDeleteRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<BulkDeleteRequest>().Produces<BulkDeleteResult>().Errors(404, 422);
    }
}
