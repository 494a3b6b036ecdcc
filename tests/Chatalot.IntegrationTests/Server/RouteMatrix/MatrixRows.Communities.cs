using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using static Chatalot.IntegrationTests.Server.RouteMatrix.MatrixRules;
using A = Chatalot.IntegrationTests.Server.RouteMatrix.MatrixActor;
using P = Chatalot.Protocol.Roles.CommunityPermissions;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

public static partial class MatrixRows
{
    private static Task Ok(MatrixWorld w, HttpMethod method, string path, string token) => MatrixWorld.ExpectOkAsync(w.Api.SendAsync(method, path, token));

    private static Task Ok<T>(MatrixWorld w, HttpMethod method, string path, T body, string token) => MatrixWorld.ExpectOkAsync(w.Api.SendAsync(method, path, body, token));

    private static IEnumerable<MatrixRow> Communities() =>
    [
        R("GET", "/communities", "signed in", SignedIn(), Read(_ => "/communities")),
        R("POST", "/communities", "signed in", SignedIn(), async (w, c) =>
        {
            var answer = await w.Send(Post, "/communities", new CreateCommunityRequest(w.Next("new")), c.Token);
            return await Then(answer, () => Ok(w, Delete, $"/communities/{Chatalot.Protocol.Serialization.ChatalotJson.Deserialize<Community>(System.Text.Encoding.UTF8.GetBytes(answer.Body)).Id}", c.Token!));
        }),
        R("GET", "/communities/{id}", "member", Member(), Read(w => $"/communities/{w.C}")),
        R("PATCH", "/communities/{id}", "admin", Rank(CommunityRole.Admin), (w, c) => w.Send(Patch, $"/communities/{w.C}", new UpdateCommunityRequest(Description: "matrix"), c.Token)),
        R("DELETE", "/communities/{id}", "owner, instance admin", Rank(CommunityRole.Owner).With(A.Instance, "✓"), async (w, c) =>
        {
            // The owner and the instance owner delete a community of their own standing made for the call.
            var owner = c.Actor == A.Owner ? c.Auth! : w.Peer;
            var id = c.Allowed ? (await w.Api.PostAsync<CreateCommunityRequest, Community>("/communities", new CreateCommunityRequest(w.Next("doomed")), owner.AccessToken, System.Net.HttpStatusCode.Created)).Id : w.C;
            return await w.Send(Delete, $"/communities/{id}", c.Token);
        }),
        R("POST", "/communities/{id}/transfer-ownership", "owner", Rank(CommunityRole.Owner), async (w, c) => await Then(
            await w.Send(Post, $"/communities/{w.C}/transfer-ownership", new TransferOwnershipRequest(w.Admin.User.Id), c.Token),
            () => Ok(w, Post, $"/communities/{w.C}/transfer-ownership", new TransferOwnershipRequest(w.Owner.User.Id), w.Admin.AccessToken))),
        R("POST", "/communities/{id}/leave", "member but the owner", Member().With(A.Owner, "409"),
            async (w, c) => await w.Send(Post, $"/communities/{w.C}/leave", c.Allowed ? (await w.TwinAsync(c.Actor)).AccessToken : c.Token)),
        R("GET", "/communities/{id}/members", "member", Member(), Read(w => $"/communities/{w.C}/members?limit=5")),
        R("PUT", "/communities/{id}/members/{user_id}/role", "admin", Rank(CommunityRole.Admin), async (w, c) => await Then(
            await w.Send(Put, $"/communities/{w.C}/members/{w.Peer.User.Id}/role", new UpdateMemberRoleRequest(CommunityRole.Moderator), c.Token),
            () => Ok(w, Put, $"/communities/{w.C}/members/{w.Peer.User.Id}/role", new UpdateMemberRoleRequest(CommunityRole.Member), w.Owner.AccessToken))),
        F("DELETE", "/communities/{id}/members/{user_id}", P.KickMembers, false,
            async (w, c) => await w.Send(Delete, $"/communities/{w.C}/members/{(c.Allowed ? (await w.MemberAsync()).User.Id : w.Peer.User.Id)}", c.Token)),
        F("GET", "/communities/{id}/bans", P.BanMembers, false, Read(w => $"/communities/{w.C}/bans")),
        F("PUT", "/communities/{id}/bans/{user_id}", P.BanMembers, false,
            async (w, c) => await w.Send(Put, $"/communities/{w.C}/bans/{(c.Allowed ? (await w.MemberAsync()).User.Id : w.Peer.User.Id)}", new BanRequest("matrix"), c.Token)),
        F("DELETE", "/communities/{id}/bans/{user_id}", P.BanMembers, false,
            async (w, c) => await w.Send(Delete, $"/communities/{w.C}/bans/{(c.Allowed ? (await w.BannedAsync()).User.Id : w.Banned.User.Id)}", c.Token)),
        F("GET", "/communities/{id}/invites", P.ManageInvites, false, Read(w => $"/communities/{w.C}/invites")),
        F("POST", "/communities/{id}/invites", P.CreateInvites, false, (w, c) => w.Send(Post, $"/communities/{w.C}/invites", new CreateInviteRequest(MaxUses: 1), c.Token)),
        F("DELETE", "/communities/{id}/invites/{invite_id}", P.ManageInvites, false, async (w, c) =>
        {
            var invite = await w.Api.PostAsync<CreateInviteRequest, Invite>($"/communities/{w.C}/invites", new CreateInviteRequest(MaxUses: 1), w.Owner.AccessToken, System.Net.HttpStatusCode.Created);
            return await w.Send(Delete, $"/communities/{w.C}/invites/{invite.Id}", c.Token);
        }, x => x.With(A.Everyone, "404").With(A.TimedOut, "404"), "its creator, `manage_invites`"),
        R("GET", "/communities/{id}/groups", "member", Member(), Read(w => $"/communities/{w.C}/groups")),
        F("POST", "/communities/{id}/groups", P.ManageGroups, false, async (w, c) =>
        {
            var answer = await w.Send(Post, $"/communities/{w.C}/groups", new CreateGroupRequest(w.Next("g")), c.Token);
            return await Then(answer, () => Ok(w, Delete, $"/groups/{Chatalot.Protocol.Serialization.ChatalotJson.Deserialize<Group>(System.Text.Encoding.UTF8.GetBytes(answer.Body)).Id}", w.Owner.AccessToken));
        }),
        R("GET", "/communities/{id}/emoji", "member", Member(), Read(w => $"/communities/{w.C}/emoji")),
        F("PUT", "/communities/{id}/emoji/{name}", P.ManageEmoji, false, async (w, c) =>
        {
            var name = w.Next("e");
            return await Then(await w.SendRaw(Put, $"/communities/{w.C}/emoji/{name}", ProfileConformanceTests.Png, "image/png", c.Token), () => Ok(w, Delete, $"/communities/{w.C}/emoji/{name}", w.Owner.AccessToken));
        }),
        F("DELETE", "/communities/{id}/emoji/{name}", P.ManageEmoji, false, async (w, c) =>
        {
            var name = w.Next("e");
            await MatrixWorld.ExpectOkAsync(w.RawAsync(HttpMethod.Put, $"/communities/{w.C}/emoji/{name}", ProfileConformanceTests.Png, "image/png", w.Owner.AccessToken));
            var answer = await w.Send(Delete, $"/communities/{w.C}/emoji/{name}", c.Token);
            if (!answer.Ok)
            {
                await Ok(w, Delete, $"/communities/{w.C}/emoji/{name}", w.Owner.AccessToken);
            }

            return answer;
        }),
        R("GET", "/emoji/{emoji_id}", "member", Member(), Read(w => $"/emoji/{w.EmojiId}")),
        F("GET", "/communities/{id}/audit-log", P.ViewAuditLog, false, Read(w => $"/communities/{w.C}/audit-log?limit=5")),
        F("GET", "/communities/{id}/reports", P.HandleReports, false, Read(w => $"/communities/{w.C}/reports?status=all")),
        R("GET", "/invites/{code}", "signed in", SignedIn(), Read(w => $"/invites/{w.InviteCode}")),
        R("POST", "/invites/{code}/accept", "not banned", SignedIn().With(A.Banned, "403 banned"),
            // Non-members accept another community's invite, so they stay outside this one.
            (w, c) => w.Send(Post, $"/invites/{(c.Actor is A.Outsider or A.Instance ? w.ScratchInviteCode : w.InviteCode)}/accept", c.Token)),
        .. DirectInvites(),
    ];

    private static IEnumerable<MatrixRow> Groups() =>
    [
        R("GET", "/groups/{id}", "member (public group)", Member(), Read(w => $"/groups/{w.G}")),
        F("PATCH", "/groups/{id}", P.ManageGroups, true, (w, c) => w.Send(Patch, $"/groups/{w.G}", new UpdateGroupRequest(Description: "matrix"), c.Token)),
        F("DELETE", "/groups/{id}", P.ManageGroups, true, async (w, c) => await w.Send(Delete, $"/groups/{(c.Allowed ? await w.GroupAsync() : w.G)}", c.Token),
            x => x.With(A.Flag, "403"), "group owner, community admin"),
        R("POST", "/groups/{id}/transfer-ownership", "group owner", Rank(CommunityRole.Owner), async (w, c) => await Then(
            await w.Send(Post, $"/groups/{w.G}/transfer-ownership", new TransferOwnershipRequest(w.Admin.User.Id), c.Token),
            () => Ok(w, Post, $"/groups/{w.G}/transfer-ownership", new TransferOwnershipRequest(w.Owner.User.Id), w.Admin.AccessToken))),
        R("POST", "/groups/{id}/join", "member (public group)", Member(), (w, c) => w.Send(Post, $"/groups/{w.G}/join", c.Token)),
        R("POST", "/groups/{id}/leave", "group member but the owner", Member().With(A.Owner, "409"), async (w, c) => await Then(
            await w.Send(Post, $"/groups/{w.G}/leave", c.Token), () => Ok(w, Post, $"/groups/{w.G}/join", c.Token!))),
        R("GET", "/groups/{id}/members", "member (public group)", Member(), Read(w => $"/groups/{w.G}/members?limit=5")),
        F("PUT", "/groups/{id}/members/{user_id}/role", P.ManageGroups, true, (w, c) => w.Send(Put, $"/groups/{w.G}/members/{w.Peer.User.Id}/role", new UpdateGroupMemberRoleRequest(GroupRole.Member), c.Token)),
        F("DELETE", "/groups/{id}/members/{user_id}", P.ManageGroups, true, async (w, c) => await Then(
            await w.Send(Delete, $"/groups/{w.G}/members/{w.Peer.User.Id}", c.Token), () => Ok(w, Post, $"/groups/{w.G}/join", w.Peer.AccessToken)),
            x => x.With(A.Flag, "403"), "group admin above the target"),
        F("GET", "/groups/{id}/invites", P.ManageGroups, true, Read(w => $"/groups/{w.G}/invites")),
        F("POST", "/groups/{id}/invites", P.ManageGroups, true, (w, c) => w.Send(Post, $"/groups/{w.G}/invites", new CreateInviteRequest(MaxUses: 1), c.Token)),
        F("DELETE", "/groups/{id}/invites/{invite_id}", P.ManageGroups, true, async (w, c) =>
        {
            var invite = await w.Api.PostAsync<CreateInviteRequest, Invite>($"/groups/{w.G}/invites", new CreateInviteRequest(MaxUses: 1), w.Owner.AccessToken, System.Net.HttpStatusCode.Created);
            return await w.Send(Delete, $"/groups/{w.G}/invites/{invite.Id}", c.Token);
        }, x => x.With(A.Everyone, "404").With(A.TimedOut, "404").With(A.Denied, "404").With(A.Moderator, "✓"), "its creator, group admin, `manage_invites`"),
        R("GET", "/groups/{id}/channels", "member (public group)", Member(), Read(w => $"/groups/{w.G}/channels")),
        F("POST", "/groups/{id}/channels", P.ManageChannels, true, async (w, c) =>
        {
            var answer = await w.Send(Post, $"/groups/{w.G}/channels", new CreateChannelRequest(w.Next("c")), c.Token);
            return await Then(answer, () => Ok(w, Delete, $"/channels/{Chatalot.Protocol.Serialization.ChatalotJson.Deserialize<Channel>(System.Text.Encoding.UTF8.GetBytes(answer.Body)).Id}", w.Owner.AccessToken));
        }),
    ];
}
