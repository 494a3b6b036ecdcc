using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Keys;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Serialization;
using Chatalot.Protocol.ToDevice;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// One valid request to every REST route, in an order where each succeeds, recording the status each route answered
/// (keyed like <see cref="DocumentedRoute.Key"/>). A new route needs a step here, or the conformance test names it.
/// </summary>
public sealed class RestRouteTour
{
    private readonly ChatalotApi _api;
    private readonly Dictionary<string, HashSet<int>> _observed = new(StringComparer.Ordinal);
    private readonly Uri _web;

    private RestRouteTour(ChatalotApi api, Uri web) => (_api, _web) = (api, web);

    /// <summary>Tours the routes; <paramref name="web"/> is the server's <see cref="StandInInternet"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, HashSet<int>>> RunAsync(ChatalotApi api, AuthResponse instanceOwner, Uri web)
    {
        var tour = new RestRouteTour(api, web);
        await tour.AccountsAsync(instanceOwner);
        await tour.AccountSecurityAsync(instanceOwner);
        await tour.BotsAsync(instanceOwner);
        await tour.KeysAndToDeviceAsync(instanceOwner);
        await tour.DevicesAsync(instanceOwner);
        await tour.CommunitiesAsync();
        await tour.AttachmentsAsync(instanceOwner);
        await tour.ProfilesAsync();
        await tour.Call("GET", "/admin/reports", "/admin/reports?status=all", token: instanceOwner.AccessToken);
        await tour.Call("GET", "/admin/audit-log", "/admin/audit-log?limit=10", token: instanceOwner.AccessToken);
        await tour.HealthAsync();
        return tour._observed;
    }

    private async Task BotsAsync(AuthResponse owner)
    {
        var o = owner.AccessToken;
        var bot = await Call<Protocol.Bots.BotCredentials>("POST", "/bots", "/bots", new Protocol.Bots.CreateBotRequest(ChatalotApi.NewName()), o);
        await Call("GET", "/bots", "/bots", token: o);
        await Call<AuthResponse>("POST", "/auth/bot", "/auth/bot", new Protocol.Bots.BotLoginRequest(bot.Token));
        await Call("PUT", "/bots/{}/avatar", $"/bots/{bot.Bot.Id}/avatar", new RawImage(Server.ProfileConformanceTests.Png, "image/png"), o);
        await Call<Protocol.Bots.BotCredentials>("POST", "/bots/{}/token", $"/bots/{bot.Bot.Id}/token", token: o);
        await Call("DELETE", "/bots/{}/token", $"/bots/{bot.Bot.Id}/token", token: o);
        await Call("DELETE", "/bots/{}", $"/bots/{bot.Bot.Id}", token: o);
    }

    private async Task AccountsAsync(AuthResponse owner)
    {
        await Call("GET", "/server", "/server");
        var carol = await Call<AuthResponse>("POST", "/auth/register", "/auth/register", new RegisterRequest(ChatalotApi.NewName(), "correct horse battery"));
        var login = await Call<AuthResponse>("POST", "/auth/login", "/auth/login", new LoginRequest(carol.User.Username, "correct horse battery"));
        login = await Call<AuthResponse>("POST", "/auth/refresh", "/auth/refresh", new RefreshRequest(login.RefreshToken));
        var t = login.AccessToken;
        await Call("GET", "/users/me", "/users/me", token: t);
        await Call("PATCH", "/users/me", "/users/me", new UpdateProfileRequest("Carol"), t);
        await Call("GET", "/users/me/sessions", "/users/me/sessions", token: t);
        await Call("DELETE", "/users/me/sessions/{}", $"/users/me/sessions/{carol.SessionId}", token: t);
        var other = await _api.RegisterAsync();
        await Call("GET", "/users/me/blocks", "/users/me/blocks", token: t);
        await Call("PUT", "/users/me/blocks/{}", $"/users/me/blocks/{other.User.Id}", token: t);
        await Call("DELETE", "/users/me/blocks/{}", $"/users/me/blocks/{other.User.Id}", token: t);
        await Call("GET", "/users/{}", $"/users/{carol.User.Id}", token: t);
        await Call("POST", "/users/me/password", "/users/me/password", new ChangePasswordRequest("correct horse battery", "another horse battery"), t);
        await Call("POST", "/auth/logout", "/auth/logout", token: t);

        var o = owner.AccessToken;
        await Call("GET", "/admin/users", "/admin/users?query=u&status=all&limit=10&offset=0", token: o);
        await Call("POST", "/admin/users/{}/sessions/revoke", $"/admin/users/{other.User.Id}/sessions/revoke", token: o);
        await Call("GET", "/admin/settings", "/admin/settings", token: o);
        await Call("PATCH", "/admin/settings", "/admin/settings", new Protocol.Admin.UpdateServerSettingsRequest(Banner: new Protocol.Admin.ServerBanner("Route tour")), o);
        await Call("GET", "/admin/storage", "/admin/storage", token: o);
        await Call("POST", "/admin/users/{}/suspend", $"/admin/users/{other.User.Id}/suspend", token: o);
        await Call("POST", "/admin/users/{}/unsuspend", $"/admin/users/{other.User.Id}/unsuspend", token: o);
        await Call("PUT", "/admin/users/{}/role", $"/admin/users/{other.User.Id}/role", new SetInstanceRoleRequest(InstanceRole.Admin), o);
        await Call("GET", "/admin/registration-invites", "/admin/registration-invites", token: o);
        var invite = await Call<RegistrationInvite>("POST", "/admin/registration-invites", "/admin/registration-invites", new CreateInviteRequest(MaxUses: 1), o);
        await Call("DELETE", "/admin/registration-invites/{}", $"/admin/registration-invites/{invite.Id}", token: o);
    }

    /// <summary>Two-factor sign-in (backup codes stand in for app codes, so the real clock's step never matters), recovery, deletion.</summary>
    private async Task AccountSecurityAsync(AuthResponse owner)
    {
        const string password = "correct horse battery";
        var dave = await _api.RegisterAsync();
        var t = dave.AccessToken;
        await Call("GET", "/users/me/security", "/users/me/security", token: t);
        var setup = await Call<TwoFactorSetup>("POST", "/users/me/2fa/setup", "/users/me/2fa/setup", new TwoFactorSetupRequest(password), t);
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(setup.Secret)).ComputeTotp();
        var backup = await Call<BackupCodes>("POST", "/users/me/2fa/enable", "/users/me/2fa/enable", new TwoFactorCodeRequest(code), t);
        var challenge = (await ChatalotApi.ProblemAsync(await _api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(dave.User.Username, password)), System.Net.HttpStatusCode.Unauthorized, Protocol.Errors.ErrorCodes.TwoFactorRequired)).Challenge!;
        await Call<AuthResponse>("POST", "/auth/login/2fa", "/auth/login/2fa", new TwoFactorLoginRequest(challenge, BackupCode: backup.Codes[0]));
        backup = await Call<BackupCodes>("POST", "/users/me/2fa/backup-codes", "/users/me/2fa/backup-codes", new TwoFactorCodeRequest(backup.Codes[1]), t);
        await Call("POST", "/users/me/2fa/disable", "/users/me/2fa/disable", new TwoFactorDisableRequest(password, backup.Codes[0]), t);
        var recovery = await Call<RecoveryCode>("POST", "/users/me/recovery-code", "/users/me/recovery-code", new PasswordConfirmation(password), t);
        await Call("POST", "/users/me/sessions/revoke-others", "/users/me/sessions/revoke-others", token: t);
        await Call<RecoveryCode>("POST", "/auth/recover", "/auth/recover", new RecoverAccountRequest(dave.User.Username, recovery.Code, "a new horse battery"));
        var again = await _api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(dave.User.Username, "a new horse battery"), null);
        await Call("DELETE", "/users/me", "/users/me", new PasswordConfirmation("a new horse battery"), again.AccessToken);
        var frank = await _api.RegisterAsync();
        var frankSetup = await _api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest(password), frank.AccessToken);
        await _api.PostAsync<TwoFactorCodeRequest, BackupCodes>("/users/me/2fa/enable", new TwoFactorCodeRequest(new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(frankSetup.Secret)).ComputeTotp()), frank.AccessToken);
        await Call("POST", "/admin/users/{}/2fa/reset", $"/admin/users/{frank.User.Id}/2fa/reset", token: owner.AccessToken);
        var erin = await _api.RegisterAsync();
        await Call("DELETE", "/admin/users/{}", $"/admin/users/{erin.User.Id}", token: owner.AccessToken);
    }

    private async Task KeysAndToDeviceAsync(AuthResponse owner)
    {
        var alice = await _api.RegisterAsync();
        using var device = new TestDevice();
        using var ownerDevice = new TestDevice();
        var a = alice.AccessToken;
        await Call("PUT", "/keys/devices/{}", "/keys/devices/1", device.Upload(2, 2), a);
        await Call("POST", "/keys/devices/{}/prekeys", "/keys/devices/1/prekeys", new PrekeyUpload(device.OneTimePrekeys(2)), a);
        await Call("GET", "/keys/devices/{}/prekeys/count", "/keys/devices/1/prekeys/count", token: a);

        // The instance owner sees every user: it fetches alice's keys and writes to her device.
        var o = owner.AccessToken;
        await Call("PUT", "/keys/devices/{}", "/keys/devices/1", ownerDevice.Upload(1, 1), o);
        await Call("GET", "/users/{}/devices", $"/users/{alice.User.Id}/devices", token: o);
        await Call("POST", "/users/{}/devices/bundles", $"/users/{alice.User.Id}/devices/bundles", token: o);
        await Call("POST", "/users/{}/devices/{}/bundle", $"/users/{alice.User.Id}/devices/1/bundle", token: o);
        await Call("POST", "/to-device", "/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(alice.User.Id, 1, RandomNumberGenerator.GetBytes(32))]), o);
        var inbox = await Call<IReadOnlyList<ToDeviceMessage>>("GET", "/to-device/{}", "/to-device/1?limit=10", token: a);
        await Call("POST", "/to-device/{}/ack", "/to-device/1/ack", new AckToDeviceRequest([.. inbox.Select(m => m.Id)]), a);
        await Call("DELETE", "/keys/devices/{}", "/keys/devices/1", token: a);
    }

    /// <summary>Signed device lists, a device link through every step, and the key backup (rest.md §Device lists, linking and key backup).</summary>
    private async Task DevicesAsync(AuthResponse owner)
    {
        var zoe = await _api.RegisterAsync();
        var z = zoe.AccessToken;
        using var ak = new TestAccountKey();
        await Call("PUT", "/users/me/device-list", "/users/me/device-list", ak.List(zoe.User.Id, 1, 1), z);
        await Call("GET", "/users/{}/device-list", $"/users/{zoe.User.Id}/device-list", token: owner.AccessToken);

        var link = await Call<Protocol.Devices.DeviceLink>("POST", "/users/me/device-links", "/users/me/device-links", Server.DeviceLinkConformanceTests.NewLink(2), z);
        await Call("GET", "/users/me/device-links", "/users/me/device-links", token: z);
        await Call("GET", "/users/me/device-links/{}", $"/users/me/device-links/{link.Id}", token: z);
        await Call("POST", "/users/me/device-links/{}/respond", $"/users/me/device-links/{link.Id}/respond", Server.DeviceLinkConformanceTests.Respond(), z);
        await Call("POST", "/users/me/device-links/{}/reveal", $"/users/me/device-links/{link.Id}/reveal", Server.DeviceLinkConformanceTests.Reveal(), z);
        await Call("POST", "/users/me/device-links/{}/approve", $"/users/me/device-links/{link.Id}/approve", Server.DeviceLinkConformanceTests.Approve(), z);
        await Call("DELETE", "/users/me/device-links/{}", $"/users/me/device-links/{link.Id}", token: z);
        var declined = await _api.PostAsync<Protocol.Devices.CreateDeviceLinkRequest, Protocol.Devices.DeviceLink>("/users/me/device-links", Server.DeviceLinkConformanceTests.NewLink(3), z, System.Net.HttpStatusCode.Created);
        await Call("POST", "/users/me/device-links/{}/decline", $"/users/me/device-links/{declined.Id}/decline", token: z);

        var entries = new Dictionary<string, byte[]> { ["account"] = RandomNumberGenerator.GetBytes(80) };
        await Call("PUT", "/users/me/key-backup", "/users/me/key-backup", new Protocol.Devices.KeyBackupUpload(RandomNumberGenerator.GetBytes(16), entries, 0), z);
        await Call("GET", "/users/me/key-backup", "/users/me/key-backup", token: z);
        await Call("DELETE", "/users/me/key-backup", "/users/me/key-backup", token: z);
    }

    private async Task CommunitiesAsync()
    {
        var alice = await _api.RegisterAsync();
        var (bob, carol, dave, erin) = (await _api.RegisterAsync(), await _api.RegisterAsync(), await _api.RegisterAsync(), await _api.RegisterAsync());
        var (a, b) = (alice.AccessToken, bob.AccessToken);
        using (var device = new TestDevice())
        {
            (await _api.SendAsync(HttpMethod.Put, "/keys/devices/1", device.Upload(1, 1), a)).EnsureSuccessStatusCode();
        }

        var c = (await Call<Community>("POST", "/communities", "/communities", new CreateCommunityRequest("Tour"), a)).Id;
        await Call("GET", "/communities", "/communities", token: a);
        await Call("GET", "/communities/{}", $"/communities/{c}", token: a);
        await Call("PATCH", "/communities/{}", $"/communities/{c}", new UpdateCommunityRequest(Description: "tour"), a);
        var invite = await Call<Invite>("POST", "/communities/{}/invites", $"/communities/{c}/invites", new CreateInviteRequest(), a);
        await Call("GET", "/communities/{}/invites", $"/communities/{c}/invites", token: a);
        await Call("GET", "/invites/{}", $"/invites/{invite.Code}", token: b);
        foreach (var user in new[] { bob, carol, dave, erin })
        {
            await Call("POST", "/invites/{}/accept", $"/invites/{invite.Code}/accept", token: user.AccessToken);
        }

        await DirectInvitesAsync(c, a);
        await Call("GET", "/communities/{}/members", $"/communities/{c}/members?limit=10", token: a);
        await Call("PUT", "/communities/{}/members/{}/role", $"/communities/{c}/members/{bob.User.Id}/role", new UpdateMemberRoleRequest(CommunityRole.Moderator), a);
        await Call("DELETE", "/communities/{}/members/{}", $"/communities/{c}/members/{carol.User.Id}", token: a);
        await Call("PUT", "/communities/{}/bans/{}", $"/communities/{c}/bans/{dave.User.Id}", token: a);
        await Call("GET", "/communities/{}/bans", $"/communities/{c}/bans", token: a);
        await Call("DELETE", "/communities/{}/bans/{}", $"/communities/{c}/bans/{dave.User.Id}", token: a);
        var role = await RolesAsync(c, erin.User.Id, a);

        var g = (await Call<Group>("POST", "/communities/{}/groups", $"/communities/{c}/groups", new CreateGroupRequest("Tour group"), a)).Id;
        await Call("GET", "/communities/{}/groups", $"/communities/{c}/groups", token: a);
        await Call("GET", "/groups/{}", $"/groups/{g}", token: a);
        await Call("PATCH", "/groups/{}", $"/groups/{g}", new UpdateGroupRequest(Description: "tour"), a);
        await Call("POST", "/groups/{}/join", $"/groups/{g}/join", token: b);
        await Call("POST", "/groups/{}/join", $"/groups/{g}/join", token: erin.AccessToken);
        await Call("GET", "/groups/{}/members", $"/groups/{g}/members?limit=10", token: a);
        await Call("PUT", "/groups/{}/members/{}/role", $"/groups/{g}/members/{bob.User.Id}/role", new UpdateGroupMemberRoleRequest(GroupRole.Admin), a);
        await Call("DELETE", "/groups/{}/members/{}", $"/groups/{g}/members/{erin.User.Id}", token: a);
        var groupInvite = await Call<Invite>("POST", "/groups/{}/invites", $"/groups/{g}/invites", new CreateInviteRequest(), a);
        await Call("GET", "/groups/{}/invites", $"/groups/{g}/invites", token: a);
        await Call("DELETE", "/groups/{}/invites/{}", $"/groups/{g}/invites/{groupInvite.Id}", token: a);
        await Call("DELETE", "/communities/{}/invites/{}", $"/communities/{c}/invites/{invite.Id}", token: a);
        await Call("GET", "/groups/{}/channels", $"/groups/{g}/channels", token: a);
        var channel = (await Call<Channel>("POST", "/groups/{}/channels", $"/groups/{g}/channels", new CreateChannelRequest("tour"), a)).Id;
        await Call("GET", "/channels", "/channels", token: a);
        await Call("GET", "/channels/{}", $"/channels/{channel}", token: a);
        await Call("GET", "/channels/{}/members", $"/channels/{channel}/members?limit=10", token: a);
        await Call("PATCH", "/channels/{}", $"/channels/{channel}", new UpdateChannelRequest(Topic: "tour"), a);
        await MessagesAsync(channel, a);
        await VoiceAsync(c, g, bob, a);
        await OverridesAsync(c, g, channel, role, a);
        await ReportsAsync(alice.User.Id, channel, c, a);
        await Call("DELETE", "/channels/{}", $"/channels/{channel}", token: a);
        await Call("POST", "/groups/{}/transfer-ownership", $"/groups/{g}/transfer-ownership", new TransferOwnershipRequest(bob.User.Id), a);
        await Call("POST", "/groups/{}/leave", $"/groups/{g}/leave", token: a);
        await Call("DELETE", "/groups/{}", $"/groups/{g}", token: b);

        await Call("GET", "/dms", "/dms", token: a);
        await Call("POST", "/dms", "/dms", new CreateDmRequest(bob.User.Id), a);
        await Call("POST", "/communities/{}/leave", $"/communities/{c}/leave", token: erin.AccessToken);
        await Call("POST", "/communities/{}/transfer-ownership", $"/communities/{c}/transfer-ownership", new TransferOwnershipRequest(bob.User.Id), a);
        await Call("DELETE", "/communities/{}", $"/communities/{c}", token: b);
    }

    private async Task<Guid> RolesAsync(Guid c, Guid member, string token)
    {
        var role = await Call<Protocol.Roles.Role>("POST", "/communities/{}/roles", $"/communities/{c}/roles", new Protocol.Roles.CreateRoleRequest("tour", "#112233"), token);
        var spare = await Call<Protocol.Roles.Role>("POST", "/communities/{}/roles", $"/communities/{c}/roles", new Protocol.Roles.CreateRoleRequest("spare"), token);
        await Call("GET", "/communities/{}/roles", $"/communities/{c}/roles", token: token);
        await Call("PUT", "/users/me/commands", "/users/me/commands", new Protocol.Bots.PublishCommandsRequest("!", [new Protocol.Bots.PublishedCommand("tour", "A tour command.", [new Protocol.Bots.PublishedCommandArgument("what", Optional: true)])]), token);
        await Call("GET", "/communities/{}/commands", $"/communities/{c}/commands", token: token);
        await Call("PATCH", "/communities/{}/roles/{}", $"/communities/{c}/roles/{role.Id}", new Protocol.Roles.UpdateRoleRequest(Hoist: true), token);
        await Call("PUT", "/communities/{}/roles/positions", $"/communities/{c}/roles/positions", new Protocol.Roles.ReorderRolesRequest([role.Id, spare.Id]), token);
        await Call("DELETE", "/communities/{}/roles/{}", $"/communities/{c}/roles/{spare.Id}", token: token);
        await Call("PUT", "/communities/{}/members/{}/roles/{}", $"/communities/{c}/members/{member}/roles/{role.Id}", token: token);
        await Call("DELETE", "/communities/{}/members/{}/roles/{}", $"/communities/{c}/members/{member}/roles/{role.Id}", token: token);
        await Call("PUT", "/communities/{}/members/{}/timeout", $"/communities/{c}/members/{member}/timeout", new Protocol.Moderation.TimeoutRequest(DateTimeOffset.UtcNow.AddHours(1)), token);
        await Call("DELETE", "/communities/{}/members/{}/timeout", $"/communities/{c}/members/{member}/timeout", token: token);
        return role.Id;
    }

    /// <summary>Calls (rest.md §Voice): bob joins a voice channel over the gateway, so the moderator routes have a participant.</summary>
    private async Task VoiceAsync(Guid c, Guid g, AuthResponse bob, string token)
    {
        await Call("GET", "/voice/ice-servers", "/voice/ice-servers", token: token);
        var voice = (await Call<Channel>("POST", "/groups/{}/channels", $"/groups/{g}/channels", new CreateChannelRequest("tour-voice", ChannelType.Voice), token)).Id;
        using (var device = new TestDevice())
        {
            (await _api.SendAsync(HttpMethod.Put, "/keys/devices/1", device.Upload(1, 1), bob.AccessToken)).EnsureSuccessStatusCode();
        }

        var (gateway, _) = await GatewayClient.AuthenticateAsync(_api.Http.BaseAddress!, bob.AccessToken, 1);
        await using var _ = gateway;
        await Server.VoiceConformanceTests.JoinAsync(gateway, voice);
        await Call("GET", "/channels/{}/voice", $"/channels/{voice}/voice", token: token);
        await Call("GET", "/communities/{}/voice", $"/communities/{c}/voice", token: token);
        await Call("PATCH", "/channels/{}/voice/participants/{}", $"/channels/{voice}/voice/participants/{bob.User.Id}", new Protocol.Voice.UpdateVoiceParticipantRequest(true), token);
        await Call("DELETE", "/channels/{}/voice/participants/{}", $"/channels/{voice}/voice/participants/{bob.User.Id}", token: token);
    }

    private async Task OverridesAsync(Guid c, Guid g, Guid channel, Guid role, string token)
    {
        var deny = new Protocol.Roles.SetPermissionOverrideRequest(Deny: Protocol.Roles.CommunityPermissions.AttachFiles);
        await Call("PUT", "/groups/{}/overrides/{}/{}", $"/groups/{g}/overrides/role/{role}", deny, token);
        await Call("GET", "/groups/{}/overrides", $"/groups/{g}/overrides", token: token);
        await Call("DELETE", "/groups/{}/overrides/{}/{}", $"/groups/{g}/overrides/role/{role}", token: token);
        await Call("PUT", "/channels/{}/overrides/{}/{}", $"/channels/{channel}/overrides/role/{c}", deny, token);
        await Call("GET", "/channels/{}/overrides", $"/channels/{channel}/overrides", token: token);
        await Call("DELETE", "/channels/{}/overrides/{}/{}", $"/channels/{channel}/overrides/role/{c}", token: token);
        await Call("GET", "/channels/{}/permissions", $"/channels/{channel}/permissions", token: token);
        var send = new SendMessageRequest("tour-bulk", 1, new MessageEnvelope(Ciphertext: RandomNumberGenerator.GetBytes(48))) { FrankCommitment = new byte[32] };
        var message = await Call<Message>("POST", "/channels/{}/messages", $"/channels/{channel}/messages", send, token);
        await Call("POST", "/channels/{}/messages/bulk-delete", $"/channels/{channel}/messages/bulk-delete", new Protocol.Moderation.BulkDeleteRequest([message.Id]), token);
    }

    private async Task MessagesAsync(Guid channel, string token)
    {
        var path = $"/channels/{channel}/messages";
        var send = new SendMessageRequest("tour-1", 1, new MessageEnvelope(Ciphertext: RandomNumberGenerator.GetBytes(48))) { FrankCommitment = new byte[32] };
        var message = await Call<Message>("POST", "/channels/{}/messages", path, send, token);
        await Call("POST", "/channels/{}/messages", path, send, token);
        await Call("GET", "/channels/{}/messages", path + "?limit=10", token: token);
        await Call("GET", "/channels/{}/messages/{}", $"{path}/{message.Id}", token: token);
        await Call("PATCH", "/channels/{}/messages/{}", $"{path}/{message.Id}", new EditMessageRequest(new MessageEnvelope(Ciphertext: RandomNumberGenerator.GetBytes(48))) { FrankCommitment = new byte[32] }, token);
        await Call("GET", "/channels/{}/messages/{}/history", $"{path}/{message.Id}/history", token: token);
        await Call("POST", "/channels/{}/messages", path, send with { IdempotencyKey = "tour-2", ThreadRootId = message.Id }, token);
        await Call("GET", "/channels/{}/messages", $"{path}?thread={message.Id}&limit=10", token: token);
        await Call("GET", "/channels/{}/threads", $"/channels/{channel}/threads?limit=10", token: token);
        await Call("PUT", "/channels/{}/pins/{}", $"/channels/{channel}/pins/{message.Id}", token: token);
        await Call("GET", "/channels/{}/pins", $"/channels/{channel}/pins", token: token);
        await Call("DELETE", "/channels/{}/pins/{}", $"/channels/{channel}/pins/{message.Id}", token: token);
        await Call("PUT", "/channels/{}/read-state", $"/channels/{channel}/read-state", new UpdateReadStateRequest(message.Id), token);
        await Call("GET", "/users/me/read-states", "/users/me/read-states", token: token);
        await Call("POST", "/users/me/read-states/mark-all", "/users/me/read-states/mark-all", new MarkAllReadRequest(), token);
        await Call("GET", "/users/search", "/users/search?q=a&limit=5", token: token);
        await PreviewsAsync(token);
        await Call("DELETE", "/channels/{}/messages/{}", $"{path}/{message.Id}", token: token);
    }

    /// <summary>Reports of two really franked messages (crypto.md §14): one resolved, one dismissed.</summary>
    private async Task ReportsAsync(Guid sender, Guid channel, Guid community, string token)
    {
        foreach (var close in new[] { "resolve", "dismiss" })
        {
            var clientId = Guid.CreateVersion7();
            var fk = Chatalot.Crypto.Franking.NewKey();
            var plaintext = Chatalot.Protocol.Content.ContentCodec.Encode(Chatalot.Protocol.Content.MessageContent.CreateText("tour") with
            {
                Conversation = new Chatalot.Protocol.Content.ConversationRef(Chatalot.Protocol.Content.ConversationKind.Channel, channel),
                Sender = new Chatalot.Protocol.Content.ContentSender(sender, 1),
                ClientMessageId = clientId,
                SentAt = DateTimeOffset.UtcNow,
                FrankingKey = fk,
            });
            var commitment = Chatalot.Crypto.Franking.Commit(fk, plaintext, new Chatalot.Crypto.FrankingContext(sender, 1, channel, clientId.ToString("N")));
            var message = await Call<Message>("POST", "/channels/{}/messages", $"/channels/{channel}/messages",
                new SendMessageRequest(clientId.ToString("N"), 1, new MessageEnvelope(Ciphertext: RandomNumberGenerator.GetBytes(48))) { FrankCommitment = commitment }, token);
            var report = await Call<Chatalot.Protocol.Reports.Report>("POST", "/messages/{}/reports", $"/messages/{message.Id}/reports",
                new Chatalot.Protocol.Reports.CreateReportRequest(plaintext, fk, Chatalot.Protocol.Reports.ReportReason.Spam), token);
            await Call("GET", "/communities/{}/reports", $"/communities/{community}/reports?status=open", token: token);
            await Call("POST", "/reports/{}/" + close, $"/reports/{report.Id}/{close}", token: token);
            await Call("GET", "/communities/{}/audit-log", $"/communities/{community}/audit-log?action=report_{(close == "resolve" ? "resolved" : "dismissed")}&limit=10", token: token);
        }
    }

    private async Task PreviewsAsync(string token)
    {
        var page = await Call<Protocol.Previews.LinkMetadata>("POST", "/link-previews", "/link-previews", new Protocol.Previews.LinkPreviewRequest(new Uri(_web, "/page").AbsoluteUri), token);
        await Call("POST", "/link-previews/image", "/link-previews/image", new Protocol.Previews.LinkPreviewRequest(page.ImageUrl!), token);
        var gifs = await Call<Protocol.Previews.GifPage>("GET", "/gifs/search", "/gifs/search?q=cat&limit=5&pos=0", token: token);
        await Call("GET", "/gifs/media", "/gifs/media?url=" + Uri.EscapeDataString(gifs.Results[0].Full.Url), token: token);
    }

    private async Task AttachmentsAsync(AuthResponse owner)
    {
        var t = owner.AccessToken;
        var data = RandomNumberGenerator.GetBytes(100);
        var upload = await Call<Chatalot.Protocol.Attachments.Upload>("POST", "/uploads", "/uploads", new Chatalot.Protocol.Attachments.CreateUploadRequest(data.Length), t);
        using (var patched = await UploadApi.PatchAsync(_api, t, upload.Id, 0, data))
        {
            Record("PATCH", RestDocumentRoutes.ApiPrefix + "/uploads/{}", (int)patched.StatusCode);
        }

        await Call("GET", "/uploads/{}", $"/uploads/{upload.Id}", token: t);
        await Call("POST", "/uploads/{}/complete", $"/uploads/{upload.Id}/complete", new Chatalot.Protocol.Attachments.CompleteUploadRequest(SHA256.HashData(data)), t);
        await Call("GET", "/attachments/{}", $"/attachments/{upload.Id}", token: t);
        await Call("GET", "/users/me/storage", "/users/me/storage", token: t);
        await Call("DELETE", "/uploads/{}", $"/uploads/{upload.Id}", token: t);
    }

    private async Task ProfilesAsync()
    {
        var alice = await _api.RegisterAsync();
        var bob = await _api.RegisterAsync();
        var (a, b) = (alice.AccessToken, bob.AccessToken);
        var c = (await Call<Community>("POST", "/communities", "/communities", new CreateCommunityRequest("Tour profiles"), a)).Id;
        var invite = await Call<Invite>("POST", "/communities/{}/invites", $"/communities/{c}/invites", new CreateInviteRequest(), a);
        await Call("POST", "/invites/{}/accept", $"/invites/{invite.Code}/accept", token: b);
        var png = new RawImage(Server.ProfileConformanceTests.Png, "image/png");
        await Call("PUT", "/users/me/avatar", "/users/me/avatar", png, a);
        await Call("PUT", "/users/me/banner", "/users/me/banner", png, a);
        await Call("GET", "/users/{}/avatar", $"/users/{alice.User.Id}/avatar", token: b);
        await Call("GET", "/users/{}/banner", $"/users/{alice.User.Id}/banner", token: b);
        await Call("GET", "/users/{}/profile", $"/users/{alice.User.Id}/profile", token: b);
        await Call("DELETE", "/users/me/avatar", "/users/me/avatar", token: a);
        await Call("DELETE", "/users/me/banner", "/users/me/banner", token: a);
        await Call("PUT", "/users/me/status", "/users/me/status", new Protocol.Profiles.UserStatus(Protocol.Gateway.PresenceStatus.Dnd, "touring"), a);
        await Call("GET", "/users/me/status", "/users/me/status", token: a);
        var emoji = await Call<Protocol.Emoji.CustomEmoji>("PUT", "/communities/{}/emoji/{}", $"/communities/{c}/emoji/tour", png, a);
        await Call("GET", "/communities/{}/emoji", $"/communities/{c}/emoji", token: b);
        await Call("GET", "/emoji/{}", $"/emoji/{emoji.Id}", token: b);
        await Call("DELETE", "/communities/{}/emoji/{}", $"/communities/{c}/emoji/tour", token: a);
        await Call("DELETE", "/communities/{}", $"/communities/{c}", token: a);
    }

    private async Task HealthAsync()
    {
        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            using var response = await _api.Http.GetAsync(new Uri(path, UriKind.Relative));
            Record("GET", path, (int)response.StatusCode);
        }
    }

    private async Task DirectInvitesAsync(Guid c, string a)
    {
        var (frank, grace) = (await _api.RegisterAsync(), await _api.RegisterAsync());
        await Call("GET", "/users/lookup", $"/users/lookup?name={frank.User.Username}", token: a);
        var toFrank = await Call<DirectInvite>("POST", "/communities/{}/direct-invites", $"/communities/{c}/direct-invites", new CreateDirectInviteRequest(frank.User.Username), a);
        var toGrace = await Call<DirectInvite>("POST", "/communities/{}/direct-invites", $"/communities/{c}/direct-invites", new CreateDirectInviteRequest(grace.User.Username), a);
        await Call("GET", "/communities/{}/direct-invites", $"/communities/{c}/direct-invites", token: a);
        await Call("GET", "/users/me/invites", "/users/me/invites", token: frank.AccessToken);
        await Call("POST", "/users/me/invites/{}/decline", $"/users/me/invites/{toFrank.Id}/decline", token: frank.AccessToken);
        toFrank = await Call<DirectInvite>("POST", "/communities/{}/direct-invites", $"/communities/{c}/direct-invites", new CreateDirectInviteRequest(frank.User.Username), a);
        await Call("POST", "/users/me/invites/{}/accept", $"/users/me/invites/{toFrank.Id}/accept", token: frank.AccessToken);
        await Call("DELETE", "/communities/{}/direct-invites/{}", $"/communities/{c}/direct-invites/{toGrace.Id}", token: a);
    }

    private async Task Call(string method, string template, string path, object? body = null, string? token = null) =>
        (await Send(method, template, path, body, token)).Dispose();

    private async Task<T> Call<T>(string method, string template, string path, object? body = null, string? token = null)
    {
        using var response = await Send(method, template, path, body, token);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        return ChatalotJson.Deserialize<T>(bytes);
    }

    private async Task<HttpResponseMessage> Send(string method, string template, string path, object? body, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), RestDocumentRoutes.ApiPrefix + path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is RawImage image)
        {
            request.Content = new ByteArrayContent(image.Data);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(image.ContentType);
        }
        else if (body is not null)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ChatalotJson.Options));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var response = await _api.Http.SendAsync(request);
        Record(method, RestDocumentRoutes.ApiPrefix + template, (int)response.StatusCode);
        return response;
    }

    private void Record(string method, string template, int status)
    {
        var key = RestDocumentRoutes.Key(method, template);
        if (!_observed.TryGetValue(key, out var statuses))
        {
            _observed[key] = statuses = [];
        }

        statuses.Add(status);
    }
}

/// <summary>A raw image request body (avatars, banners, custom emoji) instead of JSON.</summary>
internal sealed record RawImage(byte[] Data, string ContentType);
