using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Profiles;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.IntegrationTests.Server;

/// <summary>A custom status stops showing when it expires, by the server's clock (a <see cref="FakeTimeProvider"/>), on every storage provider.</summary>
public abstract class CustomStatusExpiryTests(ChatalotDatabaseProvider provider)
{
    [Fact]
    public async Task CustomStatus_IsHiddenOnceItExpires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Heartbeat deadlines run on the same clock: long enough that moving it does not time the connections out.
        await using var server = await ChatalotTestServer.StartAsync(provider, o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromHours(1) } }, time: time);
        using var api = server.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        var now = time.GetUtcNow();
        var expires = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero).AddMinutes(2);
        var (owner, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, s.Owner.AccessToken);
        await using var o = owner;
        var stored = await api.ExpectAsync<UserStatus>(await api.SendAsync(HttpMethod.Put, "/users/me/status", new UserStatus(PresenceStatus.Online, "brb", expires), s.Member.AccessToken));
        Assert.Equal(("brb", expires), (stored.CustomText, stored.CustomExpiresAt!.Value));
        await using var member = (await GatewayClient.AuthenticateAsync(server.BaseAddress, s.Member.AccessToken)).Client;
        Assert.Equal("brb", (await owner.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id)).CustomStatus);
        var before = await api.GetAsync<UserProfile>($"/users/{s.Member.User.Id}/profile", s.Owner.AccessToken);
        Assert.Equal((PresenceStatus.Online, "brb", (DateTimeOffset?)expires), (before.Status, before.CustomStatus, before.CustomStatusExpiresAt));

        time.Advance(TimeSpan.FromMinutes(3));
        var after = await api.GetAsync<UserProfile>($"/users/{s.Member.User.Id}/profile", s.Owner.AccessToken);
        Assert.Equal((PresenceStatus.Online, (string?)null, (DateTimeOffset?)null), (after.Status, after.CustomStatus, after.CustomStatusExpiresAt));
        Assert.Equal(new UserStatus(PresenceStatus.Online), await api.GetAsync<UserStatus>("/users/me/status", s.Member.AccessToken));
        var (late, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, s.Owner.AccessToken);
        await using var l = late;
        var snapshot = await late.WaitForAsync<PresenceSnapshotEvent>();
        var shown = Assert.Single(snapshot.Users, u => u.UserId == s.Member.User.Id);
        Assert.Equal((PresenceStatus.Online, (string?)null), (shown.Status, shown.CustomStatus));
    }
}

public sealed class CustomStatusExpirySqliteTests() : CustomStatusExpiryTests(ChatalotDatabaseProvider.Sqlite);

public sealed class CustomStatusExpiryPostgresTests() : CustomStatusExpiryTests(ChatalotDatabaseProvider.PostgreSql);
