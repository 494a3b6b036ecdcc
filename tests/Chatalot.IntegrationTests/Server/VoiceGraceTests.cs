using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Voice;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// A dropped participant stays for the grace period by the server's clock (a <see cref="FakeTimeProvider"/>): a resumed
/// session or a rejoin with <c>resume_join_id</c> keeps the join, anything else ends it with <c>disconnected</c>.
/// </summary>
public abstract class VoiceGraceTests(ChatalotDatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Grace = new ChatalotVoiceOptions().DisconnectGrace;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ChatalotTestServer _server = null!;
    private ChatalotApi _api = null!;

    public async Task InitializeAsync()
    {
        // A long heartbeat, so advancing the fake clock never times a connection out.
        _server = await ChatalotTestServer.StartAsync(provider, o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromHours(1) } }, time: _time);
        _api = _server.CreateApi();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(CommunityScenario S, Guid Voice, GatewayClient Watcher)> CallAsync()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(_api);
        var voice = await VoiceConformanceTests.VoiceChannelAsync(_api, s);
        var watcher = await VoiceConformanceTests.ConnectAsync(_server.BaseAddress, s.Moderator, voice.Id);
        return (s, voice.Id, watcher);
    }

    /// <summary>Drops the member's connection without a close handshake and waits until the server has noticed (the member goes offline).</summary>
    private static async Task DropAsync(GatewayClient member, GatewayClient watcher, Guid memberId)
    {
        member.Socket.Abort();
        await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == memberId && e.Status == PresenceStatus.Offline);
    }

    [Fact]
    public async Task DroppedParticipant_StaysForTheGracePeriod_ThenLeavesDisconnected()
    {
        var (s, voice, watcher) = await CallAsync();
        await using var _ = watcher;
        await using var member = await VoiceConformanceTests.ConnectAsync(_server.BaseAddress, s.Member, voice);
        var joined = await VoiceConformanceTests.JoinAsync(member, voice);
        await DropAsync(member, watcher, s.Member.User.Id);

        _time.Advance(Grace - TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await VoiceConformanceTests.UntilHeartbeatAckAsync(watcher), f => f is VoiceParticipantLeftEvent);
        Assert.Single((await _api.GetAsync<VoiceChannelState>($"/channels/{voice}/voice", s.Moderator.AccessToken)).Participants);

        _time.Advance(TimeSpan.FromSeconds(1));
        var left = await watcher.WaitForAsync<VoiceParticipantLeftEvent>();
        Assert.Equal((joined.JoinId, VoiceLeaveReason.Disconnected), (left.JoinId, left.Reason));
        Assert.Empty((await _api.GetAsync<VoiceChannelState>($"/channels/{voice}/voice", s.Moderator.AccessToken)).Participants);
    }

    [Fact]
    public async Task ResumedSession_KeepsTheJoin()
    {
        var (s, voice, watcher) = await CallAsync();
        await using var _ = watcher;
        var (member, ready) = await GatewayClient.AuthenticateAsync(_server.BaseAddress, s.Member.AccessToken, 1);
        await using var __ = member;
        var joined = await VoiceConformanceTests.JoinAsync(member, voice);
        await DropAsync(member, watcher, s.Member.User.Id);

        await using var resumed = await GatewayClient.ConnectAsync(_server.BaseAddress);
        Assert.IsType<HelloFrame>(await resumed.ReceiveAsync());
        await resumed.SendAsync(new ResumeFrame(s.Member.AccessToken, ready.SessionId, 0));
        await resumed.WaitForAsync<ResumedFrame>();
        await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id && e.Status == PresenceStatus.Online);

        _time.Advance(Grace * 2);
        Assert.DoesNotContain(await VoiceConformanceTests.UntilHeartbeatAckAsync(watcher), f => f is VoiceParticipantLeftEvent);
        Assert.Equal(joined.JoinId, Assert.Single((await _api.GetAsync<VoiceChannelState>($"/channels/{voice}/voice", s.Moderator.AccessToken)).Participants).JoinId);

        // Still this connection's join: a leave from it ends it.
        await resumed.SendAsync(new LeaveVoiceFrame("l"));
        await resumed.WaitForAsync<RequestCompletedFrame>();
        Assert.Equal(VoiceLeaveReason.Left, (await watcher.WaitForAsync<VoiceParticipantLeftEvent>()).Reason);
    }

    [Fact]
    public async Task NewSession_WithResumeJoinId_KeepsTheJoinId_AndAfterTheGraceGetsANewOne()
    {
        var (s, voice, watcher) = await CallAsync();
        await using var _ = watcher;
        await using var member = await VoiceConformanceTests.ConnectAsync(_server.BaseAddress, s.Member, voice);
        var joined = await VoiceConformanceTests.JoinAsync(member, voice);
        await DropAsync(member, watcher, s.Member.User.Id);

        await using var again = await VoiceConformanceTests.ConnectAsync(_server.BaseAddress, s.Member, voice);
        var rejoined = await VoiceConformanceTests.JoinAsync(again, voice, new VoiceSelfState(SelfMuted: true), joined.JoinId);
        Assert.Equal(joined.JoinId, rejoined.JoinId);
        var flags = await watcher.WaitForAsync<VoiceStateUpdatedEvent>(e => e.Participant.UserId == s.Member.User.Id);
        Assert.Equal((joined.JoinId, true), (flags.Participant.JoinId, flags.Participant.State.SelfMuted));
        _time.Advance(Grace * 2);
        Assert.DoesNotContain(await VoiceConformanceTests.UntilHeartbeatAckAsync(watcher), f => f is VoiceParticipantLeftEvent);

        // Dropped again, and back only after the grace period: the old join is gone and the id names nothing.
        await DropAsync(again, watcher, s.Member.User.Id);
        _time.Advance(Grace);
        Assert.Equal(VoiceLeaveReason.Disconnected, (await watcher.WaitForAsync<VoiceParticipantLeftEvent>()).Reason);
        await using var late = await VoiceConformanceTests.ConnectAsync(_server.BaseAddress, s.Member, voice);
        var fresh = await VoiceConformanceTests.JoinAsync(late, voice, resume: joined.JoinId);
        Assert.NotEqual(joined.JoinId, fresh.JoinId);
    }
}

public sealed class VoiceGraceSqliteTests() : VoiceGraceTests(ChatalotDatabaseProvider.Sqlite);

public sealed class VoiceGracePostgresTests() : VoiceGraceTests(ChatalotDatabaseProvider.PostgreSql);
