using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Bots;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Bots.Internal;

/// <summary>Routes of <c>/bots</c> and <c>POST /auth/bot</c> (docs/protocol/rest.md §Bots).</summary>
internal static class BotEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/auth/bot", async (HttpContext http, BotService bots) =>
        {
            var request = await WireJson.ReadAsync<BotLoginRequest>(http).ConfigureAwait(false);
            if (request.DeviceName is null)
            {
                request = request with { DeviceName = Security.Internal.DeviceNames.FromUserAgent(http.Request.Headers.UserAgent.ToString()) };
            }

            return WireJson.Ok(await bots.LoginAsync(request, AccountEndpoints.ClientAddress(http), http.RequestAborted).ConfigureAwait(false));
        }).WithTags("Accounts").RequireRateLimiting(AccountEndpoints.AuthRateLimitPolicy)
            .AcceptsJson<BotLoginRequest>().Produces<AuthResponse>().Errors(401, 403, 422);

        var bots = api.MapGroup("/bots").WithTags("Bots");
        bots.MapPost("", async (Caller caller, HttpContext http, BotService service) =>
            WireJson.Created(await service.CreateAsync(caller, await WireJson.ReadAsync<CreateBotRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CreateBotRequest>().Produces<BotCredentials>(201).Errors(403, 404, 409, 422);
        bots.MapGet("", async (Caller caller, [FromQuery(Name = "community_id")] Guid? communityId, BotService service, CancellationToken ct) =>
            WireJson.Ok(await service.ListAsync(caller, communityId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<Bot>>();
        bots.MapPost("/{botId}/token", async (Caller caller, Guid botId, BotService service, CancellationToken ct) =>
            WireJson.Ok(await service.RotateAsync(caller, botId, ct).ConfigureAwait(false))).Produces<BotCredentials>().Errors(403, 404);
        // The image type is checked by ImageBody (a typed 415), not declared with Accepts() (a bare 415 from routing).
        bots.MapPut("/{botId}/avatar", async (Caller caller, Guid botId, HttpContext http, BotService service) =>
            WireJson.Ok(await service.SetAvatarAsync(caller, botId, http).ConfigureAwait(false)))
            .Produces<Protocol.Profiles.UserProfile>().Errors(403, 404, 413, 415, 422);
        bots.MapDelete("/{botId}/token", async (Caller caller, Guid botId, BotService service, CancellationToken ct) =>
        {
            await service.RevokeAsync(caller, botId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(403, 404);
        bots.MapDelete("/{botId}", async (Caller caller, Guid botId, BotService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(caller, botId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(403, 404);
    }
}
