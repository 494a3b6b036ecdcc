using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Voice;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>
/// Voice state shared by the nodes of a cluster (calls.md §7): two nodes over one PostgreSQL database, one data folder
/// and one Redis. Participants on either node see each other, caps and <c>moved</c> span the nodes, moderators act from
/// any node, grace periods run on the node that held the connection, and a departed node's joins are swept. Both nodes
/// share a <see cref="FakeTimeProvider"/> (grace periods, the sweep); the caps are lowered to 2 participants, 1 with video.
/// </summary>
public sealed class ClusterVoiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Grace = new ChatalotVoiceOptions().DisconnectGrace;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "chatalot-tests", Guid.NewGuid().ToString("N"));
    private PostgresDatabase _postgres = null!;
    private ChatalotTestServer _a = null!;
    private ChatalotTestServer _b = null!;
    private ChatalotApi _apiA = null!;
    private ChatalotApi _apiB = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresDatabase.CreateAsync();
        var prefix = TestRedis.UniquePrefix();

        // A long heartbeat, so advancing the fake clock never times a connection out.
        ChatalotServerOptions Configure(ChatalotServerOptions o) => o with
        {
            Voice = o.Voice with { MaxParticipants = 2, MaxVideoParticipants = 1 },
            Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromHours(1) },
        };

        // One after the other: the first creates the schema and the keys the second reads.
        _a = await ChatalotTestServer.StartClusterNodeAsync(_postgres, _dataDirectory, prefix, "node-a", Configure, _time);
        _b = await ChatalotTestServer.StartClusterNodeAsync(_postgres, _dataDirectory, prefix, "node-b", Configure, _time);
        _apiA = _a.CreateApi();
        _apiB = _b.CreateApi();
    }

    public async Task DisposeAsync()
    {
        _apiA.Dispose();
        _apiB.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _postgres.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(CommunityScenario S, Guid Voice)> CallAsync()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(_apiA);
        return (s, (await VoiceConformanceTests.VoiceChannelAsync(_apiA, s)).Id);
    }

    private static Task<VoiceChannelState> ListAsync(ChatalotApi api, Guid voice, CommunityScenario s) =>
        api.GetAsync<VoiceChannelState>($"/channels/{voice}/voice", s.Owner.AccessToken);

    [Fact]
    public async Task ParticipantsOnTwoNodes_SeeEachOther_AndEitherNodeListsBoth()
    {
        var (s, voice) = await CallAsync();
        await using var onA = await VoiceConformanceTests.ConnectAsync(_a.BaseAddress, s.Member, voice);
        await using var onB = await VoiceConformanceTests.ConnectAsync(_b.BaseAddress, s.Moderator, voice);

        var first = await VoiceConformanceTests.JoinAsync(onA, voice);
        Assert.Equal(first.JoinId, (await onB.WaitForAsync<VoiceStateUpdatedEvent>(e => e.Participant.UserId == s.Member.User.Id)).Participant.JoinId);
        var second = await VoiceConformanceTests.JoinAsync(onB, voice);
        Assert.Equal([s.Member.User.Id, s.Moderator.User.Id], second.State.Participants.Select(p => p.UserId));
        Assert.Equal(second.JoinId, (await onA.WaitForAsync<VoiceStateUpdatedEvent>(e => e.Participant.UserId == s.Moderator.User.Id)).Participant.JoinId);

        foreach (var api in new[] { _apiA, _apiB })
        {
            Assert.Equal([first.JoinId, second.JoinId], (await ListAsync(api, voice, s)).Participants.Select(p => p.JoinId));
            var community = await api.GetAsync<IReadOnlyList<VoiceChannelState>>($"/communities/{s.Community.Id}/voice", s.Owner.AccessToken);
            Assert.Equal(2, Assert.Single(community, c => c.ChannelId == voice).Participants.Count);
        }

        // A leave on one node reaches the other.
        await onA.SendAsync(new LeaveVoiceFrame("l"));
        await onA.WaitForAsync<RequestCompletedFrame>();
        Assert.Equal(VoiceLeaveReason.Left, (await onB.WaitForAsync<VoiceParticipantLeftEvent>(e => e.JoinId == first.JoinId)).Reason);
        Assert.Equal([second.JoinId], (await ListAsync(_apiA, voice, s)).Participants.Select(p => p.JoinId));
    }

    [Fact]
    public async Task ParticipantCap_CountsEveryNode()
    {
        var (s, voice) = await CallAsync();
        await using var ownerOnA = await VoiceConformanceTests.ConnectAsync(_a.BaseAddress, s.Owner, voice);
        await using var adminOnB = await VoiceConformanceTests.ConnectAsync(_b.BaseAddress, s.Admin, voice);
        await using var memberOnA = await VoiceConformanceTests.ConnectAsync(_a.BaseAddress, s.Member, voice);
        await VoiceConformanceTests.JoinAsync(ownerOnA, voice);
        await VoiceConformanceTests.JoinAsync(adminOnB, voice);

        Assert.Equal(ErrorCodes.VoiceFull, (await VoiceConformanceTests.JoinRefusedAsync(memberOnA, voice)).Code);
        Assert.Equal(2, (await ListAsync(_apiB, voice, s)).Participants.Count);
    }

    [Fact]
    public async Task JoinOnNodeB_MovesTheUserOutOfTheirCallOnNodeA()
    {
        var (s, first) = await CallAsync();
        var second = (await VoiceConformanceTests.VoiceChannelAsync(_apiA, s)).Id;
        await using var watcherOnB = await VoiceConformanceTests.ConnectAsync(_b.BaseAddress, s.Moderator, first);
        await using var memberOnA = await VoiceConformanceTests.ConnectAsync(_a.BaseAddress, s.Member, first);
        var joined = await VoiceConformanceTests.JoinAsync(memberOnA, first);

        await using var memberOnB = await VoiceConformanceTests.ConnectAsync(_b.BaseAddress, s.Member, second);
        await VoiceConformanceTests.JoinAsync(memberOnB, second);

        var left = await watcherOnB.WaitForAsync<VoiceParticipantLeftEvent>(e => e.UserId == s.Member.User.Id);
        Assert.Equal((joined.JoinId, VoiceLeaveReason.Moved), (left.JoinId, left.Reason));
        Assert.Equal(VoiceLeaveReason.Moved, (await memberOnA.WaitForAsync<VoiceParticipantLeftEvent>(e => e.JoinId == joined.JoinId)).Reason);
        Assert.Empty((await ListAsync(_apiA, first, s)).Participants);
        Assert.Equal(s.Member.User.Id, Assert.Single((await ListAsync(_apiA, second, s)).Participants).UserId);
    }

    [Fact]
    public async Task ModeratorOnNodeB_ServerMutesAParticipantOnNodeA_AndTheMuteOutlivesARejoinOnNodeB()
    {
        var (s, voice) = await CallAsync();
        await using var memberOnA = await VoiceConformanceTests.ConnectAsync(_a.BaseAddress, s.Member, voice);
        await VoiceConformanceTests.JoinAsync(memberOnA, voice);

        var muted = await _apiB.ExpectAsync<VoiceParticipant>(await _apiB.SendAsync(HttpMethod.Patch, $"/channels/{voice}/voice/participants/{s.Member.User.Id}", new UpdateVoiceParticipantRequest(true), s.Moderator.AccessToken));
        Assert.True(muted.ServerMuted);
        Assert.True((await memberOnA.WaitForAsync<VoiceStateUpdatedEvent>(e => e.Participant.UserId == s.Member.User.Id && e.Participant.ServerMuted)).Participant.ServerMuted);

        await memberOnA.SendAsync(new LeaveVoiceFrame("l"));
        await memberOnA.WaitForAsync<RequestCompletedFrame>();
        await using var memberOnB = await VoiceConformanceTests.ConnectAsync(_b.BaseAddress, s.Member, voice);
        Assert.True(Assert.Single((await VoiceConformanceTests.JoinAsync(memberOnB, voice)).State.Participants).ServerMuted);
    }

    [Fact]
    public async Task DroppedConnectionOnNodeA_EndsAfterTheGracePeriod()
    {
        var (s, voice) = await CallAsync();
        await using var watcherOnB = await VoiceConformanceTests.ConnectAsync(_b.BaseAddress, s.Moderator, voice);
        await using var memberOnA = await VoiceConformanceTests.ConnectAsync(_a.BaseAddress, s.Member, voice);
        var joined = await VoiceConformanceTests.JoinAsync(memberOnA, voice);
        memberOnA.Socket.Abort();
        await watcherOnB.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id && e.Status == PresenceStatus.Offline);

        _time.Advance(Grace - TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await VoiceConformanceTests.UntilHeartbeatAckAsync(watcherOnB), f => f is VoiceParticipantLeftEvent);
        Assert.Single((await ListAsync(_apiB, voice, s)).Participants);

        _time.Advance(TimeSpan.FromSeconds(1));
        var left = await watcherOnB.WaitForAsync<VoiceParticipantLeftEvent>();
        Assert.Equal((joined.JoinId, VoiceLeaveReason.Disconnected), (left.JoinId, left.Reason));
        Assert.Empty((await ListAsync(_apiB, voice, s)).Participants);
    }

    [Fact]
    public async Task JoinDroppedOnNodeA_ResumedOnNodeBWithResumeJoinId_Lasts()
    {
        var (s, voice) = await CallAsync();
        await using var watcherOnB = await VoiceConformanceTests.ConnectAsync(_b.BaseAddress, s.Moderator, voice);
        await using var memberOnA = await VoiceConformanceTests.ConnectAsync(_a.BaseAddress, s.Member, voice);
        var joined = await VoiceConformanceTests.JoinAsync(memberOnA, voice);
        memberOnA.Socket.Abort();
        await watcherOnB.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id && e.Status == PresenceStatus.Offline);

        await using var memberOnB = await VoiceConformanceTests.ConnectAsync(_b.BaseAddress, s.Member, voice);
        Assert.Equal(joined.JoinId, (await VoiceConformanceTests.JoinAsync(memberOnB, voice, resume: joined.JoinId)).JoinId);

        // Node A's grace timer still fires, and finds its grace period over.
        _time.Advance(Grace * 2);
        Assert.DoesNotContain(await VoiceConformanceTests.UntilHeartbeatAckAsync(watcherOnB), f => f is VoiceParticipantLeftEvent);
        Assert.Equal(joined.JoinId, Assert.Single((await ListAsync(_apiA, voice, s)).Participants).JoinId);
    }

    [Fact]
    public async Task StoppedNode_ItsJoinsAreSweptWithDisconnected()
    {
        var (s, voice) = await CallAsync();
        await using var watcherOnB = await VoiceConformanceTests.ConnectAsync(_b.BaseAddress, s.Moderator, voice);
        await using var memberOnA = await VoiceConformanceTests.ConnectAsync(_a.BaseAddress, s.Member, voice);
        var joined = await VoiceConformanceTests.JoinAsync(memberOnA, voice);

        await _a.StopAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        var left = await watcherOnB.WaitForAsync<VoiceParticipantLeftEvent>();
        Assert.Equal((joined.JoinId, VoiceLeaveReason.Disconnected), (left.JoinId, left.Reason));
        Assert.Empty((await ListAsync(_apiB, voice, s)).Participants);
    }
}
