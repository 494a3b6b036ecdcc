using System.Net;
using System.Security.Cryptography;
using System.Text;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Bots;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Profiles;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.IntegrationTests.Bots;

/// <summary>
/// Bot accounts and bot tokens (rest.md §Bots, permissions.md §Bots) against every storage provider: who creates and
/// manages a bot, token sign-in, rotation and revocation, what a bot may not do, and <c>is_bot</c> where members look.
/// </summary>
public abstract class BotAccountConformanceTests(ServerFixture fixture)
{
    private const string Password = "correct horse battery";

    private ChatalotApi Api => fixture.Api;

    /// <summary>A community owned by a fresh user, with a fresh admin and a fresh plain member.</summary>
    private async Task<(Community Community, AuthResponse Owner, AuthResponse Admin, AuthResponse Member)> CommunityAsync()
    {
        var owner = await Api.RegisterAsync();
        var community = await Api.PostAsync<CreateCommunityRequest, Community>("/communities", new CreateCommunityRequest("Bots " + Guid.NewGuid().ToString("N")[..6]), owner.AccessToken, HttpStatusCode.Created);
        var invite = await Api.PostAsync<CreateInviteRequest, Invite>($"/communities/{community.Id}/invites", new CreateInviteRequest(), owner.AccessToken, HttpStatusCode.Created);
        var admin = await Api.RegisterAsync();
        var member = await Api.RegisterAsync();
        foreach (var user in new[] { admin, member })
        {
            await Expect(Api.SendAsync(HttpMethod.Post, $"/invites/{invite.Code}/accept", user.AccessToken));
        }

        await Expect(Api.SendAsync(HttpMethod.Put, $"/communities/{community.Id}/members/{admin.User.Id}/role", new UpdateMemberRoleRequest(CommunityRole.Admin), owner.AccessToken));
        return (community, owner, admin, member);
    }

    private Task<BotCredentials> CreateBotAsync(Guid? communityId, string token, string? name = null) =>
        Api.PostAsync<CreateBotRequest, BotCredentials>("/bots", new CreateBotRequest(name ?? ChatalotApi.NewName(), "Helper", communityId), token, HttpStatusCode.Created);

    private Task<AuthResponse> BotLoginAsync(string token) => Api.PostAsync<BotLoginRequest, AuthResponse>("/auth/bot", new BotLoginRequest(token, "bot host"), null);

    private static async Task Expect(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task CommunityAdmin_CreatesBot_ItJoinsTheCommunity_AndMembersSeeItIsABot()
    {
        var (community, owner, admin, member) = await CommunityAsync();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/bots", new CreateBotRequest(ChatalotApi.NewName(), CommunityId: community.Id), member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/bots", new CreateBotRequest(ChatalotApi.NewName()), admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/bots", new CreateBotRequest(owner.User.Username, CommunityId: community.Id), admin.AccessToken), HttpStatusCode.Conflict, ErrorCodes.UsernameTaken);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/bots", new CreateBotRequest("no spaces allowed", CommunityId: community.Id), admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);

        var created = await CreateBotAsync(community.Id, admin.AccessToken);
        Assert.StartsWith("cbt_", created.Token, StringComparison.Ordinal);
        Assert.Equal((community.Id, admin.User.Id, "Helper"), (created.Bot.CommunityId, created.Bot.CreatedBy, created.Bot.DisplayName));
        Assert.DoesNotContain(created.Token, created.ToString(), StringComparison.Ordinal);

        var members = await Api.GetAsync<MemberList>($"/communities/{community.Id}/members", member.AccessToken);
        var bot = Assert.Single(members.Members, m => m.UserId == created.Bot.Id);
        Assert.True(bot.IsBot);
        Assert.All(members.Members.Where(m => m.UserId != created.Bot.Id), m => Assert.False(m.IsBot));
        Assert.True((await Api.GetAsync<User>($"/users/{created.Bot.Id}", member.AccessToken)).IsBot);
        Assert.True((await Api.GetAsync<UserProfile>($"/users/{created.Bot.Id}/profile", member.AccessToken)).IsBot);
        Assert.False((await Api.GetAsync<User>("/users/me", member.AccessToken)).IsBot);

        // Listed to its managers only: creator, the community's admins and owner, instance administrators.
        foreach (var manager in new[] { admin, owner, fixture.Owner })
        {
            Assert.Contains(await Api.GetAsync<IReadOnlyList<Bot>>($"/bots?community_id={community.Id}", manager.AccessToken), b => b.Id == created.Bot.Id);
        }

        Assert.Empty(await Api.GetAsync<IReadOnlyList<Bot>>("/bots", member.AccessToken));

        // Only a hash of the token is stored.
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        var row = await db.Bots.AsNoTracking().SingleAsync(b => b.UserId == created.Bot.Id);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Token)), row.TokenHash);
        Assert.Equal("", (await db.Users.AsNoTracking().SingleAsync(u => u.Id == created.Bot.Id)).PasswordHash);
    }

    [Fact]
    public async Task BotToken_SignsIn_AndPasswordTwoFactorAndRecovery_AreRefusedWithBotAccount()
    {
        var (community, _, admin, _) = await CommunityAsync();
        var created = await CreateBotAsync(community.Id, admin.AccessToken);
        var session = await BotLoginAsync(created.Token);
        Assert.True(session.User.IsBot);
        Assert.Equal(created.Bot.Id, session.User.Id);
        Assert.Null(session.RecoveryCode);
        Assert.True((await Api.GetAsync<User>("/users/me", session.AccessToken)).IsBot);
        await Api.PostAsync<RefreshRequest, AuthResponse>("/auth/refresh", new RefreshRequest(session.RefreshToken), null);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(created.Bot.Username, Password)), HttpStatusCode.Forbidden, ErrorCodes.BotAccount);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(created.Bot.Username, "")), HttpStatusCode.Forbidden, ErrorCodes.BotAccount);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(created.Bot.Username, "AAAA-BBBB-CCCC-DDDD", "a brand new password")), HttpStatusCode.Forbidden, ErrorCodes.BotAccount);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/password", new ChangePasswordRequest("", "a brand new password"), session.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.BotAccount);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/2fa/setup", new TwoFactorSetupRequest(""), session.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.BotAccount);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/recovery-code", new PasswordConfirmation(""), session.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.BotAccount);

        foreach (var wrong in new[] { "", "cbt_", "cbt_" + new string('A', 43), created.Token + "x", new string('x', 4000) })
        {
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/bot", new BotLoginRequest(wrong)), HttpStatusCode.Unauthorized, ErrorCodes.BotTokenInvalid);
        }

        // A bot does not create bots.
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/bots", new CreateBotRequest(ChatalotApi.NewName(), CommunityId: community.Id), session.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.BotAccount);
    }

    [Fact]
    public async Task Avatar_IsSetByTheBotsManagers_AndShownToMembers()
    {
        var (community, owner, admin, member) = await CommunityAsync();
        var created = await CreateBotAsync(community.Id, admin.AccessToken);
        var path = $"/bots/{created.Bot.Id}/avatar";

        await Api.ExpectProblemAsync(Server.ProfileConformanceTests.PutImageAsync(Api, path, Server.ProfileConformanceTests.Png, "image/png", member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Server.ProfileConformanceTests.PutImageAsync(Api, $"/bots/{Guid.NewGuid()}/avatar", Server.ProfileConformanceTests.Png, "image/png", owner.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Server.ProfileConformanceTests.PutImageAsync(Api, path, "not an image"u8.ToArray(), "text/plain", admin.AccessToken), HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);

        var profile = await Api.ExpectAsync<Protocol.Profiles.UserProfile>(await Server.ProfileConformanceTests.PutImageAsync(Api, path, Server.ProfileConformanceTests.Png, "image/png", admin.AccessToken));
        Assert.Equal(created.Bot.Id, profile.Id);
        Assert.NotNull(profile.AvatarId);
        Assert.True(profile.IsBot);
        using var image = await Api.SendAsync(HttpMethod.Get, $"/users/{created.Bot.Id}/avatar", member.AccessToken);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(Server.ProfileConformanceTests.Png, await image.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Rotate_RefusesTheOldToken_AndRevokesItsSessions_AtOnce()
    {
        var (community, owner, admin, member) = await CommunityAsync();
        var created = await CreateBotAsync(community.Id, admin.AccessToken);
        var first = await BotLoginAsync(created.Token);
        var second = await BotLoginAsync(created.Token);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/bots/{created.Bot.Id}/token", member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/bots/{Guid.NewGuid()}/token", owner.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // The community's owner (not the creator) manages it too.
        var rotated = await Api.PostAsync<object?, BotCredentials>($"/bots/{created.Bot.Id}/token", null, owner.AccessToken);
        Assert.NotEqual(created.Token, rotated.Token);
        Assert.Equal(created.Bot.Id, rotated.Bot.Id);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/bot", new BotLoginRequest(created.Token)), HttpStatusCode.Unauthorized, ErrorCodes.BotTokenInvalid);
        foreach (var old in new[] { first, second })
        {
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", old.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/refresh", new RefreshRequest(old.RefreshToken)), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        }

        var fresh = await BotLoginAsync(rotated.Token);
        Assert.Equal(created.Bot.Id, (await Api.GetAsync<User>("/users/me", fresh.AccessToken)).Id);
    }

    [Fact]
    public async Task RevokeAndDelete_RefuseSignIn_AndEndSessions()
    {
        var (community, _, admin, _) = await CommunityAsync();
        var created = await CreateBotAsync(community.Id, admin.AccessToken);
        var session = await BotLoginAsync(created.Token);

        await Expect(Api.SendAsync(HttpMethod.Delete, $"/bots/{created.Bot.Id}/token", admin.AccessToken));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/bot", new BotLoginRequest(created.Token)), HttpStatusCode.Unauthorized, ErrorCodes.BotTokenInvalid);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", session.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        Assert.Null(Assert.Single(await Api.GetAsync<IReadOnlyList<Bot>>($"/bots?community_id={community.Id}", admin.AccessToken)).TokenIssuedAt);

        var rotated = await Api.PostAsync<object?, BotCredentials>($"/bots/{created.Bot.Id}/token", null, admin.AccessToken);
        var again = await BotLoginAsync(rotated.Token);

        await Expect(Api.SendAsync(HttpMethod.Delete, $"/bots/{created.Bot.Id}", fixture.Owner.AccessToken));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/bot", new BotLoginRequest(rotated.Token)), HttpStatusCode.Unauthorized, ErrorCodes.BotTokenInvalid);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", again.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/bots/{created.Bot.Id}", admin.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Empty(await Api.GetAsync<IReadOnlyList<Bot>>($"/bots?community_id={community.Id}", admin.AccessToken));
        var members = await Api.GetAsync<MemberList>($"/communities/{community.Id}/members", admin.AccessToken);
        Assert.DoesNotContain(members.Members, m => m.UserId == created.Bot.Id);

        // The name is free again.
        await CreateBotAsync(community.Id, admin.AccessToken, created.Bot.Username);
    }

    [Fact]
    public async Task Bot_NeverBecomesAnOwner()
    {
        var (community, owner, admin, _) = await CommunityAsync();
        var created = await CreateBotAsync(community.Id, admin.AccessToken);
        var session = await BotLoginAsync(created.Token);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/communities/{community.Id}/transfer-ownership", new TransferOwnershipRequest(created.Bot.Id), owner.AccessToken),
            HttpStatusCode.UnprocessableEntity, ErrorCodes.BotCannotOwn);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/communities", new CreateCommunityRequest("Bot land"), session.AccessToken),
            HttpStatusCode.UnprocessableEntity, ErrorCodes.BotCannotOwn);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, $"/admin/users/{created.Bot.Id}/role", new SetInstanceRoleRequest(InstanceRole.Owner), fixture.Owner.AccessToken),
            HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        Assert.Equal(owner.User.Id, (await Api.GetAsync<Community>($"/communities/{community.Id}", owner.AccessToken)).OwnerId);

        // The owner can still hand the community to a person.
        await Expect(Api.SendAsync(HttpMethod.Post, $"/communities/{community.Id}/transfer-ownership", new TransferOwnershipRequest(admin.User.Id), owner.AccessToken));
    }

    [Fact]
    public async Task InstanceAdmin_CreatesABotOutsideAnyCommunity_AndManagesEveryBot()
    {
        var created = await CreateBotAsync(null, fixture.Owner.AccessToken);
        Assert.Null(created.Bot.CommunityId);
        Assert.Contains(await Api.GetAsync<IReadOnlyList<Bot>>("/bots", fixture.Owner.AccessToken), b => b.Id == created.Bot.Id);
        var session = await BotLoginAsync(created.Token);
        Assert.True(session.User.IsBot);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/bots", new CreateBotRequest(ChatalotApi.NewName(), CommunityId: Guid.NewGuid()), fixture.Owner.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Expect(Api.SendAsync(HttpMethod.Delete, $"/bots/{created.Bot.Id}", fixture.Owner.AccessToken));
    }
}

public sealed class BotAccountSqliteTests(SqliteServerFixture fixture) : BotAccountConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class BotAccountPostgresTests(PostgresServerFixture fixture) : BotAccountConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
