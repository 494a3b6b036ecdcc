using Chatalot.Protocol.Voice;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Voice.Internal;

/// <summary>Routes of calls (docs/protocol/rest.md §Voice, calls.md §2 and §4).</summary>
internal static class VoiceEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/voice/ice-servers", (Caller caller, IceServerService s) => WireJson.Ok(s.Get(caller.UserId)))
            .WithTags("Voice").Produces<IceServerConfig>();
        api.MapGet("/communities/{communityId}/voice", async (Caller caller, Guid communityId, VoiceService s, CancellationToken ct) =>
            WireJson.Ok(await s.CommunityAsync(caller, communityId, ct).ConfigureAwait(false))).WithTags("Voice").Produces<IReadOnlyList<VoiceChannelState>>().Errors(404);

        var ch = api.MapGroup("/channels/{channelId}/voice").WithTags("Voice");
        ch.MapGet("", async (Caller caller, Guid channelId, VoiceService s, CancellationToken ct) =>
            WireJson.Ok(await s.ChannelAsync(caller, channelId, ct).ConfigureAwait(false))).Produces<VoiceChannelState>().Errors(404, 422);
        ch.MapPatch("/participants/{userId}", async (Caller caller, Guid channelId, Guid userId, HttpContext http, VoiceService s) =>
            WireJson.Ok(await s.ServerMuteAsync(caller, channelId, userId, await WireJson.ReadAsync<UpdateVoiceParticipantRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<UpdateVoiceParticipantRequest>().Produces<VoiceParticipant>().Errors(404, 422);
        ch.MapDelete("/participants/{userId}", async (Caller caller, Guid channelId, Guid userId, VoiceService s, CancellationToken ct) =>
        {
            await s.DisconnectAsync(caller, channelId, userId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404, 422);
    }
}
