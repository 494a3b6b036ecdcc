using Chatalot.Protocol.Keys;
using Chatalot.Protocol.ToDevice;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Chatalot.Server.Hosting.ToDevice.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Keys.Internal;

/// <summary>Routes of the key directory and the to-device inbox (docs/protocol/rest.md §Keys, §To-device).</summary>
internal static class KeyEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys/devices/{deviceId:int}").WithTags("Keys").AddEndpointFilter(Check.DeviceIdRouteFilter);
        keys.MapPut("", async (Caller caller, int deviceId, HttpContext http, KeyService service) =>
            WireJson.Ok(await service.PutDeviceAsync(caller, deviceId, await WireJson.ReadAsync<DeviceKeysUpload>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<DeviceKeysUpload>().Produces<DeviceInfo>().Errors(409, 422);
        keys.MapDelete("", async (Caller caller, int deviceId, KeyService service, CancellationToken ct) =>
        {
            await service.DeleteDeviceAsync(caller, deviceId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);
        keys.MapPost("/prekeys", async (Caller caller, int deviceId, HttpContext http, KeyService service) =>
            WireJson.Ok(await service.UploadPrekeysAsync(caller, deviceId, await WireJson.ReadAsync<PrekeyUpload>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<PrekeyUpload>().Produces<PrekeyCounts>().Errors(404, 422);
        keys.MapGet("/prekeys/count", async (Caller caller, int deviceId, KeyService service, CancellationToken ct) =>
            WireJson.Ok(await service.GetCountsAsync(caller, deviceId, ct).ConfigureAwait(false))).Produces<PrekeyCounts>().Errors(404);

        var users = api.MapGroup("/users/{userId}/devices").WithTags("Keys").AddEndpointFilter(Check.DeviceIdRouteFilter);
        users.MapGet("", async (Caller caller, Guid userId, KeyService service, CancellationToken ct) =>
            WireJson.Ok(await service.ListDevicesAsync(caller, userId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<DeviceInfo>>().Errors(404);
        users.MapPost("/bundles", async (Caller caller, Guid userId, KeyService service, CancellationToken ct) =>
            WireJson.Ok(await service.FetchBundlesAsync(caller, userId, null, ct).ConfigureAwait(false))).Produces<IReadOnlyList<PrekeyBundle>>().Errors(404);
        users.MapPost("/{deviceId:int}/bundle", async (Caller caller, Guid userId, int deviceId, KeyService service, CancellationToken ct) =>
            WireJson.Ok((await service.FetchBundlesAsync(caller, userId, deviceId, ct).ConfigureAwait(false))[0])).Produces<PrekeyBundle>().Errors(404);

        var inbox = api.MapGroup("/to-device").WithTags("To-device").AddEndpointFilter(Check.DeviceIdRouteFilter);
        inbox.MapPost("", async (Caller caller, HttpContext http, ToDeviceService service) =>
            WireJson.Ok(await service.SendAsync(caller, await WireJson.ReadAsync<SendToDeviceRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<SendToDeviceRequest>().Produces<ToDeviceSendResult>().Errors(404, 422);
        inbox.MapGet("/{deviceId:int}", async (Caller caller, int deviceId, int? limit, ToDeviceService service, CancellationToken ct) =>
            WireJson.Ok(await service.ListAsync(caller.UserId, deviceId, limit, ct).ConfigureAwait(false))).Produces<IReadOnlyList<ToDeviceMessage>>().Errors(422);
        inbox.MapPost("/{deviceId:int}/ack", async (Caller caller, int deviceId, HttpContext http, ToDeviceService service) =>
        {
            var body = await WireJson.ReadAsync<AckToDeviceRequest>(http).ConfigureAwait(false);
            await service.AckAsync(caller.UserId, deviceId, body.MessageIds, http.RequestAborted).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).AcceptsJson<AckToDeviceRequest>().Produces(204).Errors(422);
    }
}
