using System.Net;
using System.Security.Cryptography;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting;
using Chatalot.Server.Hosting.Messages.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.IntegrationTests.Server;

/// <summary>The device link relay (crypto.md §15.4, rest.md §Device linking), on every storage provider.</summary>
public abstract class DeviceLinkConformanceTests(ServerFixture fixture)
{
    private const string Links = "/users/me/device-links";

    private ChatalotApi Api => fixture.Api;

    public static CreateDeviceLinkRequest NewLink(int deviceId, string? name = "new laptop")
    {
        using var device = new TestDevice();
        return new CreateDeviceLinkRequest(deviceId, device.IdentityKey, RandomNumberGenerator.GetBytes(32), name);
    }

    public static RespondDeviceLinkRequest Respond() => new(1, RandomNumberGenerator.GetBytes(32));

    public static RevealDeviceLinkRequest Reveal() => new(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(ChatalotLimits.DeviceLinkKemKeyBytes));

    public static ApproveDeviceLinkRequest Approve(int payload = 200) => new(RandomNumberGenerator.GetBytes(1088 + 16 + payload));

    private Task<DeviceLink> CreateAsync(AuthResponse user, CreateDeviceLinkRequest? request = null) =>
        Api.PostAsync<CreateDeviceLinkRequest, DeviceLink>(Links, request ?? NewLink(2), user.AccessToken, HttpStatusCode.Created);

    private async Task<DeviceLink> StepAsync<T>(AuthResponse user, Guid link, string step, T body) =>
        await Api.ExpectAsync<DeviceLink>(await Api.SendAsync(HttpMethod.Post, $"{Links}/{link}/{step}", body, user.AccessToken));

    [Fact]
    public async Task Link_HappyPath_RelaysEveryStep_AndTellsTheAccountsConnections()
    {
        var user = await Api.RegisterAsync();
        await using var existing = (await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, user.AccessToken)).Client;
        var request = NewLink(7, "phone");
        var link = await CreateAsync(user, request);
        Assert.Equal((7, "phone", DeviceLinkState.Requested), (link.DeviceId, link.DeviceName, link.State));
        Assert.Equal(request.IdentityKey, link.IdentityKey);
        Assert.Equal(request.Commitment, link.Commitment);
        Assert.Equal(TimeSpan.FromMinutes(ChatalotLimits.DeviceLinkLifetimeMinutes), link.ExpiresAt - link.CreatedAt);
        Assert.Null(link.ResponderKey);
        Assert.Equal(DeviceLinkState.Requested, (await existing.WaitForAsync<DeviceLinkUpdatedEvent>(e => e.LinkId == link.Id)).State);
        Assert.Equal([link.Id], (await Api.GetAsync<IReadOnlyList<DeviceLink>>(Links, user.AccessToken)).Select(l => l.Id));

        var respond = Respond();
        link = await StepAsync(user, link.Id, "respond", respond);
        Assert.Equal((DeviceLinkState.Responded, (int?)1), (link.State, link.ResponderDeviceId));
        Assert.Equal(respond.EphemeralKey, link.ResponderKey);
        Assert.Equal((7, DeviceLinkState.Responded), await StateOf(existing, link.Id));

        var reveal = Reveal();
        link = await StepAsync(user, link.Id, "reveal", reveal);
        Assert.Equal(DeviceLinkState.Revealed, link.State);
        Assert.Equal(reveal.EphemeralKey, link.EphemeralKey);
        Assert.Equal(reveal.KemKey, link.KemKey);
        Assert.Equal((7, DeviceLinkState.Revealed), await StateOf(existing, link.Id));

        var approve = Approve();
        link = await StepAsync(user, link.Id, "approve", approve);
        Assert.Equal(DeviceLinkState.Approved, link.State);
        Assert.Equal(approve.Sealed, link.Sealed);
        Assert.Equal((7, DeviceLinkState.Approved), await StateOf(existing, link.Id));

        // The new device reads the sealed payload; the link no longer counts as pending.
        var read = await Api.GetAsync<DeviceLink>($"{Links}/{link.Id}", user.AccessToken);
        Assert.Equal(request.Commitment, read.Commitment);
        Assert.Equal(respond.EphemeralKey, read.ResponderKey);
        Assert.Equal(reveal.KemKey, read.KemKey);
        Assert.Equal(approve.Sealed, read.Sealed);
        Assert.Empty(await Api.GetAsync<IReadOnlyList<DeviceLink>>(Links, user.AccessToken));
    }

    [Fact]
    public async Task Link_StepsOutOfOrderOrTwice_AreRefused_AndChangeNothing()
    {
        var user = await Api.RegisterAsync();
        var link = await CreateAsync(user);
        await ExpectState(user, link.Id, "reveal", Reveal());
        await ExpectState(user, link.Id, "approve", Approve());

        await StepAsync(user, link.Id, "respond", Respond());
        await ExpectState(user, link.Id, "respond", Respond());
        await ExpectState(user, link.Id, "approve", Approve());

        await StepAsync(user, link.Id, "reveal", Reveal());
        await ExpectState(user, link.Id, "respond", Respond());
        await ExpectState(user, link.Id, "reveal", Reveal());
        await StepAsync(user, link.Id, "approve", Approve());
        await ExpectState(user, link.Id, "approve", Approve());
        await ExpectState(user, link.Id, "decline", (object?)null);
        Assert.Equal(DeviceLinkState.Approved, (await Api.GetAsync<DeviceLink>($"{Links}/{link.Id}", user.AccessToken)).State);

        // Declining works from every unfinished state, and ends the link.
        foreach (var steps in new[] { 0, 1, 2 })
        {
            var other = await CreateAsync(user);
            if (steps >= 1)
            {
                await StepAsync(user, other.Id, "respond", Respond());
            }

            if (steps >= 2)
            {
                await StepAsync(user, other.Id, "reveal", Reveal());
            }

            Assert.Equal(DeviceLinkState.Declined, (await Api.ExpectAsync<DeviceLink>(await Api.SendAsync(HttpMethod.Post, $"{Links}/{other.Id}/decline", user.AccessToken))).State);
            await ExpectState(user, other.Id, "decline", (object?)null);
            await ExpectState(user, other.Id, "respond", Respond());
        }
    }

    [Fact]
    public async Task Link_RacingResponses_ExactlyOneLands()
    {
        var user = await Api.RegisterAsync();
        var link = await CreateAsync(user);
        var answers = await Task.WhenAll(Enumerable.Range(1, 8).Select(async device =>
        {
            using var response = await Api.SendAsync(HttpMethod.Post, $"{Links}/{link.Id}/respond", new RespondDeviceLinkRequest(device, RandomNumberGenerator.GetBytes(32)), user.AccessToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }));
        Assert.Single(answers, a => a.Item1 == 200);
        Assert.All(answers.Where(a => a.Item1 != 200), a => Assert.Contains($"\"code\":\"{ErrorCodes.DeviceLinkState}\"", a.Item2, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Link_BadKeysOrSizes_AreValidationFailures()
    {
        var user = await Api.RegisterAsync();
        var good = NewLink(3);
        foreach (var bad in new[]
        {
            good with { DeviceId = 0 },
            good with { DeviceId = -4 },
            good with { IdentityKey = new byte[31] },
            good with { Commitment = new byte[33] },
            good with { DeviceName = new string('n', ChatalotLimits.DeviceNameMaxLength + 1) },
            good with { DeviceName = "tab\tname" },
        })
        {
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, Links, bad, user.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        }

        var link = await CreateAsync(user, good with { DeviceName = null });
        Assert.Null(link.DeviceName);
        await ExpectInvalid(user, link.Id, "respond", new RespondDeviceLinkRequest(1, new byte[31]));
        await ExpectInvalid(user, link.Id, "respond", new RespondDeviceLinkRequest(0, new byte[32]));
        await StepAsync(user, link.Id, "respond", Respond());
        await ExpectInvalid(user, link.Id, "reveal", new RevealDeviceLinkRequest(new byte[32], new byte[1183]));
        await ExpectInvalid(user, link.Id, "reveal", new RevealDeviceLinkRequest(new byte[16], new byte[1184]));
        await StepAsync(user, link.Id, "reveal", Reveal());
        await ExpectInvalid(user, link.Id, "approve", new ApproveDeviceLinkRequest(new byte[ChatalotLimits.DeviceLinkSealedMinBytes - 1]));
        await ExpectInvalid(user, link.Id, "approve", new ApproveDeviceLinkRequest(new byte[ChatalotLimits.DeviceLinkSealedMaxBytes + 1]));
        Assert.Equal(DeviceLinkState.Revealed, (await Api.GetAsync<DeviceLink>($"{Links}/{link.Id}", user.AccessToken)).State);
        await StepAsync(user, link.Id, "approve", new ApproveDeviceLinkRequest(new byte[ChatalotLimits.DeviceLinkSealedMaxBytes]));
    }

    [Fact]
    public async Task Link_AtMostFivePending_ThenRateLimited_UntilOneEnds()
    {
        var user = await Api.RegisterAsync();
        var links = new List<DeviceLink>();
        for (var i = 0; i < ChatalotLimits.DeviceLinksPendingMax; i++)
        {
            links.Add(await CreateAsync(user, NewLink(10 + i)));
        }

        var problem = await ChatalotApi.ProblemAsync(await Api.SendAsync(HttpMethod.Post, Links, NewLink(20), user.AccessToken), HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        Assert.InRange(problem.RetryAfterSeconds ?? 0, 1, ChatalotLimits.DeviceLinkLifetimeMinutes * 60);
        await StepAsync(user, links[0].Id, "decline", (object?)null);
        var sixth = await CreateAsync(user, NewLink(20));
        Assert.Equal(ChatalotLimits.DeviceLinksPendingMax, (await Api.GetAsync<IReadOnlyList<DeviceLink>>(Links, user.AccessToken)).Count);

        // Other accounts have their own allowance.
        await CreateAsync(await Api.RegisterAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"{Links}/{sixth.Id}", user.AccessToken)).StatusCode);
        await CreateAsync(user, NewLink(21));
    }

    [Fact]
    public async Task Link_EightCreatesAtOnce_FillTheFiveSlotsExactly()
    {
        var user = await Api.RegisterAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var response = await Api.SendAsync(HttpMethod.Post, Links, NewLink(30 + i), user.AccessToken);
            return (int)response.StatusCode;
        }));
        Assert.Equal(ChatalotLimits.DeviceLinksPendingMax, answers.Count(a => a == 201));
        Assert.All(answers.Where(a => a != 201), a => Assert.Equal(429, a));
        Assert.Equal(ChatalotLimits.DeviceLinksPendingMax, (await Api.GetAsync<IReadOnlyList<DeviceLink>>(Links, user.AccessToken)).Count);
    }

    [Fact]
    public async Task Link_OfAnotherAccount_IsNotFound()
    {
        var user = await Api.RegisterAsync();
        var other = await Api.RegisterAsync();
        var link = await CreateAsync(user);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"{Links}/{link.Id}", other.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"{Links}/{link.Id}/respond", Respond(), other.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"{Links}/{link.Id}/decline", other.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"{Links}/{link.Id}", other.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Empty(await Api.GetAsync<IReadOnlyList<DeviceLink>>(Links, other.AccessToken));
        Assert.Equal(DeviceLinkState.Requested, (await Api.GetAsync<DeviceLink>($"{Links}/{link.Id}", user.AccessToken)).State);
    }

    [Fact]
    public async Task Link_Deleted_IsGone_AndAPendingOneIsReportedDeclined()
    {
        var user = await Api.RegisterAsync();
        await using var existing = (await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, user.AccessToken)).Client;
        var link = await CreateAsync(user);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"{Links}/{link.Id}", user.AccessToken)).StatusCode);
        Assert.Equal((2, DeviceLinkState.Declined), await StateOf(existing, link.Id, DeviceLinkState.Declined));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"{Links}/{link.Id}", user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"{Links}/{link.Id}", user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"{Links}/{Guid.NewGuid()}/respond", Respond(), user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    private static async Task<(int DeviceId, DeviceLinkState State)> StateOf(GatewayClient client, Guid link, DeviceLinkState? state = null)
    {
        var e = await client.WaitForAsync<DeviceLinkUpdatedEvent>(x => x.LinkId == link && (state is null || x.State == state));
        return (e.DeviceId, e.State);
    }

    private async Task ExpectState<T>(AuthResponse user, Guid link, string step, T body) =>
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"{Links}/{link}/{step}", body, user.AccessToken), HttpStatusCode.Conflict, ErrorCodes.DeviceLinkState);

    private async Task ExpectInvalid<T>(AuthResponse user, Guid link, string step, T body) =>
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"{Links}/{link}/{step}", body, user.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
}

public sealed class DeviceLinkSqliteTests(SqliteServerFixture fixture) : DeviceLinkConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class DeviceLinkPostgresTests(PostgresServerFixture fixture) : DeviceLinkConformanceTests(fixture), IClassFixture<PostgresServerFixture>;

/// <summary>A device link expires ten minutes after it was asked for, by the server's clock (a <see cref="FakeTimeProvider"/>).</summary>
public abstract class DeviceLinkExpiryTests(ChatalotDatabaseProvider provider)
{
    [Fact]
    public async Task Link_PastItsLifetime_AnswersNotFound_FreesItsSlot_AndIsPurged()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ChatalotTestServer.StartAsync(provider, o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromHours(1) } }, time: time);
        using var api = server.CreateApi();
        var user = await api.RegisterAsync();
        var links = new List<DeviceLink>();
        for (var i = 0; i < ChatalotLimits.DeviceLinksPendingMax; i++)
        {
            links.Add(await api.PostAsync<CreateDeviceLinkRequest, DeviceLink>("/users/me/device-links", DeviceLinkConformanceTests.NewLink(2 + i), user.AccessToken, HttpStatusCode.Created));
        }

        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/users/me/device-links", DeviceLinkConformanceTests.NewLink(9), user.AccessToken), HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        await api.ExpectAsync<DeviceLink>(await api.SendAsync(HttpMethod.Post, $"/users/me/device-links/{links[0].Id}/respond", DeviceLinkConformanceTests.Respond(), user.AccessToken));

        time.Advance(TimeSpan.FromMinutes(ChatalotLimits.DeviceLinkLifetimeMinutes) - TimeSpan.FromSeconds(1));
        Assert.Equal(ChatalotLimits.DeviceLinksPendingMax, (await api.GetAsync<IReadOnlyList<DeviceLink>>("/users/me/device-links", user.AccessToken)).Count);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await api.GetAsync<IReadOnlyList<DeviceLink>>("/users/me/device-links", user.AccessToken));
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Get, $"/users/me/device-links/{links[1].Id}", user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, $"/users/me/device-links/{links[0].Id}/reveal", DeviceLinkConformanceTests.Reveal(), user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, $"/users/me/device-links/{links[2].Id}/decline", user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Delete, $"/users/me/device-links/{links[3].Id}", user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // Expired rows are gone after the sweep; a new link is accepted again.
        var other = await api.RegisterAsync();
        await api.PostAsync<CreateDeviceLinkRequest, DeviceLink>("/users/me/device-links", DeviceLinkConformanceTests.NewLink(2), other.AccessToken, HttpStatusCode.Created);
        await server.Services.GetRequiredService<MessagePurgeService>().PurgeOnceAsync(CancellationToken.None);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
            Assert.False(await db.DeviceLinks.AnyAsync(l => l.UserId == user.User.Id));
            Assert.True(await db.DeviceLinks.AnyAsync(l => l.UserId == other.User.Id));
        }

        await api.PostAsync<CreateDeviceLinkRequest, DeviceLink>("/users/me/device-links", DeviceLinkConformanceTests.NewLink(9), user.AccessToken, HttpStatusCode.Created);
    }
}

public sealed class DeviceLinkExpirySqliteTests() : DeviceLinkExpiryTests(ChatalotDatabaseProvider.Sqlite);

public sealed class DeviceLinkExpiryPostgresTests() : DeviceLinkExpiryTests(ChatalotDatabaseProvider.PostgreSql);
