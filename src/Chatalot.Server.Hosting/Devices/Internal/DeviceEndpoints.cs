using Chatalot.Protocol.Devices;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Devices.Internal;

/// <summary>Routes of signed device lists, device links and the key backup (docs/protocol/rest.md §Device lists, linking and key backup).</summary>
internal static class DeviceEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/users/{userId}/device-list", async (Caller caller, Guid userId, DeviceListService s, CancellationToken ct) =>
            WireJson.Ok(await s.GetAsync(caller, userId, ct).ConfigureAwait(false))).WithTags("Devices").Produces<SignedDeviceList>().Errors(404);
        api.MapPut("/users/me/device-list", async (Caller caller, HttpContext http, DeviceListService s) =>
            WireJson.Ok(await s.PutAsync(caller, await WireJson.ReadAsync<DeviceListUpload>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .WithTags("Devices").AcceptsJson<DeviceListUpload>().Produces<SignedDeviceList>().Errors(409, 422);

        var links = api.MapGroup("/users/me/device-links").WithTags("Devices");
        links.MapPost("", async (Caller caller, HttpContext http, DeviceLinkService s) =>
            WireJson.Created(await s.CreateAsync(caller, await WireJson.ReadAsync<CreateDeviceLinkRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CreateDeviceLinkRequest>().Produces<DeviceLink>(201).Errors(422);
        links.MapGet("", async (Caller caller, DeviceLinkService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListPendingAsync(caller, ct).ConfigureAwait(false))).Produces<IReadOnlyList<DeviceLink>>();
        links.MapGet("/{linkId}", async (Caller caller, Guid linkId, DeviceLinkService s, CancellationToken ct) =>
            WireJson.Ok(await s.GetAsync(caller, linkId, ct).ConfigureAwait(false))).Produces<DeviceLink>().Errors(404);
        links.MapPost("/{linkId}/respond", async (Caller caller, Guid linkId, HttpContext http, DeviceLinkService s) =>
            WireJson.Ok(await s.RespondAsync(caller, linkId, await WireJson.ReadAsync<RespondDeviceLinkRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<RespondDeviceLinkRequest>().Produces<DeviceLink>().Errors(404, 409, 422);
        links.MapPost("/{linkId}/reveal", async (Caller caller, Guid linkId, HttpContext http, DeviceLinkService s) =>
            WireJson.Ok(await s.RevealAsync(caller, linkId, await WireJson.ReadAsync<RevealDeviceLinkRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<RevealDeviceLinkRequest>().Produces<DeviceLink>().Errors(404, 409, 422);
        links.MapPost("/{linkId}/approve", async (Caller caller, Guid linkId, HttpContext http, DeviceLinkService s) =>
            WireJson.Ok(await s.ApproveAsync(caller, linkId, await WireJson.ReadAsync<ApproveDeviceLinkRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<ApproveDeviceLinkRequest>().Produces<DeviceLink>().Errors(404, 409, 422);
        links.MapPost("/{linkId}/decline", async (Caller caller, Guid linkId, DeviceLinkService s, CancellationToken ct) =>
            WireJson.Ok(await s.DeclineAsync(caller, linkId, ct).ConfigureAwait(false))).Produces<DeviceLink>().Errors(404, 409);
        links.MapDelete("/{linkId}", async (Caller caller, Guid linkId, DeviceLinkService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(caller, linkId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);

        var backup = api.MapGroup("/users/me/key-backup").WithTags("Devices");
        backup.MapGet("", async (Caller caller, KeyBackupService s, CancellationToken ct) =>
            WireJson.Ok(await s.GetAsync(caller, ct).ConfigureAwait(false))).Produces<KeyBackup>().Errors(404);
        backup.MapPut("", async (Caller caller, HttpContext http, KeyBackupService s) =>
            WireJson.Ok(await s.PutAsync(caller, await WireJson.ReadAsync<KeyBackupUpload>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<KeyBackupUpload>().Produces<KeyBackup>().Errors(409, 413, 422);
        backup.MapDelete("", async (Caller caller, KeyBackupService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(caller, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);
    }
}
