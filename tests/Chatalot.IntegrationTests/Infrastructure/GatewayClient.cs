using System.Net.WebSockets;
using System.Text;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Serialization;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>A raw WebSocket client of the gateway for tests.</summary>
public sealed class GatewayClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public ClientWebSocket Socket => _socket;

    public List<string> RawFrames { get; } = [];

    public static async Task<GatewayClient> ConnectAsync(Uri baseAddress)
    {
        var client = new GatewayClient();
        var uri = new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws", Path = "/ws" }.Uri;
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        return client;
    }

    public static async Task<(GatewayClient Client, ReadyFrame Ready)> AuthenticateAsync(Uri baseAddress, string token, int? deviceId = null)
    {
        var client = await ConnectAsync(baseAddress);
        Assert.IsType<HelloFrame>(await client.ReceiveAsync());
        await client.SendAsync(new AuthenticateFrame(token, deviceId));
        var ready = await client.WaitForAsync<ReadyFrame>();
        return (client, ready);
    }

    public Task SendAsync(ClientFrame frame) => SendRawAsync(Encoding.UTF8.GetString(ChatalotJson.SerializeToUtf8Bytes(frame)));

    public Task SendRawAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next frame, or null when the server closed the connection.</summary>
    public async Task<ServerFrame?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[256 * 1024];
        var total = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(total), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            total += result.Count;
            if (result.EndOfMessage)
            {
                break;
            }
        }

        RawFrames.Add(Encoding.UTF8.GetString(buffer, 0, total));
        return ChatalotJson.Deserialize<ServerFrame>(buffer.AsSpan(0, total));
    }

    /// <summary>Skips frames until one of type <typeparamref name="T"/> (matching <paramref name="match"/>) arrives.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
        where T : ServerFrame
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            Assert.True(remaining > TimeSpan.Zero, $"Timed out waiting for {typeof(T).Name}");
            var frame = await ReceiveAsync(remaining);
            Assert.True(frame is not null, $"Connection closed while waiting for {typeof(T).Name} ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
            if (frame is T t && (match is null || match(t)))
            {
                return t;
            }
        }
    }

    /// <summary>Collects frames until the server goes quiet for <paramref name="quiet"/> or closes.</summary>
    public async Task<List<ServerFrame>> DrainAsync(TimeSpan quiet)
    {
        var frames = new List<ServerFrame>();
        while (true)
        {
            try
            {
                var frame = await ReceiveAsync(quiet);
                if (frame is null)
                {
                    return frames;
                }

                frames.Add(frame);
            }
            catch (OperationCanceledException)
            {
                return frames;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }
}
