using System.Net;
using Chatalot.Client;
using Chatalot.Client.Bots;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Invites by user name end to end (issue 15): the invitee's live client hears of the invite, accepts it and reads what
/// is sent after; declines and cancellations leave them outside; the directory finds strangers by exact name only; a
/// hosted bot accepts invites from community admins by itself and leaves the others pending.
/// </summary>
public abstract class DirectInviteTests(ChatalotDatabaseProvider provider) : IAsyncLifetime
{
    private const string Password = "a long enough password";
    private ClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ClientHarness.StartAsync(o => o, provider);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task InviteByName_ReachesTheInvitee_WhoAccepts_JoinsAndReadsAMessageSentAfter()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice);
        await bob.Client.ConnectAsync();

        var invite = await alice.Client.Rest.InviteByNameAsync(space.Community, bob.Name.ToUpperInvariant());
        var invited = await bob.ExpectAsync<InvitedToCommunity>(e => e.InviteId == invite.Id);
        Assert.Equal(space.Community, invited.CommunityId);
        Assert.Equal("Harness", invited.CommunityName);
        Assert.Equal(alice.Id, invited.InviterId);
        Assert.Equal(alice.Name, invited.InviterUsername);
        Assert.False(string.IsNullOrEmpty(invited.InviterDisplayName));
        Assert.True(invited.InviterIsAdmin);
        Assert.Equal(invite.Id, Assert.Single(await bob.Client.Rest.GetMyInvitesAsync()).Id);

        // Inviting again while it is pending returns the same invite.
        Assert.Equal(invite.Id, (await alice.Client.Rest.InviteByNameAsync(space.Community, bob.Name)).Id);

        var joined = await bob.Client.Rest.AcceptDirectInviteAsync(invite.Id);
        Assert.Equal(space.Community.Value, joined.Id);
        await alice.ExpectAsync<MemberJoined>(e => e.CommunityId == space.Community && e.UserId == bob.Id && e.GroupId is null);
        Assert.Empty(await bob.Client.Rest.GetMyInvitesAsync());
        await bob.Client.Rest.JoinGroupAsync(space.Group);

        var sent = await alice.Client.SendAsync(space.General, "welcome aboard");
        Assert.Equal("welcome aboard", (await bob.ReceiveAsync(sent.MessageId)).Text);

        // Now a member: inviting again is a typed 409, and the used invite cannot be accepted twice.
        await ExpectCodeAsync(() => alice.Client.Rest.InviteByNameAsync(space.Community, bob.Name), ErrorCodes.AlreadyMember, HttpStatusCode.Conflict);
        await ExpectCodeAsync(() => bob.Client.Rest.AcceptDirectInviteAsync(invite.Id), ErrorCodes.InviteInvalid, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Decline_And_Cancel_LeaveTheInviteeOutside_AndCancelTellsThem()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice);
        await bob.Client.ConnectAsync();

        var first = await alice.Client.Rest.InviteByNameAsync(space.Community, bob.Name);
        await bob.ExpectAsync<InvitedToCommunity>(e => e.InviteId == first.Id);
        await bob.Client.Rest.DeclineDirectInviteAsync(first.Id);
        Assert.Empty(await bob.Client.Rest.GetMyInvitesAsync());
        Assert.Empty(await alice.Client.Rest.GetCommunityDirectInvitesAsync(space.Community));
        await ExpectCodeAsync(() => bob.Client.Rest.AcceptDirectInviteAsync(first.Id), ErrorCodes.InviteInvalid, HttpStatusCode.NotFound);

        var second = await alice.Client.Rest.InviteByNameAsync(space.Community, bob.Name);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(second.Id, Assert.Single(await alice.Client.Rest.GetCommunityDirectInvitesAsync(space.Community)).Id);
        await alice.Client.Rest.CancelDirectInviteAsync(space.Community, second.Id);
        var withdrawn = await bob.ExpectAsync<InviteWithdrawn>(e => e.InviteId == second.Id);
        Assert.Equal(space.Community, withdrawn.CommunityId);
        await ExpectCodeAsync(() => bob.Client.Rest.AcceptDirectInviteAsync(second.Id), ErrorCodes.InviteInvalid, HttpStatusCode.NotFound);
        await ExpectCodeAsync(() => alice.Client.Rest.CancelDirectInviteAsync(space.Community, second.Id), ErrorCodes.NotFound, HttpStatusCode.NotFound);
        await ExpectCodeAsync(() => bob.Client.Rest.GetCommunityAsync(space.Community), ErrorCodes.NotFound, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invite_RefusesUnknownBannedAndSelf_WithTypedCodes_AndNeedsTheInvitePermission()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var carol = await _harness.CreateAsync("carol");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        var rest = alice.Client.Rest;

        await ExpectCodeAsync(() => rest.InviteByNameAsync(space.Community, "nobody" + Guid.NewGuid().ToString("N")[..8]), ErrorCodes.NotFound, HttpStatusCode.NotFound);
        await ExpectCodeAsync(() => rest.InviteByNameAsync(space.Community, alice.Name), ErrorCodes.AlreadyMember, HttpStatusCode.Conflict);
        await ExpectCodeAsync(() => rest.InviteByNameAsync(space.Community, ""), ErrorCodes.ValidationFailed, HttpStatusCode.UnprocessableEntity);

        // A plain member holds no create_invites by default; an outsider cannot see the community at all.
        await ExpectCodeAsync(() => bob.Client.Rest.InviteByNameAsync(space.Community, carol.Name), ErrorCodes.Forbidden, HttpStatusCode.Forbidden);
        await ExpectCodeAsync(() => carol.Client.Rest.InviteByNameAsync(space.Community, carol.Name), ErrorCodes.NotFound, HttpStatusCode.NotFound);

        // Banned: refused at invite time; a pending invite of someone banned later cannot be accepted.
        var pending = await rest.InviteByNameAsync(space.Community, carol.Name);
        var code = await rest.CreateCommunityInviteAsync(space.Community);
        await carol.Client.Rest.AcceptInviteAsync(code.Code);
        await rest.BanAsync(space.Community, carol.Id);
        await ExpectCodeAsync(() => rest.InviteByNameAsync(space.Community, carol.Name), ErrorCodes.InviteeBanned, HttpStatusCode.Conflict);
        await ExpectCodeAsync(() => carol.Client.Rest.AcceptDirectInviteAsync(pending.Id), ErrorCodes.Banned, HttpStatusCode.Forbidden);
        Assert.Empty(await carol.Client.Rest.GetMyInvitesAsync());
    }

    [Fact]
    public async Task Lookup_FindsCommunityMatesByPrefix_AndStrangersOnlyByExactName()
    {
        // The first account owns the instance, and instance admins see everyone: alice is an ordinary user.
        await _harness.CreateAsync("owner");
        var alice = await _harness.CreateAsync("alice");
        var mate = await _harness.CreateAsync("mate");
        var stranger = await _harness.CreateAsync("stranger");
        await ClientHarness.SetUpGroupAsync(alice, mate);
        var rest = alice.Client.Rest;

        // Prefix, any case: the community mate is found; the stranger is not, by user name or display name.
        Assert.Contains(await rest.LookupUsersAsync(mate.Name[..7].ToUpperInvariant()), u => u.Id == mate.Id.Value);
        Assert.DoesNotContain(await rest.LookupUsersAsync(stranger.Name[..10]), u => u.Id == stranger.Id.Value);
        await stranger.Client.Rest.UpdateProfileAsync(new Protocol.Accounts.UpdateProfileRequest("Zebulon " + stranger.Name));
        Assert.DoesNotContain(await rest.LookupUsersAsync("Zebulon"), u => u.Id == stranger.Id.Value);

        // The exact user name finds anyone, first.
        var exact = await rest.LookupUsersAsync(stranger.Name.ToUpperInvariant());
        Assert.Equal(stranger.Id.Value, exact[0].Id);
        Assert.Single(exact);

        // Never yourself; a bad query is a typed 422.
        Assert.DoesNotContain(await rest.LookupUsersAsync(alice.Name), u => u.Id == alice.Id.Value);
        await ExpectCodeAsync(() => rest.LookupUsersAsync(" "), ErrorCodes.ValidationFailed, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Bot_AutoAcceptsInvitesFromAdmins_LeavesAModeratorsPending_AndCatchesUpOnConnect()
    {
        var alice = await _harness.CreateAsync("alice");
        var mod = await _harness.CreateAsync("mod");
        var fromMod = await ClientHarness.SetUpGroupAsync(alice, mod);
        await alice.Client.Rest.SetCommunityMemberRoleAsync(fromMod.Community, mod.Id, CommunityRole.Moderator);
        var fromAlice = await alice.Client.Rest.CreateCommunityAsync(new CreateCommunityRequest("Admins only"));
        var beforeStart = await alice.Client.Rest.CreateCommunityAsync(new CreateCommunityRequest("While away"));

        var botName = "bot" + Guid.NewGuid().ToString("N")[..8];
        var logs = new CapturingLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        builder.Services.AddChatalotClient(new ChatalotClientOptions { ServerUrl = _harness.Server.BaseAddress, Username = botName, Password = Password, RegisterIfMissing = true });
        builder.Services.AddChatalotBot<QuietBot>(new ChatalotBotOptions { AutoAcceptInvites = InviteAcceptPolicy.FromCommunityAdmins });
        using var host = builder.Build();
        var bot = host.Services.GetRequiredService<ChatalotClient>();
        var botUser = await bot.Rest.RegisterAsync(ChatalotApi.Registration(botName, Password), CancellationToken.None);

        // Sent while the bot is away: accepted by the sweep after it connects.
        await alice.Client.Rest.InviteByNameAsync(new CommunityId(beforeStart.Id), botName);
        await host.StartAsync(CancellationToken.None);
        try
        {
            await WaitForMemberAsync(alice, new CommunityId(beforeStart.Id), botUser.User.Id);

            // A moderator's invite stays pending; the admin's, sent after it on the same ordered queue, is accepted.
            var modInvite = await mod.Client.Rest.InviteByNameAsync(fromMod.Community, botName);
            Assert.False(modInvite.InviterIsAdmin);
            var aliceInvite = await alice.Client.Rest.InviteByNameAsync(new CommunityId(fromAlice.Id), botName);
            Assert.True(aliceInvite.InviterIsAdmin);
            await WaitForMemberAsync(alice, new CommunityId(fromAlice.Id), botUser.User.Id);

            Assert.Equal(modInvite.Id, Assert.Single(await bot.Rest.GetMyInvitesAsync()).Id);
            var members = await alice.Client.Rest.GetCommunityMembersAsync(fromMod.Community);
            Assert.DoesNotContain(members.Members, m => m.UserId == botUser.User.Id);
            Assert.Contains(logs.Lines, l => l.Contains("Left the invite of " + mod.Name, StringComparison.Ordinal));
            // The join is announced before the bot's accept call returns, so its log line may trail the event a little.
            await WaitForLogAsync(logs, $"Accepted the invite of {alice.Name} and joined community Admins only");
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task PendingInvites_LapseAfterTheirLifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ChatalotTestServer.StartAsync(provider, o => o with { DirectInviteLifetime = TimeSpan.FromMinutes(1) }, time: time);
        using var api = server.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        var invite = await api.PostAsync<CreateDirectInviteRequest, DirectInvite>($"/communities/{s.Community.Id}/direct-invites",
            new CreateDirectInviteRequest(s.Outsider.User.Username), s.Owner.AccessToken, HttpStatusCode.Created);
        Assert.Equal(invite.CreatedAt + TimeSpan.FromMinutes(1), invite.ExpiresAt);

        time.Advance(TimeSpan.FromSeconds(50));
        Assert.Single(await api.GetAsync<IReadOnlyList<DirectInvite>>("/users/me/invites", s.Outsider.AccessToken));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(await api.GetAsync<IReadOnlyList<DirectInvite>>("/users/me/invites", s.Outsider.AccessToken));
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, $"/users/me/invites/{invite.Id}/accept", s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.InviteInvalid);

        // A lapsed invite does not block a new one (201, a new id).
        var again = await api.PostAsync<CreateDirectInviteRequest, DirectInvite>($"/communities/{s.Community.Id}/direct-invites",
            new CreateDirectInviteRequest(s.Outsider.User.Username), s.Owner.AccessToken, HttpStatusCode.Created);
        Assert.NotEqual(invite.Id, again.Id);
    }

    private static async Task WaitForMemberAsync(Party observer, CommunityId community, Guid userId) =>
        await observer.ExpectAsync<MemberJoined>(e => e.CommunityId == community && e.UserId.Value == userId && e.GroupId is null);

    private static async Task WaitForLogAsync(CapturingLoggerProvider logs, string text)
    {
        var deadline = DateTime.UtcNow + ClientHarness.Timeout;
        while (!logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"never logged '{text}'; logged: {string.Join(" | ", logs.Lines)}");
            await Task.Delay(25);
        }
    }

    private static async Task ExpectCodeAsync(Func<Task> call, string code, HttpStatusCode status)
    {
        var error = await Assert.ThrowsAsync<ChatalotApiException>(call);
        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.StatusCode);
    }

    private sealed class QuietBot : ChatalotBot;
}

/// <summary>Invites by name end to end on SQLite.</summary>
public sealed class DirectInviteSqliteTests() : DirectInviteTests(ChatalotDatabaseProvider.Sqlite);

/// <summary>Invites by name end to end on PostgreSQL.</summary>
public sealed class DirectInvitePostgresTests() : DirectInviteTests(ChatalotDatabaseProvider.PostgreSql);
