using Chatalot.Protocol.Messages;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Messages.Internal;

/// <summary>Routes of messages (docs/protocol/rest.md §Messages).</summary>
internal static class MessageEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var m = api.MapGroup("/channels/{channelId}/messages").WithTags("Messages");
        m.MapPost("", async (Caller caller, Guid channelId, HttpContext http, MessageService s) =>
        {
            var (message, created) = await s.SendAsync(caller, channelId, await WireJson.ReadAsync<SendMessageRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);
            return created ? WireJson.Created(message) : WireJson.Ok(message);
        }).AcceptsJson<SendMessageRequest>().Produces<Message>(201).Produces<Message>().Errors(404, 422);
        m.MapGet("", async (Caller caller, Guid channelId, Guid? before, Guid? after, Guid? around, int? limit, Guid? thread, MessageService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListAsync(caller, channelId, before, after, around, limit, thread, ct).ConfigureAwait(false))).Produces<MessageList>().Errors(404, 422);
        m.MapGet("/{messageId}", async (Caller caller, Guid channelId, Guid messageId, MessageService s, CancellationToken ct) =>
            WireJson.Ok(await s.GetAsync(caller, channelId, messageId, ct).ConfigureAwait(false))).Produces<Message>().Errors(404);
        m.MapPatch("/{messageId}", async (Caller caller, Guid channelId, Guid messageId, HttpContext http, MessageService s) =>
            WireJson.Ok(await s.EditAsync(caller, channelId, messageId, await WireJson.ReadAsync<EditMessageRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<EditMessageRequest>().Produces<Message>().Errors(404, 409, 422);
        m.MapDelete("/{messageId}", async (Caller caller, Guid channelId, Guid messageId, MessageService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(caller, channelId, messageId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);
        m.MapGet("/{messageId}/history", async (Caller caller, Guid channelId, Guid messageId, MessageService s, CancellationToken ct) =>
            WireJson.Ok(await s.HistoryAsync(caller, channelId, messageId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<MessageEdit>>().Errors(404);
    }
}
