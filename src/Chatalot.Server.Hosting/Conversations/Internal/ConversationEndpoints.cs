using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Messages;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Conversations.Internal;

/// <summary>Routes of threads, pins, read states and the user picker (docs/protocol/rest.md §Threads, §Pins, §Read states).</summary>
internal static class ConversationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var ch = api.MapGroup("/channels/{channelId}").WithTags("Conversations");
        ch.MapGet("/threads", async (Caller caller, Guid channelId, Guid? before, int? limit, ThreadService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListAsync(caller, channelId, before, limit, ct).ConfigureAwait(false))).Produces<ThreadList>().Errors(404, 422);
        ch.MapGet("/pins", async (Caller caller, Guid channelId, PinService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListAsync(caller, channelId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<ChannelPin>>().Errors(404);
        ch.MapPut("/pins/{messageId}", async (Caller caller, Guid channelId, Guid messageId, PinService s, CancellationToken ct) =>
            WireJson.Ok(await s.PinAsync(caller, channelId, messageId, ct).ConfigureAwait(false))).Produces<ChannelPin>().Errors(404, 422);
        ch.MapDelete("/pins/{messageId}", async (Caller caller, Guid channelId, Guid messageId, PinService s, CancellationToken ct) =>
        {
            await s.UnpinAsync(caller, channelId, messageId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);
        ch.MapPut("/read-state", async (Caller caller, Guid channelId, HttpContext http, ReadStateService s) =>
            WireJson.Ok(await s.UpdateAsync(caller, channelId, await WireJson.ReadAsync<UpdateReadStateRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<UpdateReadStateRequest>().Produces<ReadState>().Errors(404, 422);

        var me = api.MapGroup("/users/me/read-states").WithTags("Conversations");
        me.MapGet("", async (Caller caller, ReadStateService s, CancellationToken ct) => WireJson.Ok(await s.ListAsync(caller, ct).ConfigureAwait(false)))
            .Produces<IReadOnlyList<ReadState>>();
        me.MapPost("/mark-all", async (Caller caller, HttpContext http, ReadStateService s) =>
        {
            var body = await WireJson.ReadOptionalAsync(http, new MarkAllReadRequest()).ConfigureAwait(false);
            return WireJson.Ok(await s.MarkAllAsync(caller, body, http.RequestAborted).ConfigureAwait(false));
        }).AcceptsJson<MarkAllReadRequest>(optional: true).Produces<IReadOnlyList<ReadState>>().Errors(404);

        api.MapGet("/users/search", async (Caller caller, string? q, int? limit, UserDirectory s, CancellationToken ct) =>
            WireJson.Ok(await s.SearchAsync(caller, q, limit, ct).ConfigureAwait(false))).Produces<IReadOnlyList<User>>().WithTags("Accounts").Errors(422);
    }
}
