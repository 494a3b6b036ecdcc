using Chatalot.Protocol.Bots;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.BotCommands.Internal;

/// <summary>Routes of published bot command lists (docs/protocol/rest.md §Bot commands).</summary>
internal static class BotCommandEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPut("/users/me/commands", async (Caller caller, HttpContext http, BotCommandService s) =>
        {
            await s.PublishAsync(caller, await WireJson.ReadAsync<PublishCommandsRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).WithTags("Bot commands").AcceptsJson<PublishCommandsRequest>().Produces(204).Errors(422);
        api.MapGet("/communities/{communityId}/commands", async (Caller caller, Guid communityId, BotCommandService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListAsync(caller, communityId, ct).ConfigureAwait(false)))
            .WithTags("Bot commands").Produces<IReadOnlyList<MemberCommandList>>().Errors(404);
    }
}
