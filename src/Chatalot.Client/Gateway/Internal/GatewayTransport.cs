using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Client.Gateway.Internal;

/// <summary>One WebSocket to the gateway: whole-frame JSON reads and serialised writes (gateway.md, Framing).</summary>
internal sealed class GatewayTransport(WebSocket socket) : IAsyncDisposable
{
    // Server frames carry messages whose envelopes may reach ChatalotLimits.MessageEnvelopeMaxBytes; allow headroom.
    private const int MaxFrameBytes = 4 * 1024 * 1024;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public WebSocket Socket => socket;

    public static Uri GatewayUri(Uri serverUrl)
    {
        var builder = new UriBuilder(serverUrl)
        {
            Scheme = serverUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        };
        builder.Path = builder.Path.TrimEnd('/') + ProtocolVersion.GatewayPath;
        return builder.Uri;
    }

    public async Task SendAsync(ClientFrame frame, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, ChatalotJson.GetTypeInfo<ClientFrame>());
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Reads the next frame; <see langword="null"/> when the server closed the socket.</summary>
    /// <exception cref="JsonException">The frame is not a known server frame (callers skip it).</exception>
    public async Task<ServerFrame?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxFrameBytes)
                    {
                        throw new ChatalotConnectionException(ErrorCodes.InvalidFrame, "The server sent an oversized frame.");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    return JsonSerializer.Deserialize(buffer.AsSpan(0, length), ChatalotJson.GetTypeInfo<ServerFrame>());
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Closing is best effort: the connection is going away either way.
            }
        }

        socket.Dispose();
        _writeGate.Dispose();
    }
}
