using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Keys;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Moderation;
using Chatalot.Protocol.Roles;
using Chatalot.Protocol.Serialization;
using Chatalot.Protocol.ToDevice;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// Every mutating route, fired eight times at once with the same request: each answer is a success or a typed 4xx
/// problem, never a 5xx (the unique-key races of a read-then-insert are rerun by the server, not surfaced).
/// </summary>
public abstract class ConcurrentWriteConformanceTests(ServerFixture fixture)
{
    private const int Copies = 8;

    private const string Password = "correct horse battery";

    private ChatalotApi Api => fixture.Api;

    private sealed record Call(HttpMethod Method, string Path, string? Json, string Token)
    {
        /// <summary>A non-JSON body (an image, an upload chunk) with its content type and any extra headers.</summary>
        public (byte[] Bytes, string ContentType, (string Name, string Value)[] Headers)? Raw { get; init; }
    }

    private static Call Raw(HttpMethod method, string path, byte[] bytes, string contentType, string token, params (string Name, string Value)[] headers) =>
        new(method, path, null, token) { Raw = (bytes, contentType, headers) };

    private static Call Chunk(Guid upload, byte[] bytes, string token) =>
        Raw(HttpMethod.Patch, $"/uploads/{upload}", bytes, Chatalot.Protocol.Attachments.UploadHeaders.ChunkContentType, token, (Chatalot.Protocol.Attachments.UploadHeaders.Offset, "0"));

    private async Task<(string Token, Guid Upload, byte[] Bytes)> NewUploadAsync()
    {
        var token = (await Api.RegisterAsync()).AccessToken;
        var bytes = RandomNumberGenerator.GetBytes(100);
        var upload = await Api.PostAsync<Chatalot.Protocol.Attachments.CreateUploadRequest, Chatalot.Protocol.Attachments.Upload>("/uploads", new(bytes.Length), token, HttpStatusCode.Created);
        return (token, upload.Id, bytes);
    }

    private Task<Protocol.Bots.BotCredentials> NewBotAsync(string token) =>
        Api.PostAsync<Protocol.Bots.CreateBotRequest, Protocol.Bots.BotCredentials>("/bots", new(ChatalotApi.NewName()), token, HttpStatusCode.Created);

    private static string Json<T>(T body) => Encoding.UTF8.GetString(ChatalotJson.SerializeToUtf8Bytes(body));

    private static Call Post(string path, string token) => new(HttpMethod.Post, path, null, token);

    private static Call Post<T>(string path, T body, string token) => new(HttpMethod.Post, path, Json(body), token);

    private static Call Put(string path, string token) => new(HttpMethod.Put, path, null, token);

    private static Call Put<T>(string path, T body, string token) => new(HttpMethod.Put, path, Json(body), token);

    private static Call Patch<T>(string path, T body, string token) => new(HttpMethod.Patch, path, Json(body), token);

    private static Call Delete(string path, string token) => new(HttpMethod.Delete, path, null, token);

    private static Call Delete<T>(string path, T body, string token) => new(HttpMethod.Delete, path, Json(body), token);

    /// <summary>
    /// A voice channel the member is in: joined over a connection that then closes, so the join lasts the disconnect
    /// grace period (15 s), longer than the race.
    /// </summary>
    private async Task<(CommunityScenario S, Guid Voice)> VoiceCallAsync()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var voice = await VoiceConformanceTests.VoiceChannelAsync(Api, s);
        await using var member = await VoiceConformanceTests.ConnectAsync(fixture.Server.BaseAddress, s.Member, voice.Id);
        await VoiceConformanceTests.JoinAsync(member, voice.Id);
        return (s, voice.Id);
    }

    /// <summary>Each mutating route (as its route pattern) with a fresh set-up that yields the request to race.</summary>
    private Dictionary<string, Func<Task<Call>>> Cases()
    {
        var owner = fixture.Owner.AccessToken;
        return new()
        {
            ["POST /auth/register"] = () => Task.FromResult(Post("/auth/register", new RegisterRequest(ChatalotApi.NewName(), "correct horse battery"), "")),
            ["POST /auth/login"] = async () =>
            {
                var name = ChatalotApi.NewName();
                await Api.RegisterAsync(name);
                return Post("/auth/login", new LoginRequest(name, "correct horse battery"), "");
            },
            ["POST /auth/refresh"] = async () => Post("/auth/refresh", new RefreshRequest((await Api.RegisterAsync()).RefreshToken), ""),
            ["POST /auth/logout"] = async () => Post("/auth/logout", (await Api.RegisterAsync()).AccessToken),
            ["PATCH /users/me"] = async () => Patch("/users/me", new UpdateProfileRequest("Racer"), (await Api.RegisterAsync()).AccessToken),
            ["POST /users/me/password"] = async () => Post("/users/me/password", new ChangePasswordRequest("correct horse battery", "another good password"), (await Api.RegisterAsync()).AccessToken),
            ["DELETE /users/me/sessions/{sessionId}"] = async () =>
            {
                var user = await Api.RegisterAsync();
                return Delete($"/users/me/sessions/{user.SessionId}", user.AccessToken);
            },
            ["PUT /users/me/commands"] = async () => Put("/users/me/commands", new Protocol.Bots.PublishCommandsRequest("!", [new Protocol.Bots.PublishedCommand("ping", "Answers pong.")]), (await Api.RegisterAsync()).AccessToken),
            ["PUT /users/me/device-list"] = async () =>
            {
                var user = await Api.RegisterAsync();
                using var ak = new TestAccountKey();
                return Put("/users/me/device-list", ak.List(user.User.Id, 1, 1, 2), user.AccessToken);
            },
            ["POST /users/me/device-links"] = async () => Post("/users/me/device-links", DeviceLinkConformanceTests.NewLink(2), (await Api.RegisterAsync()).AccessToken),
            ["POST /users/me/device-links/{linkId}/respond"] = async () =>
            {
                var (token, link) = await NewDeviceLinkAsync(0);
                return Post($"/users/me/device-links/{link}/respond", DeviceLinkConformanceTests.Respond(), token);
            },
            ["POST /users/me/device-links/{linkId}/reveal"] = async () =>
            {
                var (token, link) = await NewDeviceLinkAsync(1);
                return Post($"/users/me/device-links/{link}/reveal", DeviceLinkConformanceTests.Reveal(), token);
            },
            ["POST /users/me/device-links/{linkId}/approve"] = async () =>
            {
                var (token, link) = await NewDeviceLinkAsync(2);
                return Post($"/users/me/device-links/{link}/approve", DeviceLinkConformanceTests.Approve(), token);
            },
            ["POST /users/me/device-links/{linkId}/decline"] = async () =>
            {
                var (token, link) = await NewDeviceLinkAsync(1);
                return Post($"/users/me/device-links/{link}/decline", token);
            },
            ["DELETE /users/me/device-links/{linkId}"] = async () =>
            {
                var (token, link) = await NewDeviceLinkAsync(0);
                return Delete($"/users/me/device-links/{link}", token);
            },
            ["PUT /users/me/key-backup"] = async () => Put("/users/me/key-backup", new Protocol.Devices.KeyBackupUpload(new byte[16], new Dictionary<string, byte[]> { ["account"] = [1, 2, 3] }, 0), (await Api.RegisterAsync()).AccessToken),
            ["DELETE /users/me/key-backup"] = async () =>
            {
                var user = await Api.RegisterAsync();
                await Expect(Put("/users/me/key-backup", new Protocol.Devices.KeyBackupUpload(new byte[16], new Dictionary<string, byte[]> { ["account"] = [1] }, 0), user.AccessToken));
                return Delete("/users/me/key-backup", user.AccessToken);
            },
            ["PUT /users/me/blocks/{userId}"] = async () => Put($"/users/me/blocks/{(await Api.RegisterAsync()).User.Id}", (await Api.RegisterAsync()).AccessToken),
            ["DELETE /users/me/blocks/{userId}"] = async () =>
            {
                var (user, other) = (await Api.RegisterAsync(), await Api.RegisterAsync());
                await Expect(Put($"/users/me/blocks/{other.User.Id}", user.AccessToken));
                return Delete($"/users/me/blocks/{other.User.Id}", user.AccessToken);
            },
            ["POST /admin/users/{userId}/suspend"] = async () => Post($"/admin/users/{(await Api.RegisterAsync()).User.Id}/suspend", new SuspendUserRequest("race"), owner),
            ["POST /admin/users/{userId}/unsuspend"] = async () =>
            {
                var user = await Api.RegisterAsync();
                await Expect(Post($"/admin/users/{user.User.Id}/suspend", new SuspendUserRequest(), owner));
                return Post($"/admin/users/{user.User.Id}/unsuspend", owner);
            },
            ["POST /admin/users/{userId}/sessions/revoke"] = async () => Post($"/admin/users/{(await Api.RegisterAsync()).User.Id}/sessions/revoke", owner),
            ["POST /admin/users/{userId}/2fa/reset"] = async () =>
            {
                var user = await Api.RegisterAsync();
                var setup = await Api.PostAsync<Protocol.Accounts.TwoFactorSetupRequest, Protocol.Accounts.TwoFactorSetup>("/users/me/2fa/setup", new Protocol.Accounts.TwoFactorSetupRequest("correct horse battery"), user.AccessToken);
                var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(setup.Secret)).ComputeTotp();
                await Api.PostAsync<Protocol.Accounts.TwoFactorCodeRequest, Protocol.Accounts.BackupCodes>("/users/me/2fa/enable", new Protocol.Accounts.TwoFactorCodeRequest(code), user.AccessToken);
                return Post($"/admin/users/{user.User.Id}/2fa/reset", owner);
            },
            ["PATCH /admin/settings"] = () => Task.FromResult(Patch("/admin/settings", new Protocol.Admin.UpdateServerSettingsRequest(Banner: new Protocol.Admin.ServerBanner("Raced")), owner)),
            ["PUT /admin/users/{userId}/role"] = async () => Put($"/admin/users/{(await Api.RegisterAsync()).User.Id}/role", new SetInstanceRoleRequest(InstanceRole.Admin), owner),
            ["POST /bots"] = () => Task.FromResult(Post("/bots", new Protocol.Bots.CreateBotRequest(ChatalotApi.NewName()), owner)),
            ["POST /auth/bot"] = async () => Post("/auth/bot", new Protocol.Bots.BotLoginRequest((await NewBotAsync(owner)).Token), ""),
            ["POST /bots/{botId}/token"] = async () => Post($"/bots/{(await NewBotAsync(owner)).Bot.Id}/token", owner),
            ["PUT /bots/{botId}/avatar"] = async () => Raw(HttpMethod.Put, $"/bots/{(await NewBotAsync(owner)).Bot.Id}/avatar", ProfileConformanceTests.Png, "image/png", owner),
            ["DELETE /bots/{botId}/token"] = async () => Delete($"/bots/{(await NewBotAsync(owner)).Bot.Id}/token", owner),
            ["DELETE /bots/{botId}"] = async () => Delete($"/bots/{(await NewBotAsync(owner)).Bot.Id}", owner),
            ["POST /admin/registration-invites"] = () => Task.FromResult(Post("/admin/registration-invites", new CreateInviteRequest(MaxUses: 2), owner)),
            ["DELETE /admin/registration-invites/{inviteId}"] = async () =>
            {
                var invite = await Api.PostAsync<CreateInviteRequest, RegistrationInvite>("/admin/registration-invites", new CreateInviteRequest(), owner, HttpStatusCode.Created);
                return Delete($"/admin/registration-invites/{invite.Id}", owner);
            },
            ["POST /communities"] = async () => Post("/communities", new CreateCommunityRequest("Race"), (await Api.RegisterAsync()).AccessToken),
            ["PATCH /communities/{communityId}"] = async () =>
            {
                var s = await Scenario();
                return Patch($"/communities/{s.Community.Id}", new UpdateCommunityRequest(Description: "raced"), s.Owner.AccessToken);
            },
            ["DELETE /communities/{communityId}"] = async () =>
            {
                var s = await Scenario();
                return Delete($"/communities/{s.Community.Id}", s.Owner.AccessToken);
            },
            ["POST /communities/{communityId}/transfer-ownership"] = async () =>
            {
                var s = await Scenario();
                return Post($"/communities/{s.Community.Id}/transfer-ownership", new TransferOwnershipRequest(s.Admin.User.Id), s.Owner.AccessToken);
            },
            ["POST /communities/{communityId}/leave"] = async () =>
            {
                var s = await Scenario();
                return Post($"/communities/{s.Community.Id}/leave", s.Member.AccessToken);
            },
            ["PUT /communities/{communityId}/members/{userId}/role"] = async () =>
            {
                var s = await Scenario();
                return Put($"/communities/{s.Community.Id}/members/{s.Member.User.Id}/role", new UpdateMemberRoleRequest(CommunityRole.Moderator), s.Owner.AccessToken);
            },
            ["DELETE /communities/{communityId}/members/{userId}"] = async () =>
            {
                var s = await Scenario();
                return Delete($"/communities/{s.Community.Id}/members/{s.Member.User.Id}", s.Owner.AccessToken);
            },
            ["PUT /communities/{communityId}/bans/{userId}"] = async () =>
            {
                var s = await Scenario();
                return Put($"/communities/{s.Community.Id}/bans/{s.Member.User.Id}", new BanRequest("race"), s.Owner.AccessToken);
            },
            ["DELETE /communities/{communityId}/bans/{userId}"] = async () =>
            {
                var s = await Scenario();
                await Expect(Put($"/communities/{s.Community.Id}/bans/{s.Member.User.Id}", s.Owner.AccessToken));
                return Delete($"/communities/{s.Community.Id}/bans/{s.Member.User.Id}", s.Owner.AccessToken);
            },
            ["POST /communities/{communityId}/invites"] = async () =>
            {
                var s = await Scenario();
                return Post($"/communities/{s.Community.Id}/invites", new CreateInviteRequest(), s.Owner.AccessToken);
            },
            ["DELETE /communities/{communityId}/invites/{inviteId}"] = async () =>
            {
                var s = await Scenario();
                var invite = await Api.PostAsync<CreateInviteRequest, Invite>($"/communities/{s.Community.Id}/invites", new CreateInviteRequest(), s.Owner.AccessToken, HttpStatusCode.Created);
                return Delete($"/communities/{s.Community.Id}/invites/{invite.Id}", s.Owner.AccessToken);
            },
            ["POST /communities/{communityId}/groups"] = async () =>
            {
                var s = await Scenario();
                return Post($"/communities/{s.Community.Id}/groups", new CreateGroupRequest("Raced"), s.Owner.AccessToken);
            },
            ["PATCH /groups/{groupId}"] = async () =>
            {
                var s = await Scenario();
                return Patch($"/groups/{s.PublicGroup.Id}", new UpdateGroupRequest(Description: "raced"), s.Owner.AccessToken);
            },
            ["DELETE /groups/{groupId}"] = async () =>
            {
                var s = await Scenario();
                return Delete($"/groups/{s.PublicGroup.Id}", s.Owner.AccessToken);
            },
            ["POST /groups/{groupId}/transfer-ownership"] = async () =>
            {
                var (s, group) = await ScenarioWithJoinedGroup();
                return Post($"/groups/{group.Id}/transfer-ownership", new TransferOwnershipRequest(s.Member.User.Id), s.Owner.AccessToken);
            },
            ["POST /groups/{groupId}/join"] = async () =>
            {
                var s = await Scenario();
                var group = await NewGroup(s);
                return Post($"/groups/{group.Id}/join", s.Member.AccessToken);
            },
            ["POST /groups/{groupId}/leave"] = async () =>
            {
                var (s, group) = await ScenarioWithJoinedGroup();
                return Post($"/groups/{group.Id}/leave", s.Member.AccessToken);
            },
            ["PUT /groups/{groupId}/members/{userId}/role"] = async () =>
            {
                var (s, group) = await ScenarioWithJoinedGroup();
                return Put($"/groups/{group.Id}/members/{s.Member.User.Id}/role", new UpdateGroupMemberRoleRequest(GroupRole.Admin), s.Owner.AccessToken);
            },
            ["DELETE /groups/{groupId}/members/{userId}"] = async () =>
            {
                var (s, group) = await ScenarioWithJoinedGroup();
                return Delete($"/groups/{group.Id}/members/{s.Member.User.Id}", s.Owner.AccessToken);
            },
            ["POST /groups/{groupId}/invites"] = async () =>
            {
                var s = await Scenario();
                return Post($"/groups/{s.PublicGroup.Id}/invites", new CreateInviteRequest(), s.Owner.AccessToken);
            },
            ["DELETE /groups/{groupId}/invites/{inviteId}"] = async () =>
            {
                var s = await Scenario();
                var invite = await Api.PostAsync<CreateInviteRequest, Invite>($"/groups/{s.PublicGroup.Id}/invites", new CreateInviteRequest(), s.Owner.AccessToken, HttpStatusCode.Created);
                return Delete($"/groups/{s.PublicGroup.Id}/invites/{invite.Id}", s.Owner.AccessToken);
            },
            ["POST /groups/{groupId}/channels"] = async () =>
            {
                var s = await Scenario();
                return Post($"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("raced"), s.Owner.AccessToken);
            },
            ["POST /communities/{communityId}/direct-invites"] = async () =>
            {
                var s = await Scenario();
                return Post($"/communities/{s.Community.Id}/direct-invites", new CreateDirectInviteRequest(s.Outsider.User.Username), s.Owner.AccessToken);
            },
            ["DELETE /communities/{communityId}/direct-invites/{inviteId}"] = async () =>
            {
                var (s, invite) = await DirectInviteAsync();
                return Delete($"/communities/{s.Community.Id}/direct-invites/{invite.Id}", s.Owner.AccessToken);
            },
            ["POST /users/me/invites/{inviteId}/accept"] = async () =>
            {
                var (s, invite) = await DirectInviteAsync();
                return Post($"/users/me/invites/{invite.Id}/accept", s.Outsider.AccessToken);
            },
            ["POST /users/me/invites/{inviteId}/decline"] = async () =>
            {
                var (s, invite) = await DirectInviteAsync();
                return Post($"/users/me/invites/{invite.Id}/decline", s.Outsider.AccessToken);
            },
            ["POST /invites/{code}/accept"] = async () =>
            {
                var s = await Scenario();
                var invite = await Api.PostAsync<CreateInviteRequest, Invite>($"/communities/{s.Community.Id}/invites", new CreateInviteRequest(), s.Owner.AccessToken, HttpStatusCode.Created);
                return Post($"/invites/{invite.Code}/accept", s.Outsider.AccessToken);
            },
            ["PATCH /channels/{channelId}"] = async () =>
            {
                var s = await Scenario();
                return Patch($"/channels/{s.General.Id}", new UpdateChannelRequest(Topic: "raced"), s.Owner.AccessToken);
            },
            ["DELETE /channels/{channelId}"] = async () =>
            {
                var s = await Scenario();
                var channel = await Api.PostAsync<CreateChannelRequest, Channel>($"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("doomed"), s.Owner.AccessToken, HttpStatusCode.Created);
                return Delete($"/channels/{channel.Id}", s.Owner.AccessToken);
            },
            ["POST /dms"] = async () =>
            {
                var (user, other) = (await Api.RegisterAsync(), await Api.RegisterAsync());
                await MessageConformanceTests.PublishDeviceAsync(Api, other);
                return Post("/dms", new CreateDmRequest(other.User.Id), user.AccessToken);
            },
            ["PUT /keys/devices/{deviceId:int}"] = async () =>
            {
                using var device = new TestDevice();
                return Put("/keys/devices/1", device.Upload(), (await Api.RegisterAsync()).AccessToken);
            },
            ["DELETE /keys/devices/{deviceId:int}"] = async () =>
            {
                var user = await Api.RegisterAsync();
                await MessageConformanceTests.PublishDeviceAsync(Api, user);
                return Delete("/keys/devices/1", user.AccessToken);
            },
            ["POST /keys/devices/{deviceId:int}/prekeys"] = async () =>
            {
                var user = await Api.RegisterAsync();
                using var device = new TestDevice();
                await Expect(Put("/keys/devices/1", device.Upload(0, 0), user.AccessToken));
                return Post("/keys/devices/1/prekeys", new PrekeyUpload(device.OneTimePrekeys(5), device.OneTimeKemPrekeys(2)), user.AccessToken);
            },
            ["POST /users/{userId}/devices/bundles"] = async () =>
            {
                var other = await Api.RegisterAsync();
                await MessageConformanceTests.PublishDeviceAsync(Api, other);
                return Post($"/users/{other.User.Id}/devices/bundles", (await Api.RegisterAsync()).AccessToken);
            },
            ["POST /users/{userId}/devices/{deviceId:int}/bundle"] = async () =>
            {
                var other = await Api.RegisterAsync();
                await MessageConformanceTests.PublishDeviceAsync(Api, other);
                return Post($"/users/{other.User.Id}/devices/1/bundle", (await Api.RegisterAsync()).AccessToken);
            },
            ["POST /to-device"] = async () =>
            {
                var s = await ScenarioWithDevices();
                var (user, other) = (s.Member, s.Admin);
                return Post("/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(other.User.Id, 1, RandomNumberGenerator.GetBytes(64))]), user.AccessToken);
            },
            ["POST /to-device/{deviceId:int}/ack"] = async () =>
            {
                var s = await ScenarioWithDevices();
                var (user, other) = (s.Member, s.Admin);
                await Expect(Post("/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(other.User.Id, 1, RandomNumberGenerator.GetBytes(64))]), user.AccessToken));
                var inbox = await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1", other.AccessToken);
                return Post("/to-device/1/ack", new AckToDeviceRequest([.. inbox.Select(m => m.Id)]), other.AccessToken);
            },
            ["POST /channels/{channelId}/messages"] = async () =>
            {
                var s = await ScenarioWithDevices();
                return Post($"/channels/{s.General.Id}/messages", MessageConformanceTests.Channel("race"), s.Member.AccessToken);
            },
            ["PATCH /channels/{channelId}/messages/{messageId}"] = async () =>
            {
                var (s, message) = await ScenarioWithMessage();
                return Patch($"/channels/{s.General.Id}/messages/{message.Id}", new EditMessageRequest(new MessageEnvelope(RandomNumberGenerator.GetBytes(48))) { FrankCommitment = new byte[32] }, s.Member.AccessToken);
            },
            ["DELETE /channels/{channelId}/messages/{messageId}"] = async () =>
            {
                var (s, message) = await ScenarioWithMessage();
                return Delete($"/channels/{s.General.Id}/messages/{message.Id}", s.Member.AccessToken);
            },
            ["PUT /channels/{channelId}/pins/{messageId}"] = async () =>
            {
                var (s, message) = await ScenarioWithMessage();
                return Put($"/channels/{s.General.Id}/pins/{message.Id}", s.Moderator.AccessToken);
            },
            ["DELETE /channels/{channelId}/pins/{messageId}"] = async () =>
            {
                var (s, message) = await ScenarioWithMessage();
                await Expect(Put($"/channels/{s.General.Id}/pins/{message.Id}", s.Moderator.AccessToken));
                return Delete($"/channels/{s.General.Id}/pins/{message.Id}", s.Moderator.AccessToken);
            },
            ["PUT /channels/{channelId}/read-state"] = async () =>
            {
                var (s, message) = await ScenarioWithMessage();
                return Put($"/channels/{s.General.Id}/read-state", new UpdateReadStateRequest(message.Id), s.Admin.AccessToken);
            },
            ["POST /uploads"] = async () => Post("/uploads", new Chatalot.Protocol.Attachments.CreateUploadRequest(100), (await Api.RegisterAsync()).AccessToken),
            ["PATCH /uploads/{uploadId}"] = async () =>
            {
                var (token, upload, bytes) = await NewUploadAsync();
                return Chunk(upload, bytes, token);
            },
            ["POST /uploads/{uploadId}/complete"] = async () =>
            {
                var (token, upload, bytes) = await NewUploadAsync();
                await Expect(Chunk(upload, bytes, token));
                return Post($"/uploads/{upload}/complete", new Chatalot.Protocol.Attachments.CompleteUploadRequest(SHA256.HashData(bytes)), token);
            },
            ["DELETE /uploads/{uploadId}"] = async () =>
            {
                var (token, upload, _) = await NewUploadAsync();
                return Delete($"/uploads/{upload}", token);
            },
            ["PUT /users/me/avatar"] = async () => Raw(HttpMethod.Put, "/users/me/avatar", ProfileConformanceTests.Png, "image/png", (await Api.RegisterAsync()).AccessToken),
            ["PUT /users/me/banner"] = async () => Raw(HttpMethod.Put, "/users/me/banner", ProfileConformanceTests.Png, "image/png", (await Api.RegisterAsync()).AccessToken),
            ["DELETE /users/me/avatar"] = async () =>
            {
                var token = (await Api.RegisterAsync()).AccessToken;
                await Expect(Raw(HttpMethod.Put, "/users/me/avatar", ProfileConformanceTests.Png, "image/png", token));
                return Delete("/users/me/avatar", token);
            },
            ["DELETE /users/me/banner"] = async () =>
            {
                var token = (await Api.RegisterAsync()).AccessToken;
                await Expect(Raw(HttpMethod.Put, "/users/me/banner", ProfileConformanceTests.Png, "image/png", token));
                return Delete("/users/me/banner", token);
            },
            ["PUT /users/me/status"] = async () => Put("/users/me/status", new Chatalot.Protocol.Profiles.UserStatus(Chatalot.Protocol.Gateway.PresenceStatus.Dnd, "racing"), (await Api.RegisterAsync()).AccessToken),
            ["PUT /communities/{communityId}/emoji/{name}"] = async () =>
            {
                var s = await Scenario();
                return Raw(HttpMethod.Put, $"/communities/{s.Community.Id}/emoji/racer", ProfileConformanceTests.Png, "image/png", s.Owner.AccessToken);
            },
            ["DELETE /communities/{communityId}/emoji/{name}"] = async () =>
            {
                var s = await Scenario();
                await Expect(Raw(HttpMethod.Put, $"/communities/{s.Community.Id}/emoji/racer", ProfileConformanceTests.Png, "image/png", s.Owner.AccessToken));
                return Delete($"/communities/{s.Community.Id}/emoji/racer", s.Owner.AccessToken);
            },
            ["POST /link-previews"] = async () => Post("/link-previews", new Chatalot.Protocol.Previews.LinkPreviewRequest(fixture.Web.Url("/page").AbsoluteUri), (await Api.RegisterAsync()).AccessToken),
            ["POST /link-previews/image"] = async () => Post("/link-previews/image", new Chatalot.Protocol.Previews.LinkPreviewRequest(fixture.Web.Url("/image.png").AbsoluteUri), (await Api.RegisterAsync()).AccessToken),
            ["POST /messages/{messageId}/reports"] = async () =>
            {
                var s = await ScenarioWithDevices();
                var sent = await ReportConformanceTests.SendFrankedAsync(Api, s.Member, s.General.Id, "racing report");
                return Post($"/messages/{sent.Message.Id}/reports", new Chatalot.Protocol.Reports.CreateReportRequest(sent.Plaintext, sent.FrankingKey, "spam"), s.Admin.AccessToken);
            },
            ["POST /reports/{reportId}/resolve"] = async () => Post($"/reports/{await OpenReportAsync()}/resolve", await OwnerTokenOfReportAsync()),
            ["POST /reports/{reportId}/dismiss"] = async () => Post($"/reports/{await OpenReportAsync()}/dismiss", await OwnerTokenOfReportAsync()),
            ["POST /users/me/read-states/mark-all"] = async () =>
            {
                var (s, _) = await ScenarioWithMessage();
                return Post("/users/me/read-states/mark-all", new MarkAllReadRequest(s.Community.Id), s.Admin.AccessToken);
            },
            ["POST /auth/login/2fa"] = async () =>
            {
                var (name, _, secret) = await TwoFactorUserAsync();
                return Post("/auth/login/2fa", new TwoFactorLoginRequest(await ChallengeAsync(name), NextCode(secret)), "");
            },
            ["POST /auth/recover"] = async () =>
            {
                var name = ChatalotApi.NewName();
                var user = await Api.RegisterAsync(name);
                return Post("/auth/recover", new RecoverAccountRequest(name, user.RecoveryCode!, "a new good password"), "");
            },
            ["POST /users/me/2fa/setup"] = async () => Post("/users/me/2fa/setup", new TwoFactorSetupRequest(Password), (await Api.RegisterAsync()).AccessToken),
            ["POST /users/me/2fa/enable"] = async () =>
            {
                var user = await Api.RegisterAsync();
                var setup = await Api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest(Password), user.AccessToken);
                return Post("/users/me/2fa/enable", new TwoFactorCodeRequest(TotpCode(setup.Secret, DateTimeOffset.UtcNow)), user.AccessToken);
            },
            ["POST /users/me/2fa/disable"] = async () =>
            {
                var (_, user, secret) = await TwoFactorUserAsync();
                return Post("/users/me/2fa/disable", new TwoFactorDisableRequest(Password, NextCode(secret)), user.AccessToken);
            },
            ["POST /users/me/2fa/backup-codes"] = async () =>
            {
                var (_, user, secret) = await TwoFactorUserAsync();
                return Post("/users/me/2fa/backup-codes", new TwoFactorCodeRequest(NextCode(secret)), user.AccessToken);
            },
            ["POST /users/me/recovery-code"] = async () => Post("/users/me/recovery-code", new PasswordConfirmation(Password), (await Api.RegisterAsync()).AccessToken),
            ["POST /users/me/sessions/revoke-others"] = async () =>
            {
                var name = ChatalotApi.NewName();
                var user = await Api.RegisterAsync(name);
                await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, Password), null);
                return Post("/users/me/sessions/revoke-others", user.AccessToken);
            },
            ["DELETE /users/me"] = async () => Delete("/users/me", new PasswordConfirmation(Password), (await Api.RegisterAsync()).AccessToken),
            ["DELETE /admin/users/{userId}"] = async () => Delete($"/admin/users/{(await Api.RegisterAsync()).User.Id}", owner),
            ["POST /communities/{communityId}/roles"] = async () =>
            {
                var s = await Scenario();
                return Post($"/communities/{s.Community.Id}/roles", new CreateRoleRequest("Raced"), s.Owner.AccessToken);
            },
            ["PATCH /communities/{communityId}/roles/{roleId}"] = async () =>
            {
                var s = await Scenario();
                var role = await NewRoleAsync(s);
                return Patch($"/communities/{s.Community.Id}/roles/{role.Id}", new UpdateRoleRequest(Color: "#00ff00", Permissions: CommunityPermissions.PinMessages), s.Owner.AccessToken);
            },
            ["DELETE /communities/{communityId}/roles/{roleId}"] = async () =>
            {
                var s = await Scenario();
                var role = await NewRoleAsync(s);
                await NewRoleAsync(s);
                return Delete($"/communities/{s.Community.Id}/roles/{role.Id}", s.Owner.AccessToken);
            },
            ["PUT /communities/{communityId}/roles/positions"] = async () =>
            {
                var s = await Scenario();
                var (low, high) = (await NewRoleAsync(s), await NewRoleAsync(s));
                return Put($"/communities/{s.Community.Id}/roles/positions", new ReorderRolesRequest([low.Id, high.Id]), s.Owner.AccessToken);
            },
            ["PUT /communities/{communityId}/members/{userId}/roles/{roleId}"] = async () =>
            {
                var s = await Scenario();
                var role = await NewRoleAsync(s);
                return Put($"/communities/{s.Community.Id}/members/{s.Member.User.Id}/roles/{role.Id}", s.Owner.AccessToken);
            },
            ["DELETE /communities/{communityId}/members/{userId}/roles/{roleId}"] = async () =>
            {
                var s = await Scenario();
                var role = await NewRoleAsync(s);
                await Expect(Put($"/communities/{s.Community.Id}/members/{s.Member.User.Id}/roles/{role.Id}", s.Owner.AccessToken));
                return Delete($"/communities/{s.Community.Id}/members/{s.Member.User.Id}/roles/{role.Id}", s.Owner.AccessToken);
            },
            ["PATCH /channels/{channelId}/voice/participants/{userId}"] = async () =>
            {
                var (s, voice) = await VoiceCallAsync();
                return Patch($"/channels/{voice}/voice/participants/{s.Member.User.Id}", new Protocol.Voice.UpdateVoiceParticipantRequest(true), s.Moderator.AccessToken);
            },
            ["DELETE /channels/{channelId}/voice/participants/{userId}"] = async () =>
            {
                var (s, voice) = await VoiceCallAsync();
                return Delete($"/channels/{voice}/voice/participants/{s.Member.User.Id}", s.Moderator.AccessToken);
            },
            ["PUT /communities/{communityId}/members/{userId}/timeout"] = async () =>
            {
                var s = await Scenario();
                return Put($"/communities/{s.Community.Id}/members/{s.Member.User.Id}/timeout", new TimeoutRequest(DateTimeOffset.UtcNow.AddHours(1), "race"), s.Moderator.AccessToken);
            },
            ["DELETE /communities/{communityId}/members/{userId}/timeout"] = async () =>
            {
                var s = await Scenario();
                await Expect(Put($"/communities/{s.Community.Id}/members/{s.Member.User.Id}/timeout", new TimeoutRequest(DateTimeOffset.UtcNow.AddHours(1)), s.Moderator.AccessToken));
                return Delete($"/communities/{s.Community.Id}/members/{s.Member.User.Id}/timeout", s.Moderator.AccessToken);
            },
            ["PUT /groups/{scopeId}/overrides/{targetKind}/{targetId}"] = async () =>
            {
                var s = await Scenario();
                return Put($"/groups/{s.PublicGroup.Id}/overrides/member/{s.Member.User.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.SendMessages), s.Owner.AccessToken);
            },
            ["DELETE /groups/{scopeId}/overrides/{targetKind}/{targetId}"] = async () =>
            {
                var s = await Scenario();
                await Expect(Put($"/groups/{s.PublicGroup.Id}/overrides/member/{s.Member.User.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.SendMessages), s.Owner.AccessToken));
                return Delete($"/groups/{s.PublicGroup.Id}/overrides/member/{s.Member.User.Id}", s.Owner.AccessToken);
            },
            ["PUT /channels/{scopeId}/overrides/{targetKind}/{targetId}"] = async () =>
            {
                var s = await Scenario();
                return Put($"/channels/{s.General.Id}/overrides/role/{s.Community.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.AddReactions), s.Owner.AccessToken);
            },
            ["DELETE /channels/{scopeId}/overrides/{targetKind}/{targetId}"] = async () =>
            {
                var s = await Scenario();
                await Expect(Put($"/channels/{s.General.Id}/overrides/role/{s.Community.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.AddReactions), s.Owner.AccessToken));
                return Delete($"/channels/{s.General.Id}/overrides/role/{s.Community.Id}", s.Owner.AccessToken);
            },
            ["POST /channels/{channelId}/messages/bulk-delete"] = async () =>
            {
                var (s, message) = await ScenarioWithMessage();
                return Post($"/channels/{s.General.Id}/messages/bulk-delete", new BulkDeleteRequest([message.Id]), s.Moderator.AccessToken);
            },
        };
    }

    private async Task<(CommunityScenario Scenario, DirectInvite Invite)> DirectInviteAsync()
    {
        var s = await Scenario();
        var invite = await Api.PostAsync<CreateDirectInviteRequest, DirectInvite>($"/communities/{s.Community.Id}/direct-invites", new CreateDirectInviteRequest(s.Outsider.User.Username), s.Owner.AccessToken, HttpStatusCode.Created);
        return (s, invite);
    }

    [Fact]
    public void Cases_CoverEveryMutatingRoute()
    {
        var routes = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is not "GET" and not "HEAD")
                .Select(m => $"{m} {e.RoutePattern.RawText!["/api/v1".Length..].TrimEnd('/')}"))
            .ToHashSet();
        Assert.NotEmpty(routes);
        // Listed as two differences so a failure names the routes: mutating routes without a case, then cases of no route.
        var uncovered = routes.Except(Cases().Keys).Order().ToList();
        var stale = Cases().Keys.Except(routes).Order().ToList();
        Assert.True(uncovered.Count == 0, "Mutating routes without a case:\n" + string.Join("\n", uncovered));
        Assert.True(stale.Count == 0, "Cases of no route:\n" + string.Join("\n", stale));
    }

    [Fact]
    public async Task EveryMutatingRoute_EightIdenticalRequestsAtOnce_NeverAnswer5xx()
    {
        var failures = new List<string>();
        foreach (var (route, arrange) in Cases())
        {
            var call = await arrange();
            var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => SendAsync(call)));
            foreach (var (status, body) in answers)
            {
                var typed = status < 400 || (status < 500 && body.Contains("\"code\"", StringComparison.Ordinal));
                if (!typed)
                {
                    failures.Add($"{route}: {status} {body}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task BlockAndBan_RacedPuts_AllSucceedIdempotently()
    {
        var s = await Scenario();
        var block = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => SendAsync(Put($"/users/me/blocks/{s.Outsider.User.Id}", s.Member.AccessToken))));
        Assert.All(block, a => Assert.Equal(204, a.Status));
        var ban = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => SendAsync(Put($"/communities/{s.Community.Id}/bans/{s.Member.User.Id}", new BanRequest("x"), s.Owner.AccessToken))));
        Assert.All(ban, a => Assert.Equal(204, a.Status));
    }

    [Fact]
    public async Task FirstDevicePublish_RacingIdentityKeys_OneWinsTheRestConflict()
    {
        var user = await Api.RegisterAsync();
        var devices = Enumerable.Range(0, Copies).Select(_ => new TestDevice()).ToList();
        var answers = await Task.WhenAll(devices.Select(d => SendAsync(Put("/keys/devices/1", d.Upload(1, 1), user.AccessToken))));
        devices.ForEach(d => d.Dispose());
        Assert.Single(answers, a => a.Status == 200);
        Assert.All(answers.Where(a => a.Status != 200), a => Assert.Contains("identity_key_conflict", a.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CommunityCreation_OneSlotLeft_EightAtOnce_ExactlyOneSucceeds()
    {
        // Before one user's creations took turns (RowLocks), two racing creations could both count the last free slot.
        var user = await Api.RegisterAsync();
        await Expect(Post("/communities", new CreateCommunityRequest("First"), user.AccessToken));
        await Expect(Patch("/admin/settings", new Protocol.Admin.UpdateServerSettingsRequest(MaxCommunitiesPerUser: 2), fixture.Owner.AccessToken));
        try
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(i => SendAsync(Post("/communities", new CreateCommunityRequest("Race " + i), user.AccessToken))));
            Assert.Single(answers, a => a.Status == 201);
            Assert.All(answers.Where(a => a.Status != 201), a =>
            {
                Assert.Equal(422, a.Status);
                Assert.Contains($"\"code\":\"{Chatalot.Protocol.Errors.ErrorCodes.CommunityLimitReached}\"", a.Body, StringComparison.Ordinal);
            });
            Assert.Equal(2, (await Api.GetAsync<IReadOnlyList<Community>>("/communities", user.AccessToken)).Count);
        }
        finally
        {
            await Expect(Patch("/admin/settings", new Protocol.Admin.UpdateServerSettingsRequest(MaxCommunitiesPerUser: 0), fixture.Owner.AccessToken));
        }
    }

    [Fact]
    public async Task Roles_RacedCreatesDeletesAndReorders_KeepPositionsOneToN()
    {
        var s = await Scenario();
        var roles = $"/communities/{s.Community.Id}/roles";

        // Creates each lift the others by one: before they took turns, PostgreSQL left racing creates sharing position 1.
        var created = await Task.WhenAll(Enumerable.Range(0, Copies).Select(i => SendAsync(Post(roles, new CreateRoleRequest("R" + i), s.Owner.AccessToken))));
        Assert.All(created, a => Assert.Equal(201, a.Status));
        var ids = await AssertPositionsAsync(s, Copies);

        // Deletes close the gap: before the role was re-read under the lock, every copy lowered the roles above it.
        var deleted = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => SendAsync(Delete($"{roles}/{ids[0]}", s.Owner.AccessToken))));
        Assert.Single(deleted, a => a.Status == 204);
        Assert.All(deleted.Where(a => a.Status != 204), a => Assert.Equal(404, a.Status));
        ids = await AssertPositionsAsync(s, Copies - 1);

        // Reorders both ways racing creates: a reorder that read the roles before a create committed is refused, typed.
        var reversed = ids.AsEnumerable().Reverse().ToList();
        var mixed = await Task.WhenAll(Enumerable.Range(0, Copies).Select(i => SendAsync(
            i % 2 == 1 ? Post(roles, new CreateRoleRequest("Late" + i), s.Owner.AccessToken)
            : Put($"{roles}/positions", new ReorderRolesRequest(i % 4 == 0 ? ids : reversed), s.Owner.AccessToken))));
        Assert.All(mixed, a => Assert.True(a.Status is 200 or 201 || (a.Status == 422 && a.Body.Contains("role_ids", StringComparison.Ordinal)), $"{a.Status} {a.Body}"));
        await AssertPositionsAsync(s, Copies - 1 + (Copies / 2));
    }

    [Fact]
    public async Task Roles_AssignmentsAndOverridesRacingTheRolesDelete_LeaveNothingBehind()
    {
        // Before assignments and role overrides re-checked the role under the community's lock, one that read the role
        // before a concurrent delete committed was written after it, for a role that no longer exists.
        var s = await Scenario();
        var holders = new[] { s.Admin, s.Moderator, s.Member };
        for (var round = 0; round < 4; round++)
        {
            var role = await NewRoleAsync(s);
            var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(i => SendAsync(
                i == 0 ? Delete($"/communities/{s.Community.Id}/roles/{role.Id}", s.Owner.AccessToken)
                : i % 2 == 0 ? Put($"/communities/{s.Community.Id}/members/{holders[i % holders.Length].User.Id}/roles/{role.Id}", s.Owner.AccessToken)
                : Put($"/channels/{s.General.Id}/overrides/role/{role.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.AddReactions), s.Owner.AccessToken))));
            Assert.All(answers, a => Assert.True(a.Status is 200 or 204 or 404, $"{a.Status} {a.Body}"));
            await using var scope = fixture.Server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Chatalot.Server.Hosting.Storage.Internal.ChatalotDbContext>();
            Assert.False(await db.MemberRoles.AnyAsync(r => r.RoleId == role.Id));
            Assert.False(await db.PermissionOverrides.AnyAsync(o => o.TargetId == role.Id));
        }
    }

    [Fact]
    public async Task AccountDeletion_EightAtOnce_ErasesOnce()
    {
        // Before only a live account could become a tombstone, every copy committed its own erasure and audit entry.
        var user = await Api.RegisterAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => SendAsync(Delete($"/admin/users/{user.User.Id}", fixture.Owner.AccessToken))));
        Assert.Single(answers, a => a.Status == 204);
        Assert.All(answers.Where(a => a.Status != 204), a => Assert.Equal(404, a.Status));
        var log = await Api.GetAsync<IReadOnlyList<Chatalot.Protocol.Audit.AuditLogEntry>>($"/admin/audit-log?target_user_id={user.User.Id}", fixture.Owner.AccessToken);
        Assert.Equal([Chatalot.Protocol.Audit.AuditAction.UserDeleted], log.Select(e => e.Action));
    }

    /// <summary>The custom roles sit at positions 1..count, one each; returns their ids, lowest first.</summary>
    private async Task<List<Guid>> AssertPositionsAsync(CommunityScenario s, int count)
    {
        var roles = (await Api.GetAsync<IReadOnlyList<Role>>($"/communities/{s.Community.Id}/roles", s.Owner.AccessToken)).Where(r => !r.IsDefault).ToList();
        Assert.Equal(Enumerable.Range(1, count), roles.Select(r => r.Position).Order());
        return [.. roles.OrderBy(r => r.Position).Select(r => r.Id)];
    }

    private async Task<(int Status, string Body)> SendAsync(Call call)
    {
        using var request = new HttpRequestMessage(call.Method, "/api/v1" + call.Path);
        if (call.Token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", call.Token);
        }

        if (call.Json is not null)
        {
            request.Content = new StringContent(call.Json, Encoding.UTF8, "application/json");
        }

        if (call.Raw is { } raw)
        {
            request.Content = new ByteArrayContent(raw.Bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(raw.ContentType);
            foreach (var (name, value) in raw.Headers)
            {
                request.Headers.Add(name, value);
            }
        }

        using var response = await Api.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task Expect(Call call)
    {
        var (status, body) = await SendAsync(call);
        Assert.True(status < 300, $"{call.Method} {call.Path}: {status} {body}");
    }

    /// <summary>A fresh account's device link, taken <paramref name="steps"/> steps past <c>requested</c>.</summary>
    private async Task<(string Token, Guid Link)> NewDeviceLinkAsync(int steps)
    {
        var user = await Api.RegisterAsync();
        var link = await Api.PostAsync<Protocol.Devices.CreateDeviceLinkRequest, Protocol.Devices.DeviceLink>("/users/me/device-links", DeviceLinkConformanceTests.NewLink(2), user.AccessToken, HttpStatusCode.Created);
        if (steps >= 1)
        {
            await Expect(Post($"/users/me/device-links/{link.Id}/respond", DeviceLinkConformanceTests.Respond(), user.AccessToken));
        }

        if (steps >= 2)
        {
            await Expect(Post($"/users/me/device-links/{link.Id}/reveal", DeviceLinkConformanceTests.Reveal(), user.AccessToken));
        }

        return (user.AccessToken, link.Id);
    }

    private Task<CommunityScenario> Scenario() => CommunityScenario.CreateAsync(Api);

    private async Task<CommunityScenario> ScenarioWithDevices()
    {
        var s = await Scenario();
        foreach (var user in new[] { s.Owner, s.Admin, s.Moderator, s.Member })
        {
            await MessageConformanceTests.PublishDeviceAsync(Api, user);
        }

        return s;
    }

    private string? _reportOwner;

    // An open report in a fresh community; its owner's token is kept for the racing close.
    private async Task<Guid> OpenReportAsync()
    {
        var s = await ScenarioWithDevices();
        var sent = await ReportConformanceTests.SendFrankedAsync(Api, s.Member, s.General.Id, "to close");
        var report = await Api.PostAsync<Chatalot.Protocol.Reports.CreateReportRequest, Chatalot.Protocol.Reports.Report>(
            $"/messages/{sent.Message.Id}/reports", new(sent.Plaintext, sent.FrankingKey, "spam"), s.Admin.AccessToken, HttpStatusCode.Created);
        _reportOwner = s.Owner.AccessToken;
        return report.Id;
    }

    private Task<string> OwnerTokenOfReportAsync() => Task.FromResult(_reportOwner!);

    private async Task<(CommunityScenario, Message)> ScenarioWithMessage()
    {
        var s = await ScenarioWithDevices();
        var message = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages", MessageConformanceTests.Channel("original"), s.Member.AccessToken), HttpStatusCode.Created);
        return (s, message);
    }

    private Task<Group> NewGroup(CommunityScenario s) =>
        Api.PostAsync<CreateGroupRequest, Group>($"/communities/{s.Community.Id}/groups", new CreateGroupRequest("Side " + Guid.NewGuid().ToString("N")[..4]), s.Owner.AccessToken, HttpStatusCode.Created);

    private async Task<(CommunityScenario, Group)> ScenarioWithJoinedGroup()
    {
        var s = await Scenario();
        var group = await NewGroup(s);
        await Expect(Post($"/groups/{group.Id}/join", s.Member.AccessToken));
        return (s, group);
    }

    private Task<Role> NewRoleAsync(CommunityScenario s) =>
        Api.PostAsync<CreateRoleRequest, Role>($"/communities/{s.Community.Id}/roles", new CreateRoleRequest("Role " + Guid.NewGuid().ToString("N")[..4]), s.Owner.AccessToken, HttpStatusCode.Created);

    /// <summary>A new account with two-factor sign-in on; the code that enabled it spent the current step.</summary>
    private async Task<(string Name, AuthResponse User, string Secret)> TwoFactorUserAsync()
    {
        var name = ChatalotApi.NewName();
        var user = await Api.RegisterAsync(name);
        var setup = await Api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest(Password), user.AccessToken);
        await Api.PostAsync<TwoFactorCodeRequest, BackupCodes>("/users/me/2fa/enable", new TwoFactorCodeRequest(TotpCode(setup.Secret, DateTimeOffset.UtcNow)), user.AccessToken);
        return (name, user, setup.Secret);
    }

    private static string TotpCode(string secret, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at.UtcDateTime);

    /// <summary>The code of the next 30-second step: later than the one enabling spent, and inside the accepted drift.</summary>
    private static string NextCode(string secret) => TotpCode(secret, DateTimeOffset.UtcNow.AddSeconds(30));

    private async Task<string> ChallengeAsync(string name)
    {
        var problem = await ChatalotApi.ProblemAsync(await Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, Password)), HttpStatusCode.Unauthorized, Chatalot.Protocol.Errors.ErrorCodes.TwoFactorRequired);
        return problem.Challenge!;
    }
}

public sealed class ConcurrentWriteSqliteTests(SqliteServerFixture fixture) : ConcurrentWriteConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class ConcurrentWritePostgresTests(PostgresServerFixture fixture) : ConcurrentWriteConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
