using System.Collections.Concurrent;
using Chatalot.Client.Connection.Internal;
using Chatalot.Client.Diagnostics;
using Chatalot.Client.Gateway.Internal;
using Chatalot.Protocol.Gateway;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.Client.Tests.Gateway;

#pragma warning disable CA1001 // Disposed by IAsyncLifetime.DisposeAsync.
public sealed class GatewayClientTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly Guid User = Guid.NewGuid();
    private ScriptedGateway _server = null!;
    private readonly Recorder _recorder = new();
    private readonly EventHub _hub = new();
    private readonly ClientMetrics _metrics = new();
    private ConnectionStateTracker _state = null!;
    private GatewayClient _client = null!;

    private sealed class Recorder : IGatewayHandler
    {
        public ConcurrentQueue<long> Seqs { get; } = new();

        public ConcurrentQueue<(bool Resumed, bool MustResync)> Sessions { get; } = new();

        public void OnEvent(ServerEvent serverEvent) => Seqs.Enqueue(serverEvent.Seq);

        public void OnReply(ServerFrame frame)
        {
        }

        public Task OnSessionStartedAsync(bool resumed, bool mustResync, CancellationToken cancellationToken)
        {
            Sessions.Enqueue((resumed, mustResync));
            return Task.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        _server = await ScriptedGateway.StartAsync();
        _state = new ConnectionStateTracker(_hub, TimeProvider.System);
        _client = new GatewayClient(
            _server.ServerUrl,
            new DeviceId(3),
            _ => ValueTask.FromResult("access-token"),
            _recorder,
            new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), JitterFraction = 0 },
            TimeProvider.System,
            _state,
            _metrics,
            NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _hub.DisposeAsync();
        _metrics.Dispose();
        await _server.DisposeAsync();
    }

    private static MessageDeletedEvent Event(long seq) => new(Guid.NewGuid(), Guid.NewGuid()) { Seq = seq };

    private static void Eventually(Func<bool> condition, string what) =>
        Assert.True(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10)), what);

    [Fact]
    public async Task Start_AuthenticatesWithTokenAndDevice_ThenDeliversEventsInOrder()
    {
        var authenticated = new TaskCompletionSource<AuthenticateFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Then(async c =>
        {
            await c.HelloAsync();
            authenticated.SetResult(await c.ExpectAsync<AuthenticateFrame>());
            await c.SendAsync(new ReadyFrame(Guid.NewGuid(), User, 3, 0));
            for (var i = 1; i <= 5; i++)
            {
                await c.SendAsync(Event(i * 10));
            }

            await c.IdleAsync();
        });

        await _client.StartAsync(CancellationToken.None);
        var frame = await authenticated.Task;
        Assert.Equal("access-token", frame.Token);
        Assert.Equal(3, frame.DeviceId);
        Assert.Equal(ConnectionState.Connected, _state.State);
        Eventually(() => _recorder.Seqs.Count == 5, "five events");
        Assert.Equal([10L, 20, 30, 40, 50], _recorder.Seqs);
        // The session-started callback runs off the receive loop, so it may land after the events.
        Eventually(() => !_recorder.Sessions.IsEmpty, "session started");
        Assert.Equal((false, false), Assert.Single(_recorder.Sessions));
    }

    [Fact]
    public async Task Heartbeats_FollowTheHelloInterval_AndCarryTheLastSequence()
    {
        ServerConnection? server = null;
        _server.Then(async c =>
        {
            server = c;
            await c.AcceptAuthenticationAsync(Guid.NewGuid(), User);
            await c.SendAsync(Event(7));
            await c.IdleAsync();
        });

        await _client.StartAsync(CancellationToken.None);
        Eventually(() => server is { Heartbeats: >= 3 }, "three heartbeats at 200 ms");
        Assert.Equal(7, server!.LastHeartbeatSeq);
    }

    [Fact]
    public async Task DroppedConnection_ResumesWithLastSequence_AndReplayedDuplicatesAreDropped()
    {
        var sessionId = Guid.NewGuid();
        var resume = new TaskCompletionSource<ResumeFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server
            .Then(async c =>
            {
                await c.AcceptAuthenticationAsync(sessionId, User);
                await c.SendAsync(Event(1));
                await c.SendAsync(Event(2));
                await c.SendAsync(Event(3));
                await Task.Delay(200);
                c.Socket.Abort();
            })
            .Then(async c =>
            {
                await c.HelloAsync();
                resume.SetResult(await c.ExpectAsync<ResumeFrame>());
                await c.SendAsync(new ResumedFrame(sessionId, 2));
                await c.SendAsync(Event(3)); // already delivered before the drop
                await c.SendAsync(Event(4));
                await c.IdleAsync();
            });

        await _client.StartAsync(CancellationToken.None);
        var frame = await resume.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(sessionId, frame.SessionId);
        Assert.Equal(3, frame.LastSeq);
        Eventually(() => _recorder.Seqs.Count == 4, "four events: " + string.Join(",", _recorder.Seqs) + " sessions " + string.Join(",", _recorder.Sessions) + " state " + _state.State);
        Assert.Equal([1L, 2, 3, 4], _recorder.Seqs);
        Eventually(() => _recorder.Sessions.Count == 2, "two sessions");
        Assert.Equal((true, false), _recorder.Sessions.Last());
        Assert.Equal(ConnectionState.Connected, _state.State);
    }

    [Fact]
    public async Task RefusedResume_StartsFreshSession_AndAsksForRestCatchUp()
    {
        var fresh = Guid.NewGuid();
        _server
            .Then(async c =>
            {
                await c.AcceptAuthenticationAsync(Guid.NewGuid(), User);
                await c.SendAsync(Event(41));
                await Task.Delay(100);
                c.Socket.Abort();
            })
            .Then(async c =>
            {
                await c.HelloAsync();
                await c.ExpectAsync<ResumeFrame>();
                await c.SendAsync(new InvalidSessionFrame("resume_failed"));
                await c.ExpectAsync<AuthenticateFrame>();
                await c.SendAsync(new ReadyFrame(fresh, User, 3, 0));
                await c.SendAsync(Event(1)); // a new session numbers from the start again
                await c.IdleAsync();
            });

        await _client.StartAsync(CancellationToken.None);
        Eventually(() => _recorder.Sessions.Count == 2, "second session");
        Assert.Equal((false, true), _recorder.Sessions.Last());
        Eventually(() => _recorder.Seqs.Count == 2, "event of the fresh session");
        Assert.Equal([41L, 1], _recorder.Seqs);
        Assert.Equal(fresh, _client.SessionId);
    }

    [Fact]
    public async Task ResyncRequiredClose_StartsFreshSessionWithoutResuming_AndAsksForRestCatchUp()
    {
        var fresh = Guid.NewGuid();
        _server
            .Then(async c =>
            {
                await c.AcceptAuthenticationAsync(Guid.NewGuid(), User);
                await c.SendAsync(Event(41));
                await c.SendAsync(new ErrorFrame(Protocol.Errors.ErrorCodes.ResyncRequired, "Events between server nodes may have been lost."));
                await c.CloseAsync(GatewayCloseCodes.ServerShuttingDown, Protocol.Errors.ErrorCodes.ResyncRequired);
            })
            .Then(async c =>
            {
                // Any node could still know the session (it ended it unresumably, another never had it): no resume is tried.
                await c.HelloAsync();
                await c.ExpectAsync<AuthenticateFrame>();
                await c.SendAsync(new ReadyFrame(fresh, User, 3, 0));
                await c.SendAsync(Event(1));
                await c.IdleAsync();
            });

        await _client.StartAsync(CancellationToken.None);
        Eventually(() => _recorder.Sessions.Count == 2, "second session");
        Assert.Equal((false, true), _recorder.Sessions.Last());
        Eventually(() => _recorder.Seqs.Count == 2, "event of the fresh session");
        Assert.Equal([41L, 1], _recorder.Seqs);
        Assert.Equal(fresh, _client.SessionId);
    }

    [Fact]
    public async Task ServerStopsAcknowledgingHeartbeats_ClientReconnectsAndResumes()
    {
        var sessionId = Guid.NewGuid();
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server
            .Then(async c =>
            {
                c.AckHeartbeats = false;
                await c.AcceptAuthenticationAsync(sessionId, User);
                await c.IdleAsync();
            })
            .Then(async c =>
            {
                await c.HelloAsync();
                await c.ExpectAsync<ResumeFrame>();
                await c.SendAsync(new ResumedFrame(sessionId, 0));
                resumed.SetResult();
                await c.IdleAsync();
            });

        await _client.StartAsync(CancellationToken.None);
        await resumed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _server.Connections);
    }

    [Fact]
    public async Task SessionRevokedClose_ClosesForGoodWithoutReconnecting()
    {
        _server.Then(async c =>
        {
            await c.AcceptAuthenticationAsync(Guid.NewGuid(), User);
            await Task.Delay(100);
            await c.CloseAsync(4003, "session_revoked");
        });

        await _client.StartAsync(CancellationToken.None);
        Eventually(() => _state.State == ConnectionState.Closed, "closed");
        await Task.Delay(300);
        Assert.Equal(1, _server.Connections);
    }

    [Fact]
    public async Task ServerDownAtStart_FirstConnectFailsFast_WithTheServersReasonOrUnreachable()
    {
        _server.Then(c => c.CloseAsync(1011, "not yet"));

        var error = await Assert.ThrowsAsync<ChatalotConnectionException>(() => _client.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(string.IsNullOrEmpty(error.Code));
        Assert.Equal(ConnectionState.Disconnected, _state.State);
        Assert.Equal(1, _server.Connections);
    }

    [Fact]
    public async Task NothingListening_FirstConnectFailsFast_GatewayUnreachable()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var client = new GatewayClient(
            new Uri($"http://127.0.0.1:{port}/"),
            new DeviceId(3),
            _ => ValueTask.FromResult("access-token"),
            _recorder,
            ReconnectPolicy.Default,
            TimeProvider.System,
            _state,
            _metrics,
            NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ChatalotConnectionException>(() => client.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(ClientErrorCodes.GatewayUnreachable, error.Code);
        Assert.Equal(ConnectionState.Disconnected, _state.State);
    }

    [Fact]
    public async Task EstablishedSession_ThatDrops_StillReconnectsByItself()
    {
        var sessionId = Guid.NewGuid();
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server
            .Then(async c =>
            {
                await c.AcceptAuthenticationAsync(sessionId, User);
                await c.CloseAsync(1011, "going away for a moment");
            })
            .Then(async c =>
            {
                await c.HelloAsync();
                await c.ExpectAsync<ResumeFrame>();
                await c.SendAsync(new ResumedFrame(sessionId, 0));
                resumed.SetResult();
                await c.IdleAsync();
            });

        await _client.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await resumed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _server.Connections);
    }
}
