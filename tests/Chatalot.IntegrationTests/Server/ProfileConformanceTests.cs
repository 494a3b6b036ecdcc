using System.Net;
using System.Net.Http.Headers;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Profiles;

namespace Chatalot.IntegrationTests.Server;

/// <summary>Profiles, profile images, visibility and the chosen status (issue 13), on every storage provider.</summary>
public abstract class ProfileConformanceTests(ServerFixture fixture)
{
    internal static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 1, 2, 3, 4];

    internal static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 9, 9, 9];

    private ChatalotApi Api => fixture.Api;

    private Uri Base => fixture.Server.BaseAddress;

    internal static async Task<HttpResponseMessage> PutImageAsync(ChatalotApi api, string path, byte[] body, string contentType, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1" + path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await api.Http.SendAsync(request);
    }

    internal static async Task<HttpResponseMessage> GetRawAsync(ChatalotApi api, string path, string token, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await api.Http.SendAsync(request);
    }

    internal static byte[] Sized(byte[] header, int length)
    {
        var data = new byte[length];
        header.CopyTo(data, 0);
        return data;
    }

    [Fact]
    public async Task Profile_UpdatesNameBioPronouns_OmittedUnchanged_EmptyClears_AndMatesAreTold()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var (watcher, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var w = watcher;
        var user = await Api.ExpectAsync<User>(await Api.SendAsync(HttpMethod.Patch, "/users/me", new UpdateProfileRequest("Ada L.", "Counts things.\nLikes engines.", "she/her"), s.Admin.AccessToken));
        Assert.Equal("Ada L.", user.DisplayName);
        var evt = await watcher.WaitForAsync<UserUpdatedEvent>(e => e.Profile.Id == s.Admin.User.Id);
        Assert.Equal(("Ada L.", "Counts things.\nLikes engines.", "she/her"), (evt.Profile.DisplayName, evt.Profile.Bio, evt.Profile.Pronouns));

        await Api.ExpectAsync<User>(await Api.SendAsync(HttpMethod.Patch, "/users/me", new UpdateProfileRequest(Pronouns: ""), s.Admin.AccessToken));
        var profile = await Api.GetAsync<UserProfile>($"/users/{s.Admin.User.Id}/profile", s.Member.AccessToken);
        Assert.Equal((s.Admin.User.Username, "Ada L.", "Counts things.\nLikes engines.", (string?)null), (profile.Username, profile.DisplayName, profile.Bio, profile.Pronouns));
        Assert.Equal(PresenceStatus.Offline, profile.Status);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, "/users/me", new UpdateProfileRequest(Bio: new string('b', ChatalotLimits.BioMaxLength + 1)), s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, "/users/me", new UpdateProfileRequest(Pronouns: new string('p', ChatalotLimits.PronounsMaxLength + 1)), s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, "/users/me", new UpdateProfileRequest(Pronouns: "a\u0007b"), s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        Assert.Equal("Counts things.\nLikes engines.", (await Api.GetAsync<UserProfile>($"/users/{s.Admin.User.Id}/profile", s.Admin.AccessToken)).Bio);
    }

    [Fact]
    public async Task Avatar_UploadServeCacheAndDelete_AndBannerAlongside()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var (watcher, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var w = watcher;
        var profile = await Api.ExpectAsync<UserProfile>(await PutImageAsync(Api, "/users/me/avatar", Png, "image/png", s.Admin.AccessToken));
        Assert.NotNull(profile.AvatarId);
        Assert.Equal(profile.AvatarId, (await watcher.WaitForAsync<UserUpdatedEvent>(e => e.Profile.Id == s.Admin.User.Id)).Profile.AvatarId);
        Assert.Equal(profile.AvatarId, (await Api.GetAsync<User>("/users/me", s.Admin.AccessToken)).AvatarId);
        Assert.Equal(profile.AvatarId, (await Api.GetAsync<User>($"/users/{s.Admin.User.Id}", s.Member.AccessToken)).AvatarId);
        var members = await Api.GetAsync<MemberList>($"/communities/{s.Community.Id}/members", s.Member.AccessToken);
        Assert.Equal(profile.AvatarId, Assert.Single(members.Members, m => m.UserId == s.Admin.User.Id).AvatarId);

        using (var served = await GetRawAsync(Api, $"/users/{s.Admin.User.Id}/avatar", s.Member.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
            Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Assert.Single(served.Headers.GetValues("X-Content-Type-Options")));
            Assert.True(served.Headers.CacheControl?.Private);
            var etag = served.Headers.ETag?.Tag;
            Assert.NotNull(etag);
            using var again = await GetRawAsync(Api, $"/users/{s.Admin.User.Id}/avatar", s.Member.AccessToken, etag);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        }

        // A new avatar replaces the old one (new id); a JPEG banner sits beside it.
        var second = await Api.ExpectAsync<UserProfile>(await PutImageAsync(Api, "/users/me/avatar", Jpeg, "image/jpeg", s.Admin.AccessToken));
        Assert.NotEqual(profile.AvatarId, second.AvatarId);
        var banner = await Api.ExpectAsync<UserProfile>(await PutImageAsync(Api, "/users/me/banner", Png, "image/png", s.Admin.AccessToken));
        Assert.Equal(second.AvatarId, banner.AvatarId);
        Assert.NotNull(banner.BannerId);
        using (var served = await GetRawAsync(Api, $"/users/{s.Admin.User.Id}/avatar", s.Member.AccessToken))
        {
            Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Jpeg, await served.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/users/me/avatar", s.Admin.AccessToken)).StatusCode);
        await Api.ExpectProblemAsync(GetRawAsync(Api, $"/users/{s.Admin.User.Id}/avatar", s.Member.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Null((await Api.GetAsync<UserProfile>($"/users/{s.Admin.User.Id}/profile", s.Member.AccessToken)).AvatarId);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/users/me/avatar", s.Admin.AccessToken)).StatusCode);
        using (var stillBanner = await GetRawAsync(Api, $"/users/{s.Admin.User.Id}/banner", s.Member.AccessToken))
        {
            Assert.Equal(Png, await stillBanner.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task ForgedOrUnsupportedMediaType_IsRefused_AndNothingIsStored()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var original = await Api.ExpectAsync<UserProfile>(await PutImageAsync(Api, "/users/me/avatar", Png, "image/png", s.Member.AccessToken));
        var html = "<html><script>alert(1)</script></html>"u8.ToArray();
        byte[] exe = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0];
        await Api.ExpectProblemAsync(PutImageAsync(Api, "/users/me/avatar", html, "image/png", s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.MediaTypeMismatch);
        await Api.ExpectProblemAsync(PutImageAsync(Api, "/users/me/avatar", exe, "image/gif", s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.MediaTypeMismatch);
        await Api.ExpectProblemAsync(PutImageAsync(Api, "/users/me/avatar", Png, "image/jpeg", s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.MediaTypeMismatch);
        await Api.ExpectProblemAsync(PutImageAsync(Api, "/users/me/banner", html, "text/html", s.Member.AccessToken), HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
        await Api.ExpectProblemAsync(PutImageAsync(Api, "/users/me/avatar", Png, "image/svg+xml", s.Member.AccessToken), HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
        await Api.ExpectProblemAsync(PutImageAsync(Api, "/users/me/avatar", [], "image/png", s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);

        var after = await Api.GetAsync<UserProfile>($"/users/{s.Member.User.Id}/profile", s.Member.AccessToken);
        Assert.Equal((original.AvatarId, (Guid?)null), (after.AvatarId, after.BannerId));
        using var served = await GetRawAsync(Api, $"/users/{s.Member.User.Id}/avatar", s.Owner.AccessToken);
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Images_PastTheSizeLimit_AreRefused_AtTheLimitAccepted()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await Api.ExpectProblemAsync(PutImageAsync(Api, "/users/me/avatar", Sized(Png, ProfileImages.AvatarMaxBytes + 1), "image/png", s.Member.AccessToken), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        Assert.Null((await Api.GetAsync<UserProfile>($"/users/{s.Member.User.Id}/profile", s.Member.AccessToken)).AvatarId);
        var atLimit = Sized(Png, ProfileImages.AvatarMaxBytes);
        Assert.NotNull((await Api.ExpectAsync<UserProfile>(await PutImageAsync(Api, "/users/me/avatar", atLimit, "image/png", s.Member.AccessToken))).AvatarId);
        var banner = Sized(Png, ProfileImages.AvatarMaxBytes + 1);
        Assert.NotNull((await Api.ExpectAsync<UserProfile>(await PutImageAsync(Api, "/users/me/banner", banner, "image/png", s.Member.AccessToken))).BannerId);
        await Api.ExpectProblemAsync(PutImageAsync(Api, "/users/me/banner", Sized(Png, ProfileImages.BannerMaxBytes + 1), "image/png", s.Member.AccessToken), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        using var served = await GetRawAsync(Api, $"/users/{s.Member.User.Id}/banner", s.Owner.AccessToken);
        Assert.Equal(banner, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Visibility_SelfMatesAndDmPartnersSee_StrangersGet404()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await PutImageAsync(Api, "/users/me/avatar", Png, "image/png", s.Member.AccessToken);
        await PutImageAsync(Api, "/users/me/banner", Png, "image/png", s.Member.AccessToken);
        foreach (var path in new[] { "profile", "avatar", "banner" })
        {
            Assert.Equal(HttpStatusCode.OK, (await GetRawAsync(Api, $"/users/{s.Member.User.Id}/{path}", s.Member.AccessToken)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await GetRawAsync(Api, $"/users/{s.Member.User.Id}/{path}", s.Moderator.AccessToken)).StatusCode);
            await Api.ExpectProblemAsync(GetRawAsync(Api, $"/users/{s.Member.User.Id}/{path}", s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
            await Api.ExpectProblemAsync(GetRawAsync(Api, $"/users/{Guid.NewGuid()}/{path}", s.Member.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        // A DM without a shared community: the instance owner may open one with anyone.
        var stranger = await Api.RegisterAsync();
        await Api.ExpectProblemAsync(GetRawAsync(Api, $"/users/{stranger.User.Id}/profile", fixture.Owner.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Post, "/dms", new CreateDmRequest(stranger.User.Id), fixture.Owner.AccessToken));
        Assert.Equal(stranger.User.Id, (await Api.GetAsync<UserProfile>($"/users/{stranger.User.Id}/profile", fixture.Owner.AccessToken)).Id);
        Assert.Equal(fixture.Owner.User.Id, (await Api.GetAsync<UserProfile>($"/users/{fixture.Owner.User.Id}/profile", stranger.AccessToken)).Id);
        await Api.ExpectProblemAsync(GetRawAsync(Api, $"/users/{stranger.User.Id}/profile", s.Member.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // The user record follows the same rule: a DM partner sees it, a stranger does not.
        Assert.Equal(fixture.Owner.User.Id, (await Api.GetAsync<User>($"/users/{fixture.Owner.User.Id}", stranger.AccessToken)).Id);
        await Api.ExpectProblemAsync(GetRawAsync(Api, $"/users/{stranger.User.Id}", s.Member.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Status_IsStored_SurvivesReconnect_AndCarriesTheCustomText()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var (mate, _) = await GatewayClient.AuthenticateAsync(Base, s.Owner.AccessToken);
        await using var m = mate;
        var stored = await Api.ExpectAsync<UserStatus>(await Api.SendAsync(HttpMethod.Put, "/users/me/status", new UserStatus(PresenceStatus.Dnd, "  In a meeting  "), s.Member.AccessToken));
        Assert.Equal(new UserStatus(PresenceStatus.Dnd, "In a meeting"), stored);
        Assert.Equal(stored, await Api.GetAsync<UserStatus>("/users/me/status", s.Member.AccessToken));

        // The connection asks for online; the stored dnd holds on it.
        var (first, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        var shown = await mate.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id);
        Assert.Equal((PresenceStatus.Dnd, "In a meeting"), (shown.Status, shown.CustomStatus));
        var profile = await Api.GetAsync<UserProfile>($"/users/{s.Member.User.Id}/profile", s.Owner.AccessToken);
        Assert.Equal((PresenceStatus.Dnd, "In a meeting"), (profile.Status, profile.CustomStatus));
        await first.DisposeAsync();
        Assert.Equal(PresenceStatus.Offline, (await mate.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id)).Status);

        await using var second = (await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken)).Client;
        var back = await mate.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id);
        Assert.Equal((PresenceStatus.Dnd, "In a meeting"), (back.Status, back.CustomStatus));

        // A later mate's snapshot carries it too.
        var (late, _) = await GatewayClient.AuthenticateAsync(Base, s.Admin.AccessToken);
        await using var l = late;
        var snapshot = await late.WaitForAsync<PresenceSnapshotEvent>();
        Assert.Contains(snapshot.Users, u => u.UserId == s.Member.User.Id && u.Status == PresenceStatus.Dnd && u.CustomStatus == "In a meeting");

        // Back to online: the connection's own presence decides again, and the text changes live.
        await Api.ExpectAsync<UserStatus>(await Api.SendAsync(HttpMethod.Put, "/users/me/status", new UserStatus(PresenceStatus.Online, "Lunch"), s.Member.AccessToken));
        var online = await mate.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id && e.Status == PresenceStatus.Online);
        Assert.Equal("Lunch", online.CustomStatus);
        await second.SendAsync(new UpdatePresenceFrame(PresenceStatus.Idle));
        Assert.Equal("Lunch", (await mate.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id && e.Status == PresenceStatus.Idle)).CustomStatus);
    }

    [Fact]
    public async Task Status_Invisible_AppearsOffline_WithNoCustomText()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var (mate, _) = await GatewayClient.AuthenticateAsync(Base, s.Owner.AccessToken);
        await using var m = mate;
        await Api.ExpectAsync<UserStatus>(await Api.SendAsync(HttpMethod.Put, "/users/me/status", new UserStatus(PresenceStatus.Invisible, "secret plans"), s.Member.AccessToken));
        await using var member = (await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken)).Client;
        var profile = await Api.GetAsync<UserProfile>($"/users/{s.Member.User.Id}/profile", s.Owner.AccessToken);
        Assert.Equal((PresenceStatus.Offline, (string?)null), (profile.Status, profile.CustomStatus));
        var (late, _) = await GatewayClient.AuthenticateAsync(Base, s.Admin.AccessToken);
        await using var l = late;
        var snapshot = await late.WaitForAsync<PresenceSnapshotEvent>();
        Assert.Contains(snapshot.Users, u => u.UserId == s.Owner.User.Id);
        Assert.DoesNotContain(snapshot.Users, u => u.UserId == s.Member.User.Id);

        // The positive event after "nothing was shown": the member becomes visible, and only that reaches the mates.
        await Api.ExpectAsync<UserStatus>(await Api.SendAsync(HttpMethod.Put, "/users/me/status", new UserStatus(PresenceStatus.Idle, "secret plans"), s.Member.AccessToken));
        var first = await mate.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id);
        Assert.Equal((PresenceStatus.Idle, "secret plans"), (first.Status, first.CustomStatus));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, "/users/me/status", new UserStatus(PresenceStatus.Offline), s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, "/users/me/status", new UserStatus(PresenceStatus.Online, new string('x', ChatalotLimits.CustomStatusMaxLength + 1)), s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, "/users/me/status", new UserStatus(PresenceStatus.Online, "past", DateTimeOffset.UtcNow.AddMinutes(-1)), s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
    }
}

public sealed class ProfileSqliteTests(SqliteServerFixture fixture) : ProfileConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class ProfilePostgresTests(PostgresServerFixture fixture) : ProfileConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
