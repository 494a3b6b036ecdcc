using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Invitations.Internal;

/// <summary>Routes of direct invites and the user directory (docs/protocol/rest.md §Direct invites).</summary>
internal static class DirectInviteEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var c = api.MapGroup("/communities/{communityId}/direct-invites").WithTags("Invites");
        c.MapGet("", async (Caller caller, Guid communityId, DirectInviteService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListCommunityAsync(caller, communityId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<DirectInvite>>().Errors(403, 404);
        c.MapPost("", async (Caller caller, Guid communityId, HttpContext http, DirectInviteService s) =>
        {
            var (invite, created) = await s.CreateAsync(caller, communityId, await WireJson.ReadAsync<CreateDirectInviteRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);
            return created ? WireJson.Created(invite) : WireJson.Ok(invite);
        }).AcceptsJson<CreateDirectInviteRequest>().Produces<DirectInvite>(201).Produces<DirectInvite>().Errors(403, 404, 409, 422);
        c.MapDelete("/{inviteId}", async (Caller caller, Guid communityId, Guid inviteId, DirectInviteService s, CancellationToken ct) =>
        {
            await s.CancelAsync(caller, communityId, inviteId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);

        var me = api.MapGroup("/users/me/invites").WithTags("Invites");
        me.MapGet("", async (Caller caller, DirectInviteService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListMineAsync(caller, ct).ConfigureAwait(false))).Produces<IReadOnlyList<DirectInvite>>();
        me.MapPost("/{inviteId}/accept", async (Caller caller, Guid inviteId, DirectInviteService s, CancellationToken ct) =>
            WireJson.Ok(await s.AcceptAsync(caller, inviteId, ct).ConfigureAwait(false))).Produces<Community>().Errors(403, 404);
        me.MapPost("/{inviteId}/decline", async (Caller caller, Guid inviteId, DirectInviteService s, CancellationToken ct) =>
        {
            await s.DeclineAsync(caller, inviteId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);

        api.MapGet("/users/lookup", async (Caller caller, string? name, int? limit, UserLookup s, CancellationToken ct) =>
            WireJson.Ok(await s.LookupAsync(caller, name, limit, ct).ConfigureAwait(false))).Produces<IReadOnlyList<User>>().WithTags("Accounts").Errors(422);
    }
}
