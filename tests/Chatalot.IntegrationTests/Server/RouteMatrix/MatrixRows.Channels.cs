using System.Security.Cryptography;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Moderation;
using Chatalot.Protocol.Roles;
using static Chatalot.IntegrationTests.Server.RouteMatrix.MatrixRules;
using A = Chatalot.IntegrationTests.Server.RouteMatrix.MatrixActor;
using P = Chatalot.Protocol.Roles.CommunityPermissions;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

public static partial class MatrixRows
{
    private static IEnumerable<MatrixRow> Channels() =>
    [
        R("GET", "/channels", "signed in", SignedIn(), Read(_ => "/channels")),
        F("GET", "/channels/{id}", P.ViewChannels, true, Read(w => $"/channels/{w.Ch}")),
        F("PATCH", "/channels/{id}", P.ManageChannels, true, (w, c) => w.Send(Patch, $"/channels/{w.Ch}", new UpdateChannelRequest(Topic: "matrix"), c.Token)),
        F("DELETE", "/channels/{id}", P.ManageChannels, true, async (w, c) => await w.Send(Delete, $"/channels/{(c.Allowed ? await w.ChannelAsync() : w.Ch)}", c.Token)),
        F("GET", "/channels/{id}/permissions", P.ViewChannels, true, Read(w => $"/channels/{w.Ch}/permissions")),
        F("GET", "/channels/{id}/members", P.ViewChannels, true, Read(w => $"/channels/{w.Ch}/members?limit=5")),
        R("GET", "/voice/ice-servers", "signed in", SignedIn(), Read(_ => "/voice/ice-servers")),
        F("GET", "/channels/{id}/voice", P.ViewChannels, true, Read(w => $"/channels/{w.VoiceCh}/voice")),
        R("GET", "/communities/{id}/voice", "member", Member(), Read(w => $"/communities/{w.C}/voice")),
        F("PATCH", "/channels/{id}/voice/participants/{user_id}", P.MuteMembers, true, async (w, c) =>
        {
            if (c.Allowed)
            {
                await w.PeerInVoiceAsync();
            }

            return await w.Send(Patch, $"/channels/{w.VoiceCh}/voice/participants/{w.Peer.User.Id}", new Protocol.Voice.UpdateVoiceParticipantRequest(true), c.Token);
        }),
        F("DELETE", "/channels/{id}/voice/participants/{user_id}", P.MoveMembers, true, async (w, c) =>
        {
            if (c.Allowed)
            {
                await w.PeerInVoiceAsync();
            }

            return await w.Send(Delete, $"/channels/{w.VoiceCh}/voice/participants/{w.Peer.User.Id}", c.Token);
        }),
        R("GET", "/dms", "signed in", SignedIn(), Read(_ => "/dms")),
        R("POST", "/dms", "shares a community (instance owner: anyone)", Member().With(A.Instance, "✓"), (w, c) => w.Send(Post, "/dms", new CreateDmRequest(w.Peer.User.Id), c.Token)),
        F("PUT", "/channels/{id}/read-state", P.ViewChannels, true, (w, c) => w.Send(Put, $"/channels/{w.Ch}/read-state", new UpdateReadStateRequest(w.Message.Id), c.Token)),
        F("GET", "/channels/{id}/threads", P.ViewChannels, true, Read(w => $"/channels/{w.Ch}/threads?limit=5")),
        F("GET", "/channels/{id}/pins", P.ViewChannels, true, Read(w => $"/channels/{w.Ch}/pins")),
        F("PUT", "/channels/{id}/pins/{message_id}", P.PinMessages, true, async (w, c) => await Then(
            await w.Send(Put, $"/channels/{w.Ch}/pins/{w.Message.Id}", c.Token), () => Ok(w, Delete, $"/channels/{w.Ch}/pins/{w.Message.Id}", w.Owner.AccessToken))),
        F("DELETE", "/channels/{id}/pins/{message_id}", P.PinMessages, true, async (w, c) =>
        {
            await Ok(w, Put, $"/channels/{w.Ch}/pins/{w.Message.Id}", w.Owner.AccessToken);
            var answer = await w.Send(Delete, $"/channels/{w.Ch}/pins/{w.Message.Id}", c.Token);
            if (!answer.Ok)
            {
                await Ok(w, Delete, $"/channels/{w.Ch}/pins/{w.Message.Id}", w.Owner.AccessToken);
            }

            return answer;
        }),
    ];

    private static IEnumerable<MatrixRow> Messages() =>
    [
        F("POST", "/channels/{id}/messages", P.SendMessages, true, (w, c) => w.Send(Post, $"/channels/{w.Ch}/messages", MessageConformanceTests.Channel(w.Next("k")), c.Token),
            x => x.With(A.TimedOut, "403 timed_out")),
        F("GET", "/channels/{id}/messages", P.ViewChannels, true, Read(w => $"/channels/{w.Ch}/messages?limit=5")),
        F("GET", "/channels/{id}/messages/{message_id}", P.ViewChannels, true, Read(w => $"/channels/{w.Ch}/messages/{w.Message.Id}")),
        F("GET", "/channels/{id}/messages/{message_id}/history", P.ViewChannels, true, Read(w => $"/channels/{w.Ch}/messages/{w.Message.Id}/history")),
        R("PATCH", "/channels/{id}/messages/{message_id}", "its sender", Member().With(A.Everyone, "403").With(A.TimedOut, "403").With(A.Moderator, "403").With(A.Admin, "403"),
            (w, c) => w.Send(Patch, $"/channels/{w.Ch}/messages/{w.Message.Id}", new EditMessageRequest(new MessageEnvelope(RandomNumberGenerator.GetBytes(48))) { FrankCommitment = new byte[32] }, c.Token)),
        F("DELETE", "/channels/{id}/messages/{message_id}", P.ManageMessages, true,
            async (w, c) => await w.Send(Delete, $"/channels/{w.Ch}/messages/{(c.Allowed ? (await w.MessageAsync(w.Owner)).Id : w.Message.Id)}", c.Token)),
        F("POST", "/channels/{id}/messages/bulk-delete", P.ManageMessages, true,
            async (w, c) => await w.Send(Post, $"/channels/{w.Ch}/messages/bulk-delete", new BulkDeleteRequest([c.Allowed ? (await w.MessageAsync(w.Owner)).Id : w.Message.Id]), c.Token)),
        F("POST", "/messages/{id}/reports", P.ViewChannels, true, async (w, c) =>
        {
            var sent = c.Allowed ? await ReportConformanceTests.SendFrankedAsync(w.Api, w.Owner, w.Ch, "reported") : w.Franked;
            return await w.Send(Post, $"/messages/{sent.Message.Id}/reports", new Protocol.Reports.CreateReportRequest(sent.Plaintext, sent.FrankingKey, "spam"), c.Token);
        }),
        F("POST", "/reports/{id}/resolve", P.HandleReports, false, async (w, c) => await w.Send(Post, $"/reports/{(c.Allowed ? await w.ReportAsync() : w.OpenReport)}/resolve", c.Token)),
        F("POST", "/reports/{id}/dismiss", P.HandleReports, false, async (w, c) => await w.Send(Post, $"/reports/{(c.Allowed ? await w.ReportAsync() : w.OpenReport)}/dismiss", c.Token)),
    ];

    /// <summary>The role and override routes act on a fresh role at the bottom, deleted afterwards.</summary>
    private static Call WithRole(Func<MatrixWorld, MatrixCaller, Guid, Task<MatrixAnswer>> call) => async (w, c) =>
    {
        var role = await w.RoleAsync();
        var answer = await call(w, c, role);
        using var _ = await w.Api.SendAsync(HttpMethod.Delete, $"/communities/{w.C}/roles/{role}", w.Owner.AccessToken);
        return answer;
    };

    private static IEnumerable<MatrixRow> Roles() =>
    [
        R("GET", "/communities/{id}/roles", "member", Member(), Read(w => $"/communities/{w.C}/roles")),
        R("GET", "/communities/{id}/commands", "member", Member(), Read(w => $"/communities/{w.C}/commands")),
        F("POST", "/communities/{id}/roles", P.ManageRoles, false, async (w, c) =>
        {
            var answer = await w.Send(Post, $"/communities/{w.C}/roles", new CreateRoleRequest(w.Next("r")), c.Token);
            return await Then(answer, () => Ok(w, Delete, $"/communities/{w.C}/roles/{Chatalot.Protocol.Serialization.ChatalotJson.Deserialize<Role>(System.Text.Encoding.UTF8.GetBytes(answer.Body)).Id}", w.Owner.AccessToken));
        }),
        F("PUT", "/communities/{id}/roles/positions", P.ManageRoles, false, WithRole(async (w, c, role) =>
        {
            // The order as it stands: moving nothing is allowed to everyone who may reorder.
            var order = (await w.Api.GetAsync<IReadOnlyList<Role>>($"/communities/{w.C}/roles", w.Owner.AccessToken)).Where(r => !r.IsDefault).Select(r => r.Id).ToList();
            return await w.Send(Put, $"/communities/{w.C}/roles/positions", new ReorderRolesRequest(order), c.Token);
        })),
        F("PATCH", "/communities/{id}/roles/{role_id}", P.ManageRoles, false, WithRole((w, c, role) => w.Send(Patch, $"/communities/{w.C}/roles/{role}", new UpdateRoleRequest(Hoist: true), c.Token))),
        F("DELETE", "/communities/{id}/roles/{role_id}", P.ManageRoles, false, WithRole((w, c, role) => w.Send(Delete, $"/communities/{w.C}/roles/{role}", c.Token))),
        F("PUT", "/communities/{id}/members/{user_id}/roles/{role_id}", P.ManageRoles, false,
            WithRole((w, c, role) => w.Send(Put, $"/communities/{w.C}/members/{w.Peer.User.Id}/roles/{role}", c.Token))),
        F("DELETE", "/communities/{id}/members/{user_id}/roles/{role_id}", P.ManageRoles, false, WithRole(async (w, c, role) =>
        {
            await Ok(w, Put, $"/communities/{w.C}/members/{w.Peer.User.Id}/roles/{role}", w.Owner.AccessToken);
            return await w.Send(Delete, $"/communities/{w.C}/members/{w.Peer.User.Id}/roles/{role}", c.Token);
        })),
        F("PUT", "/communities/{id}/members/{user_id}/timeout", P.TimeoutMembers, false, async (w, c) => await Then(
            await w.Send(Put, $"/communities/{w.C}/members/{w.Peer.User.Id}/timeout", new TimeoutRequest(DateTimeOffset.UtcNow.AddMinutes(5)), c.Token),
            () => Ok(w, Delete, $"/communities/{w.C}/members/{w.Peer.User.Id}/timeout", w.Owner.AccessToken))),
        F("DELETE", "/communities/{id}/members/{user_id}/timeout", P.TimeoutMembers, false, (w, c) => w.Send(Delete, $"/communities/{w.C}/members/{w.Peer.User.Id}/timeout", c.Token)),
        .. Overrides("groups", w => w.G),
        .. Overrides("channels", w => w.Ch),
    ];

    private static IEnumerable<MatrixRow> Overrides(string scope, Func<MatrixWorld, Guid> id)
    {
        var deny = new SetPermissionOverrideRequest(Deny: P.AttachFiles);
        return
        [
            scope == "groups"
                ? R("GET", $"/{scope}/{{id}}/overrides", "member (public group)", Member(), Read(w => $"/{scope}/{id(w)}/overrides"))
                : F("GET", $"/{scope}/{{id}}/overrides", P.ViewChannels, true, Read(w => $"/{scope}/{id(w)}/overrides")),
            F("PUT", $"/{scope}/{{id}}/overrides/{{target_kind}}/{{target_id}}", P.ManageRoles, true,
                WithRole((w, c, role) => w.Send(Put, $"/{scope}/{id(w)}/overrides/role/{role}", deny, c.Token))),
            F("DELETE", $"/{scope}/{{id}}/overrides/{{target_kind}}/{{target_id}}", P.ManageRoles, true, WithRole(async (w, c, role) =>
            {
                await Ok(w, Put, $"/{scope}/{id(w)}/overrides/role/{role}", deny, w.Owner.AccessToken);
                return await w.Send(Delete, $"/{scope}/{id(w)}/overrides/role/{role}", c.Token);
            })),
        ];
    }

    /// <summary>Uploads of the owner: only their uploader reaches them, everyone else is told they do not exist.</summary>
    private static string[] Uploader() => Cells("401", Revoked, "404", "404", "404", "–", "–", "404", "404", "✓", "404");

    private static async Task<(Guid Id, byte[] Bytes)> UploadAsync(MatrixWorld w)
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        return ((await UploadApi.CreateAsync(w.Api, w.Owner.AccessToken, bytes.Length)).Id, bytes);
    }

    private static IEnumerable<MatrixRow> Attachments() =>
    [
        F("POST", "/uploads", P.AttachFiles, true, (w, c) => w.Send(Post, "/uploads", new Protocol.Attachments.CreateUploadRequest(64, w.Ch), c.Token),
            x => x.With(A.TimedOut, "403 timed_out")),
        R("PATCH", "/uploads/{id}", "its uploader", Uploader(), async (w, c) =>
        {
            var (id, bytes) = await UploadAsync(w);
            return await MatrixWorld.AnswerAsync(UploadApi.PatchAsync(w.Api, c.Token!, id, 0, bytes));
        }),
        R("GET", "/uploads/{id}", "its uploader", Uploader(), Read(w => $"/uploads/{w.AttachmentId}")),
        R("POST", "/uploads/{id}/complete", "its uploader", Uploader(), async (w, c) =>
        {
            var (id, bytes) = await UploadAsync(w);
            await MatrixWorld.ExpectOkAsync(UploadApi.PatchAsync(w.Api, w.Owner.AccessToken, id, 0, bytes));
            return await w.Send(Post, $"/uploads/{id}/complete", new Protocol.Attachments.CompleteUploadRequest(SHA256.HashData(bytes)), c.Token);
        }),
        R("DELETE", "/uploads/{id}", "its uploader", Uploader(), async (w, c) => await w.Send(Delete, $"/uploads/{(await UploadAsync(w)).Id}", c.Token)),
        F("GET", "/attachments/{id}", P.ViewChannels, true, Read(w => $"/attachments/{w.AttachmentId}")),
    ];
}
