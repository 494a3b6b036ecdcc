using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Channels.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Communities.Internal;

/// <summary>Routes of communities, groups, invites (docs/protocol/rest.md §Communities, §Groups, §Invites).</summary>
internal static class CommunityEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var c = api.MapGroup("/communities").WithTags("Communities");
        c.MapGet("", async (Caller caller, CommunityService s, CancellationToken ct) => WireJson.Ok(await s.ListMineAsync(caller, ct).ConfigureAwait(false)))
            .Produces<IReadOnlyList<Community>>();
        c.MapPost("", async (Caller caller, HttpContext http, CommunityService s) =>
            WireJson.Created(await s.CreateAsync(caller, await WireJson.ReadAsync<CreateCommunityRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CreateCommunityRequest>().Produces<Community>(201).Errors(422);
        c.MapGet("/{communityId}", async (Caller caller, Guid communityId, CommunityService s, CancellationToken ct) =>
            WireJson.Ok(await s.GetAsync(caller, communityId, ct).ConfigureAwait(false))).Produces<Community>().Errors(404);
        c.MapPatch("/{communityId}", async (Caller caller, Guid communityId, HttpContext http, CommunityService s) =>
            WireJson.Ok(await s.UpdateAsync(caller, communityId, await WireJson.ReadAsync<UpdateCommunityRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<UpdateCommunityRequest>().Produces<Community>().Errors(404, 422);
        c.MapDelete("/{communityId}", async (Caller caller, Guid communityId, CommunityService s, CancellationToken ct) =>
            NoContent(await Done(s.DeleteAsync(caller, communityId, ct)).ConfigureAwait(false))).Produces(204).Errors(404);
        c.MapPost("/{communityId}/transfer-ownership", async (Caller caller, Guid communityId, HttpContext http, CommunityService s) =>
            NoContent(await Done(s.TransferOwnershipAsync(caller, communityId, await WireJson.ReadAsync<TransferOwnershipRequest>(http).ConfigureAwait(false), http.RequestAborted)).ConfigureAwait(false)))
            .AcceptsJson<TransferOwnershipRequest>().Produces(204).Errors(404, 422);
        c.MapPost("/{communityId}/leave", async (Caller caller, Guid communityId, CommunityService s, CancellationToken ct) =>
            NoContent(await Done(s.LeaveAsync(caller, communityId, ct)).ConfigureAwait(false))).Produces(204).Errors(404, 409);
        c.MapGet("/{communityId}/members", async (Caller caller, Guid communityId, Guid? after, int? limit, CommunityService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListMembersAsync(caller, communityId, after, limit, ct).ConfigureAwait(false))).Produces<MemberList>().Errors(404, 422);
        c.MapPut("/{communityId}/members/{userId}/role", async (Caller caller, Guid communityId, Guid userId, HttpContext http, CommunityService s) =>
            NoContent(await Done(s.SetRoleAsync(caller, communityId, userId, await WireJson.ReadAsync<UpdateMemberRoleRequest>(http).ConfigureAwait(false), http.RequestAborted)).ConfigureAwait(false)))
            .AcceptsJson<UpdateMemberRoleRequest>().Produces(204).Errors(404, 422);
        c.MapDelete("/{communityId}/members/{userId}", async (Caller caller, Guid communityId, Guid userId, CommunityService s, CancellationToken ct) =>
            NoContent(await Done(s.KickAsync(caller, communityId, userId, ct)).ConfigureAwait(false))).Produces(204).Errors(404);
        c.MapGet("/{communityId}/bans", async (Caller caller, Guid communityId, CommunityService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListBansAsync(caller, communityId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<CommunityBan>>().Errors(404);
        c.MapPut("/{communityId}/bans/{userId}", async (Caller caller, Guid communityId, Guid userId, HttpContext http, CommunityService s) =>
        {
            var body = await WireJson.ReadOptionalAsync(http, new BanRequest()).ConfigureAwait(false);
            return NoContent(await Done(s.BanAsync(caller, communityId, userId, body, http.RequestAborted)).ConfigureAwait(false));
        }).AcceptsJson<BanRequest>(optional: true).Produces(204).Errors(404, 422);
        c.MapDelete("/{communityId}/bans/{userId}", async (Caller caller, Guid communityId, Guid userId, CommunityService s, CancellationToken ct) =>
            NoContent(await Done(s.UnbanAsync(caller, communityId, userId, ct)).ConfigureAwait(false))).Produces(204).Errors(404);
        c.MapGet("/{communityId}/invites", async (Caller caller, Guid communityId, InviteService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListCommunityInvitesAsync(caller, communityId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<Invite>>().Errors(404);
        c.MapPost("/{communityId}/invites", async (Caller caller, Guid communityId, HttpContext http, InviteService s) =>
            WireJson.Created(await s.CreateCommunityInviteAsync(caller, communityId, await WireJson.ReadAsync<CreateInviteRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CreateInviteRequest>().Produces<Invite>(201).Errors(404, 422);
        c.MapDelete("/{communityId}/invites/{inviteId}", async (Caller caller, Guid communityId, Guid inviteId, InviteService s, CancellationToken ct) =>
            NoContent(await Done(s.DeleteAsync(caller, inviteId, communityId, null, ct)).ConfigureAwait(false))).Produces(204).Errors(404);
        c.MapGet("/{communityId}/groups", async (Caller caller, Guid communityId, GroupService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListAsync(caller, communityId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<Group>>().Errors(404);
        c.MapPost("/{communityId}/groups", async (Caller caller, Guid communityId, HttpContext http, GroupService s) =>
            WireJson.Created(await s.CreateAsync(caller, communityId, await WireJson.ReadAsync<CreateGroupRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CreateGroupRequest>().Produces<Group>(201).Errors(404, 422);

        var g = api.MapGroup("/groups/{groupId}").WithTags("Groups");
        g.MapGet("", async (Caller caller, Guid groupId, GroupService s, CancellationToken ct) => WireJson.Ok(await s.GetAsync(caller, groupId, ct).ConfigureAwait(false)))
            .Produces<Group>().Errors(404);
        g.MapPatch("", async (Caller caller, Guid groupId, HttpContext http, GroupService s) =>
            WireJson.Ok(await s.UpdateAsync(caller, groupId, await WireJson.ReadAsync<UpdateGroupRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<UpdateGroupRequest>().Produces<Group>().Errors(404, 422);
        g.MapDelete("", async (Caller caller, Guid groupId, GroupService s, CancellationToken ct) => NoContent(await Done(s.DeleteAsync(caller, groupId, ct)).ConfigureAwait(false))).Produces(204).Errors(404);
        g.MapPost("/transfer-ownership", async (Caller caller, Guid groupId, HttpContext http, GroupService s) =>
            NoContent(await Done(s.TransferOwnershipAsync(caller, groupId, await WireJson.ReadAsync<TransferOwnershipRequest>(http).ConfigureAwait(false), http.RequestAborted)).ConfigureAwait(false)))
            .AcceptsJson<TransferOwnershipRequest>().Produces(204).Errors(404, 422);
        g.MapPost("/join", async (Caller caller, Guid groupId, GroupService s, CancellationToken ct) => WireJson.Ok(await s.JoinAsync(caller, groupId, ct).ConfigureAwait(false)))
            .Produces<Group>().Errors(404);
        g.MapPost("/leave", async (Caller caller, Guid groupId, GroupService s, CancellationToken ct) => NoContent(await Done(s.LeaveAsync(caller, groupId, ct)).ConfigureAwait(false))).Produces(204).Errors(404, 409);
        g.MapGet("/members", async (Caller caller, Guid groupId, Guid? after, int? limit, GroupService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListMembersAsync(caller, groupId, after, limit, ct).ConfigureAwait(false))).Produces<GroupMemberList>().Errors(404, 422);
        g.MapPut("/members/{userId}/role", async (Caller caller, Guid groupId, Guid userId, HttpContext http, GroupService s) =>
            NoContent(await Done(s.SetMemberRoleAsync(caller, groupId, userId, await WireJson.ReadAsync<UpdateGroupMemberRoleRequest>(http).ConfigureAwait(false), http.RequestAborted)).ConfigureAwait(false)))
            .AcceptsJson<UpdateGroupMemberRoleRequest>().Produces(204).Errors(404, 422);
        g.MapDelete("/members/{userId}", async (Caller caller, Guid groupId, Guid userId, GroupService s, CancellationToken ct) =>
            NoContent(await Done(s.KickAsync(caller, groupId, userId, ct)).ConfigureAwait(false))).Produces(204).Errors(404);
        g.MapGet("/invites", async (Caller caller, Guid groupId, InviteService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListGroupInvitesAsync(caller, groupId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<Invite>>().Errors(404);
        g.MapPost("/invites", async (Caller caller, Guid groupId, HttpContext http, InviteService s) =>
            WireJson.Created(await s.CreateGroupInviteAsync(caller, groupId, await WireJson.ReadAsync<CreateInviteRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CreateInviteRequest>().Produces<Invite>(201).Errors(404, 422);
        g.MapDelete("/invites/{inviteId}", async (Caller caller, Guid groupId, Guid inviteId, InviteService s, CancellationToken ct) =>
            NoContent(await Done(s.DeleteAsync(caller, inviteId, null, groupId, ct)).ConfigureAwait(false))).Produces(204).Errors(404);
        g.MapGet("/channels", async (Caller caller, Guid groupId, ChannelService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListGroupChannelsAsync(caller, groupId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<Channel>>().Errors(404);
        g.MapPost("/channels", async (Caller caller, Guid groupId, HttpContext http, ChannelService s) =>
            WireJson.Created(await s.CreateAsync(caller, groupId, await WireJson.ReadAsync<CreateChannelRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CreateChannelRequest>().Produces<Channel>(201).Errors(404, 422);

        var i = api.MapGroup("/invites").WithTags("Invites");
        i.MapGet("/{code}", async (Caller caller, string code, InviteService s, CancellationToken ct) => WireJson.Ok(await s.PreviewAsync(caller, code, ct).ConfigureAwait(false)))
            .Produces<InvitePreview>().Errors(404);
        i.MapPost("/{code}/accept", async (Caller caller, string code, InviteService s, CancellationToken ct) => WireJson.Ok(await s.AcceptAsync(caller, code, ct).ConfigureAwait(false)))
            .Produces<InvitePreview>().Errors(404);

        var ch = api.MapGroup("/channels").WithTags("Channels");
        ch.MapGet("", async (Caller caller, ChannelService s, CancellationToken ct) => WireJson.Ok(await s.ListMineAsync(caller, ct).ConfigureAwait(false)))
            .Produces<IReadOnlyList<Channel>>();
        ch.MapGet("/{channelId}", async (Caller caller, Guid channelId, ChannelService s, CancellationToken ct) => WireJson.Ok(await s.GetAsync(caller, channelId, ct).ConfigureAwait(false)))
            .Produces<Channel>().Errors(404);
        ch.MapGet("/{channelId}/members", async (Caller caller, Guid channelId, Guid? after, int? limit, ChannelService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListMembersAsync(caller, channelId, after, limit, ct).ConfigureAwait(false))).Produces<GroupMemberList>().Errors(404, 422);
        ch.MapPatch("/{channelId}", async (Caller caller, Guid channelId, HttpContext http, ChannelService s) =>
            WireJson.Ok(await s.UpdateAsync(caller, channelId, await WireJson.ReadAsync<UpdateChannelRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<UpdateChannelRequest>().Produces<Channel>().Errors(404, 422);
        ch.MapDelete("/{channelId}", async (Caller caller, Guid channelId, ChannelService s, CancellationToken ct) => NoContent(await Done(s.DeleteAsync(caller, channelId, ct)).ConfigureAwait(false))).Produces(204).Errors(404);

        var dm = api.MapGroup("/dms").WithTags("Channels");
        dm.MapGet("", async (Caller caller, ChannelService s, CancellationToken ct) => WireJson.Ok(await s.ListDmsAsync(caller, ct).ConfigureAwait(false)))
            .Produces<IReadOnlyList<Channel>>();
        dm.MapPost("", async (Caller caller, HttpContext http, ChannelService s) =>
            WireJson.Ok(await s.GetOrCreateDmAsync(caller, await WireJson.ReadAsync<CreateDmRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CreateDmRequest>().Produces<Channel>().Errors(404, 422);
    }

    private static async Task<bool> Done(Task task)
    {
        await task.ConfigureAwait(false);
        return true;
    }

    private static IResult NoContent(bool _) => TypedResults.NoContent();
}
