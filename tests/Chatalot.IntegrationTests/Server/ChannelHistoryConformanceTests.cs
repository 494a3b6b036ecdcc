using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// The per-channel <c>history_days</c> setting (content.md §6.2, rest.md): off by default, set by those who manage the
/// channel, range-checked, stored, and announced in <c>channel_updated</c>. On every storage provider.
/// </summary>
public abstract class ChannelHistoryConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private static UpdateChannelRequest Days(int days) => new() { HistoryDays = days };

    [Fact]
    public async Task HistoryDays_IsOffByDefault_AndSetByAnAdmin_ReadBackAndAnnounced()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        Assert.Equal(0, s.General.HistoryDays);
        await using var member = await GatewayConformanceTests.SubscribedAsync(fixture.Server.BaseAddress, s.Member, s.General.Id, deviceId: 1);

        var response = await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", Days(7), s.Admin.AccessToken);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"history_days\":7", raw, StringComparison.Ordinal);
        Assert.Equal(7, (await Api.ExpectAsync<Channel>(response)).HistoryDays);
        Assert.Equal(7, (await Api.GetAsync<Channel>($"/channels/{s.General.Id}", s.Member.AccessToken)).HistoryDays);

        var announced = await member.WaitForAsync<ChannelUpdatedEvent>(e => e.Channel.Id == s.General.Id);
        Assert.Equal(7, announced.Channel.HistoryDays);

        // Omitted, it stays; 0 turns it off.
        Assert.Equal(7, (await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new UpdateChannelRequest(Topic: "t"), s.Admin.AccessToken))).HistoryDays);
        Assert.Equal(0, (await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", Days(0), s.Admin.AccessToken))).HistoryDays);
        Assert.Equal(0, (await Api.GetAsync<Channel>($"/channels/{s.General.Id}", s.Member.AccessToken)).HistoryDays);
    }

    [Fact]
    public async Task HistoryDays_OutOfRange_Is422_AndChangesNothing()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        (await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", Days(30), s.Admin.AccessToken)).EnsureSuccessStatusCode();

        foreach (var days in new[] { -1, ChatalotLimits.ChannelHistoryMaxDays + 1, int.MaxValue })
        {
            var problem = await ChatalotApi.ProblemAsync(await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", Days(days), s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
            Assert.Contains("history_days", problem.Errors!.Keys);
        }

        Assert.Equal(ChatalotLimits.ChannelHistoryMaxDays, (await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", Days(ChatalotLimits.ChannelHistoryMaxDays), s.Admin.AccessToken))).HistoryDays);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("too-far") { HistoryDays = 366 }, s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        Assert.DoesNotContain(await Api.GetAsync<IReadOnlyList<Channel>>($"/groups/{s.PublicGroup.Id}/channels", s.Admin.AccessToken), c => c.Name == "too-far");
    }

    [Fact]
    public async Task HistoryDays_OnCreate_IsStored_AndOnlyThoseWhoManageChannelsChangeIt()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var created = await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Post, $"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("shared") { HistoryDays = 14 }, s.Admin.AccessToken), HttpStatusCode.Created);
        Assert.Equal(14, created.HistoryDays);
        Assert.Equal(14, (await Api.GetAsync<Channel>($"/channels/{created.Id}", s.Member.AccessToken)).HistoryDays);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, $"/channels/{created.Id}", Days(365), s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Equal(14, (await Api.GetAsync<Channel>($"/channels/{created.Id}", s.Member.AccessToken)).HistoryDays);
    }
}

public sealed class ChannelHistorySqliteTests(SqliteServerFixture fixture) : ChannelHistoryConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class ChannelHistoryPostgresTests(PostgresServerFixture fixture) : ChannelHistoryConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
