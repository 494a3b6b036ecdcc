using System.Security.Cryptography;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Keys;
using Chatalot.Protocol.ToDevice;
using static Chatalot.IntegrationTests.Server.RouteMatrix.MatrixRules;
using A = Chatalot.IntegrationTests.Server.RouteMatrix.MatrixActor;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

public static partial class MatrixRows
{
    private const string Pw = MatrixWorld.Password;

    /// <summary>A second session of the caller (signing in again), for rows that end a session.</summary>
    private static async Task<AuthResponse> SessionAsync(MatrixWorld w, MatrixCaller c) =>
        await w.Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(c.Auth!.User.Username, Pw), null);

    /// <summary>Turns two-factor sign-in on for the caller and answers its backup codes.</summary>
    private static async Task<BackupCodes> TwoFactorOnAsync(MatrixWorld w, string token)
    {
        var setup = await w.Api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest(Pw), token);
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(setup.Secret)).ComputeTotp();
        return await w.Api.PostAsync<TwoFactorCodeRequest, BackupCodes>("/users/me/2fa/enable", new TwoFactorCodeRequest(code), token);
    }

    private static Task TwoFactorOffAsync(MatrixWorld w, string token, string backupCode) =>
        MatrixWorld.ExpectOkAsync(w.Api.SendAsync(HttpMethod.Post, "/users/me/2fa/disable", new TwoFactorDisableRequest(Pw, backupCode), token));

    private static IEnumerable<MatrixRow> Accounts() =>
    [
        R("GET", "/server", "anyone", Public(), Read(_ => "/server")),
        R("POST", "/auth/register", "anyone", Public(), (w, c) => w.Send(Post, "/auth/register", ChatalotApi.Registration(ChatalotApi.NewName(), Pw), c.Token)),
        R("POST", "/auth/login", "an account's password",
            SignedIn().With(A.Anonymous, "401 invalid_credentials").With(A.Suspended, "403 account_suspended"),
            (w, c) => w.Send(Post, "/auth/login", new LoginRequest(c.Auth?.User.Username ?? ChatalotApi.NewName(), Pw), null)),
        R("POST", "/auth/refresh", "a live refresh token",
            SignedIn().With(A.Anonymous, "401 invalid_refresh_token").With(A.Suspended, Revoked),
            async (w, c) => await w.Send(Post, "/auth/refresh", new RefreshRequest(c.Allowed ? (await SessionAsync(w, c)).RefreshToken : c.Auth?.RefreshToken ?? "not-a-token"), null)),
        R("POST", "/auth/logout", "signed in", SignedIn(), async (w, c) => await w.Send(Post, "/auth/logout", c.Allowed ? (await SessionAsync(w, c)).AccessToken : c.Token)),
        R("POST", "/auth/login/2fa", "a sign-in challenge",
            SignedIn().With(A.Anonymous, "401 invalid_two_factor_challenge").With(A.Suspended, "401 invalid_two_factor_challenge"), async (w, c) =>
            {
                if (!c.Allowed)
                {
                    return await w.Send(Post, "/auth/login/2fa", new TwoFactorLoginRequest("not-a-challenge", Code: "123456"), null);
                }

                // Two-factor sign-in on, a password sign-in for its challenge, the challenge answered, two-factor off again.
                var codes = await TwoFactorOnAsync(w, c.Token!);
                using var login = await w.Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(c.Auth!.User.Username, Pw));
                var challenge = (await ChatalotApi.ProblemAsync(login, System.Net.HttpStatusCode.Unauthorized, Protocol.Errors.ErrorCodes.TwoFactorRequired)).Challenge!;
                var answer = await w.Send(Post, "/auth/login/2fa", new TwoFactorLoginRequest(challenge, BackupCode: codes.Codes[0]), null);
                await TwoFactorOffAsync(w, c.Token!, codes.Codes[1]);
                return answer;
            }),
        R("POST", "/auth/recover", "a recovery code", Public("401 invalid_recovery_code"),
            (w, c) => w.Send(Post, "/auth/recover", new RecoverAccountRequest(c.Auth?.User.Username ?? ChatalotApi.NewName(), "AAAA-BBBB-CCCC-DDDD", "a brand new password"), null)),
        R("GET", "/users/me", "signed in", SignedIn(), Read(_ => "/users/me")),
        R("PATCH", "/users/me", "signed in", SignedIn(), (w, c) => w.Send(Patch, "/users/me", new UpdateProfileRequest(Bio: "matrix"), c.Token)),
        R("POST", "/users/me/password", "signed in", SignedIn(), async (w, c) => await Then(
            await w.Send(Post, "/users/me/password", new ChangePasswordRequest(Pw, "another good password"), c.Token),
            () => MatrixWorld.ExpectOkAsync(w.Api.SendAsync(HttpMethod.Post, "/users/me/password", new ChangePasswordRequest("another good password", Pw), c.Token)))),
        R("GET", "/users/me/sessions", "signed in", SignedIn(), Read(_ => "/users/me/sessions")),
        R("DELETE", "/users/me/sessions/{session_id}", "signed in, own session", SignedIn(),
            async (w, c) => await w.Send(Delete, $"/users/me/sessions/{(c.Allowed ? (await SessionAsync(w, c)).SessionId : Guid.NewGuid())}", c.Token)),
        R("GET", "/users/me/blocks", "signed in", SignedIn(), Read(_ => "/users/me/blocks")),
        R("PUT", "/users/me/commands", "signed in", SignedIn(), (w, c) => w.Send(Put, "/users/me/commands", new Protocol.Bots.PublishCommandsRequest("!", [new Protocol.Bots.PublishedCommand("ping", "Answers pong.")]), c.Token)),
        R("PUT", "/users/me/blocks/{user_id}", "signed in", SignedIn(), async (w, c) => await Then(
            await w.Send(Put, $"/users/me/blocks/{w.Blockee.User.Id}", c.Token),
            () => MatrixWorld.ExpectOkAsync(w.Api.SendAsync(HttpMethod.Delete, $"/users/me/blocks/{w.Blockee.User.Id}", c.Token)))),
        R("DELETE", "/users/me/blocks/{user_id}", "signed in", SignedIn(), (w, c) => w.Send(Delete, $"/users/me/blocks/{w.Blockee.User.Id}", c.Token)),
        R("GET", "/users/{user_id}", "sees the user", Member().With(A.Instance, "✓"), Read(w => $"/users/{w.Everyone.User.Id}")),
        R("GET", "/users/search", "signed in", SignedIn(), Read(_ => "/users/search?q=u&limit=5")),
        R("GET", "/users/me/security", "signed in", SignedIn(), Read(_ => "/users/me/security")),
        R("POST", "/users/me/2fa/setup", "signed in", SignedIn(), (w, c) => w.Send(Post, "/users/me/2fa/setup", new TwoFactorSetupRequest(Pw), c.Token)),
        R("POST", "/users/me/2fa/enable", "signed in", SignedIn(), async (w, c) =>
        {
            if (!c.Allowed)
            {
                return await w.Send(Post, "/users/me/2fa/enable", new TwoFactorCodeRequest("123456"), c.Token);
            }

            var setup = await w.Api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest(Pw), c.Token);
            var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(setup.Secret)).ComputeTotp();
            var answer = await w.Send(Post, "/users/me/2fa/enable", new TwoFactorCodeRequest(code), c.Token);
            return await Then(answer, () => TwoFactorOffAsync(w, c.Token!, Chatalot.Protocol.Serialization.ChatalotJson.Deserialize<BackupCodes>(System.Text.Encoding.UTF8.GetBytes(answer.Body)).Codes[0]));
        }),
        R("POST", "/users/me/2fa/disable", "signed in", SignedIn(), async (w, c) =>
        {
            var codes = c.Allowed ? await TwoFactorOnAsync(w, c.Token!) : new BackupCodes(["AAAA-BBBB"]);
            return await w.Send(Post, "/users/me/2fa/disable", new TwoFactorDisableRequest(Pw, codes.Codes[0]), c.Token);
        }),
        R("POST", "/users/me/2fa/backup-codes", "signed in", SignedIn(), async (w, c) =>
        {
            var codes = c.Allowed ? await TwoFactorOnAsync(w, c.Token!) : new BackupCodes(["AAAA-BBBB", "CCCC-DDDD"]);
            var answer = await w.Send(Post, "/users/me/2fa/backup-codes", new TwoFactorCodeRequest(codes.Codes[0]), c.Token);
            return await Then(answer, () => TwoFactorOffAsync(w, c.Token!, Chatalot.Protocol.Serialization.ChatalotJson.Deserialize<BackupCodes>(System.Text.Encoding.UTF8.GetBytes(answer.Body)).Codes[0]));
        }),
        R("POST", "/users/me/recovery-code", "signed in", SignedIn(), (w, c) => w.Send(Post, "/users/me/recovery-code", new PasswordConfirmation(Pw), c.Token)),
        R("POST", "/users/me/sessions/revoke-others", "signed in", SignedIn(), (w, c) => w.Send(Post, "/users/me/sessions/revoke-others", c.Token)),
        R("DELETE", "/users/me", "signed in, owning no community", SignedIn().With(A.Owner, "409 owns_communities").With(A.Instance, "403"),
            async (w, c) => await w.Send(Delete, "/users/me", new PasswordConfirmation(Pw), c.Allowed ? (await w.TwinAsync(c.Actor)).AccessToken : c.Token)),
        R("GET", "/users/me/storage", "signed in", SignedIn(), Read(_ => "/users/me/storage")),
        R("GET", "/users/me/read-states", "signed in", SignedIn(), Read(_ => "/users/me/read-states")),
        R("POST", "/users/me/read-states/mark-all", "signed in", SignedIn(), (w, c) => w.Send(Post, "/users/me/read-states/mark-all", new Protocol.Channels.MarkAllReadRequest(), c.Token)),
    ];

    private static IEnumerable<MatrixRow> Profiles() =>
    [
        R("GET", "/users/{user_id}/profile", "shares a community or a DM", Member(), Read(w => $"/users/{w.Everyone.User.Id}/profile")),
        R("PUT", "/users/me/avatar", "signed in", SignedIn(), (w, c) => w.SendRaw(Put, "/users/me/avatar", ProfileConformanceTests.Png, "image/png", c.Token)),
        R("GET", "/users/{user_id}/avatar", "shares a community or a DM", Member(), Read(w => $"/users/{w.Owner.User.Id}/avatar")),
        R("DELETE", "/users/me/avatar", "signed in", SignedIn(), async (w, c) => await Then(
            await w.Send(Delete, "/users/me/avatar", c.Token),
            () => MatrixWorld.ExpectOkAsync(w.RawAsync(HttpMethod.Put, "/users/me/avatar", ProfileConformanceTests.Png, "image/png", c.Token)))),
        R("PUT", "/users/me/banner", "signed in", SignedIn(), (w, c) => w.SendRaw(Put, "/users/me/banner", ProfileConformanceTests.Png, "image/png", c.Token)),
        R("GET", "/users/{user_id}/banner", "shares a community or a DM", Member(), Read(w => $"/users/{w.Owner.User.Id}/banner")),
        R("DELETE", "/users/me/banner", "signed in", SignedIn(), async (w, c) => await Then(
            await w.Send(Delete, "/users/me/banner", c.Token),
            () => MatrixWorld.ExpectOkAsync(w.RawAsync(HttpMethod.Put, "/users/me/banner", ProfileConformanceTests.Png, "image/png", c.Token)))),
        R("GET", "/users/me/status", "signed in", SignedIn(), Read(_ => "/users/me/status")),
        R("PUT", "/users/me/status", "signed in", SignedIn(), (w, c) => w.Send(Put, "/users/me/status", new Protocol.Profiles.UserStatus(Protocol.Gateway.PresenceStatus.Online), c.Token)),
        R("POST", "/link-previews", "signed in", SignedIn(), (w, c) => w.Send(Post, "/link-previews", new Protocol.Previews.LinkPreviewRequest(w.Fixture.Web.Url("/page").AbsoluteUri), c.Token)),
        R("POST", "/link-previews/image", "signed in", SignedIn(), (w, c) => w.Send(Post, "/link-previews/image", new Protocol.Previews.LinkPreviewRequest(w.Fixture.Web.Url("/image.png").AbsoluteUri), c.Token)),
        R("GET", "/gifs/search", "signed in", SignedIn(), Read(_ => "/gifs/search?q=cat&limit=5")),
        R("GET", "/gifs/media", "signed in", SignedIn(), Read(w => "/gifs/media?url=" + Uri.EscapeDataString(w.GifUrl))),
    ];

    /// <summary>A fresh user with two-factor sign-in on (the code from the real clock, as the server's).</summary>
    private static async Task<Guid> WithTwoFactorAsync(MatrixWorld w)
    {
        var user = await w.Api.RegisterAsync();
        var setup = await w.Api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest("correct horse battery"), user.AccessToken);
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(setup.Secret)).ComputeTotp();
        await w.Api.PostAsync<TwoFactorCodeRequest, BackupCodes>("/users/me/2fa/enable", new TwoFactorCodeRequest(code), user.AccessToken);
        return user.User.Id;
    }

    private static IEnumerable<MatrixRow> Administration() =>
    [
        R("GET", "/admin/users", "instance admin", InstanceAdmin(), Read(_ => "/admin/users?limit=5")),
        R("POST", "/admin/users/{id}/suspend", "instance admin", InstanceAdmin(),
            async (w, c) => await w.Send(Post, $"/admin/users/{(c.Allowed ? (await w.Api.RegisterAsync()).User.Id : w.Peer.User.Id)}/suspend", new SuspendUserRequest("matrix"), c.Token)),
        R("POST", "/admin/users/{id}/unsuspend", "instance admin", InstanceAdmin(),
            async (w, c) => await w.Send(Post, $"/admin/users/{(c.Allowed ? (await w.SuspendedAsync()).User.Id : w.Suspended.User.Id)}/unsuspend", c.Token)),
        R("DELETE", "/admin/users/{id}", "instance admin", InstanceAdmin(),
            async (w, c) => await w.Send(Delete, $"/admin/users/{(c.Allowed ? (await w.Api.RegisterAsync()).User.Id : w.Peer.User.Id)}", c.Token)),
        R("POST", "/admin/users/{id}/sessions/revoke", "instance admin", InstanceAdmin(),
            async (w, c) => await w.Send(Post, $"/admin/users/{(c.Allowed ? (await w.Api.RegisterAsync()).User.Id : w.Peer.User.Id)}/sessions/revoke", c.Token)),
        R("POST", "/admin/users/{id}/2fa/reset", "instance admin", InstanceAdmin(),
            async (w, c) => await w.Send(Post, $"/admin/users/{(c.Allowed ? await WithTwoFactorAsync(w) : w.Peer.User.Id)}/2fa/reset", c.Token)),
        R("PUT", "/admin/users/{id}/role", "instance owner", InstanceAdmin(),
            async (w, c) => await w.Send(Put, $"/admin/users/{(c.Allowed ? (await w.Api.RegisterAsync()).User.Id : w.Peer.User.Id)}/role", new SetInstanceRoleRequest(InstanceRole.Admin), c.Token)),
        R("GET", "/admin/registration-invites", "instance admin", InstanceAdmin(), Read(_ => "/admin/registration-invites")),
        R("POST", "/admin/registration-invites", "instance admin", InstanceAdmin(), (w, c) => w.Send(Post, "/admin/registration-invites", new CreateInviteRequest(MaxUses: 1), c.Token)),
        R("DELETE", "/admin/registration-invites/{id}", "instance admin", InstanceAdmin(), async (w, c) =>
        {
            var invite = await w.Api.PostAsync<CreateInviteRequest, RegistrationInvite>("/admin/registration-invites", new(MaxUses: 1), w.Instance.AccessToken, System.Net.HttpStatusCode.Created);
            return await w.Send(Delete, $"/admin/registration-invites/{invite.Id}", c.Token);
        }),
        R("GET", "/admin/settings", "instance admin", InstanceAdmin(), Read(_ => "/admin/settings")),
        R("PATCH", "/admin/settings", "instance admin", InstanceAdmin(), (w, c) => w.Send(Patch, "/admin/settings", new Protocol.Admin.UpdateServerSettingsRequest(Banner: new Protocol.Admin.ServerBanner("Matrix")), c.Token)),
        R("GET", "/admin/storage", "instance admin", InstanceAdmin(), Read(_ => "/admin/storage")),
        R("GET", "/admin/reports", "instance owner", InstanceAdmin(), Read(_ => "/admin/reports?status=all")),
        R("GET", "/admin/audit-log", "instance admin", InstanceAdmin(), Read(_ => "/admin/audit-log?limit=5")),
    ];

    /// <summary>Publishes a spare device (id 7) of the caller, for key rows that need one of their own.</summary>
    private static async Task<TestDevice> SpareDeviceAsync(MatrixWorld w, string token)
    {
        var device = new TestDevice();
        await MatrixWorld.ExpectOkAsync(w.Api.SendAsync(HttpMethod.Put, "/keys/devices/7", device.Upload(1, 1), token));
        return device;
    }

    private static Task DropSpareDeviceAsync(MatrixWorld w, string token) => MatrixWorld.ExpectOkAsync(w.Api.SendAsync(HttpMethod.Delete, "/keys/devices/7", token));

    private static IEnumerable<MatrixRow> Keys() =>
    [
        R("PUT", "/keys/devices/{device_id}", "signed in, own device", SignedIn(), async (w, c) =>
        {
            using var device = new TestDevice();
            return await Then(await w.Send(Put, "/keys/devices/7", device.Upload(1, 1), c.Token), () => DropSpareDeviceAsync(w, c.Token!));
        }),
        R("DELETE", "/keys/devices/{device_id}", "signed in, own device", SignedIn(), async (w, c) =>
        {
            using var device = c.Allowed ? await SpareDeviceAsync(w, c.Token!) : null;
            return await w.Send(Delete, "/keys/devices/7", c.Token);
        }),
        R("POST", "/keys/devices/{device_id}/prekeys", "signed in, own device", SignedIn(), async (w, c) =>
        {
            using var device = c.Allowed ? await SpareDeviceAsync(w, c.Token!) : new TestDevice();
            return await Then(await w.Send(Post, "/keys/devices/7/prekeys", new PrekeyUpload(device.OneTimePrekeys(2)), c.Token), () => DropSpareDeviceAsync(w, c.Token!));
        }),
        R("GET", "/keys/devices/{device_id}/prekeys/count", "signed in, own device", SignedIn(), async (w, c) =>
        {
            using var device = c.Allowed ? await SpareDeviceAsync(w, c.Token!) : null;
            return await Then(await w.Send(Get, "/keys/devices/7/prekeys/count", c.Token), () => DropSpareDeviceAsync(w, c.Token!));
        }),
        R("GET", "/users/{user_id}/devices", "sees the user", Member().With(A.Instance, "✓"), Read(w => $"/users/{w.Everyone.User.Id}/devices")),
        R("POST", "/users/{user_id}/devices/bundles", "sees the user", Member().With(A.Instance, "✓"), (w, c) => w.Send(Post, $"/users/{w.Everyone.User.Id}/devices/bundles", c.Token)),
        R("POST", "/users/{user_id}/devices/{device_id}/bundle", "sees the user", Member().With(A.Instance, "✓"), (w, c) => w.Send(Post, $"/users/{w.Everyone.User.Id}/devices/1/bundle", c.Token)),
        R("POST", "/to-device", "own device, sees the recipient", Member().With(A.Instance, "✓"), async (w, c) =>
        {
            using var device = c.Auth is not null && c.Actor != A.Suspended ? await SpareDeviceAsync(w, c.Token!) : null;
            var answer = await w.Send(Post, "/to-device", new SendToDeviceRequest(7, [new ToDeviceEnvelope(w.Everyone.User.Id, 1, RandomNumberGenerator.GetBytes(32))]), c.Token);
            if (device is not null)
            {
                await DropSpareDeviceAsync(w, c.Token!);
            }

            return answer;
        }),
        R("GET", "/to-device/{device_id}", "signed in, own device", SignedIn(), Read(_ => "/to-device/1?limit=5")),
        R("POST", "/to-device/{device_id}/ack", "signed in, own device", SignedIn(), (w, c) => w.Send(Post, "/to-device/1/ack", new AckToDeviceRequest([Guid.NewGuid()]), c.Token)),
    ];
}
