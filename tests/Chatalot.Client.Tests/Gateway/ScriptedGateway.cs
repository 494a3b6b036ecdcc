using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Tests.Gateway;

/// <summary>
/// A real WebSocket server on loopback that plays a scripted gateway, one script per connection in order, so tests
/// can drive exact protocol situations (drops, refused resumes, silent servers) the real server cannot be made to.
/// </summary>
internal sealed class ScriptedGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<ServerConnection, Task>> _scripts = new();

    private ScriptedGateway(WebApplication app) => _app = app;

    public Uri ServerUrl { get; private set; } = null!;

    public int Connections;

    public static async Task<ScriptedGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new ScriptedGateway(app);
        app.UseWebSockets();
        app.Map("/ws", async (HttpContext http) =>
        {
            Interlocked.Increment(ref gateway.Connections);
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var connection = new ServerConnection(socket);
            var reader = connection.PumpAsync(http.RequestAborted);
            if (gateway._scripts.TryDequeue(out var script))
            {
                await script(connection);
            }

            await reader;
        });
        await app.StartAsync();
        gateway.ServerUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return gateway;
    }

    public ScriptedGateway Then(Func<ServerConnection, Task> script)
    {
        _scripts.Enqueue(script);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

#pragma warning disable CA1001 // Lives as long as the request; the semaphore holds no handle.
internal sealed class ServerConnection(WebSocket socket)
#pragma warning restore CA1001
{
    private readonly Channel<ClientFrame> _frames = Channel.CreateUnbounded<ClientFrame>();

    public bool AckHeartbeats { get; set; } = true;

    public int Heartbeats;

    public long? LastHeartbeatSeq;

    public WebSocket Socket => socket;

    public async Task PumpAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var frame = JsonSerializer.Deserialize(buffer.AsSpan(0, result.Count), ChatalotJson.GetTypeInfo<ClientFrame>())!;
                if (frame is HeartbeatFrame heartbeat)
                {
                    Interlocked.Increment(ref Heartbeats);
                    LastHeartbeatSeq = heartbeat.LastSeq;
                    if (AckHeartbeats)
                    {
                        await SendAsync(new HeartbeatAckFrame(DateTimeOffset.UtcNow));
                    }

                    continue;
                }

                await _frames.Writer.WriteAsync(frame, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    private readonly SemaphoreSlim _write = new(1, 1);

    public async Task SendAsync(ServerFrame frame)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, ChatalotJson.GetTypeInfo<ServerFrame>());
        await _write.WaitAsync();
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _write.Release();
        }
    }

    public async Task<T> ExpectAsync<T>()
        where T : ClientFrame
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var frame = await _frames.Reader.ReadAsync(timeout.Token);
        return Assert.IsType<T>(frame);
    }

    public Task HelloAsync(int heartbeatMs = 200) => SendAsync(new HelloFrame(1, heartbeatMs, 10_000, 120));

    public async Task<ReadyFrame> AcceptAuthenticationAsync(Guid sessionId, Guid userId)
    {
        await HelloAsync();
        await ExpectAsync<AuthenticateFrame>();
        var ready = new ReadyFrame(sessionId, userId, 3, 0);
        await SendAsync(ready);
        return ready;
    }

    public Task CloseAsync(int status, string reason) => socket.CloseAsync((WebSocketCloseStatus)status, reason, CancellationToken.None);

    /// <summary>Keeps the connection open until the client goes away.</summary>
    public async Task IdleAsync()
    {
        while (await _frames.Reader.WaitToReadAsync())
        {
            _frames.Reader.TryRead(out _);
        }
    }
}
