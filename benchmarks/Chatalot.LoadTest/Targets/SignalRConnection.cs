using System.Net.WebSockets;
using System.Text;

namespace Chatalot.LoadTest.Targets;

/// <summary>
/// A SignalR connection speaking the JSON hub protocol directly over WebSockets (negotiation skipped, as the SignalR
/// client does with <c>SkipNegotiation</c>), so both servers are driven by the same lean client code.
/// </summary>
public sealed class SignalRConnection : LoadConnection
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] Ping = FrameText.Utf8("{\"type\":6}\u001e");

    private SignalRConnection(ClientWebSocket socket, int index)
        : base(socket, index)
    {
    }

    public static async Task<SignalRConnection> ConnectAsync(Uri ws, int index, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(ws, cancellationToken);
        var connection = new SignalRConnection(socket, index);
        connection.StartReceiving();
        var handshake = FrameText.Utf8("{\"protocol\":\"json\",\"version\":1}\u001e");
        if (!await connection.ExpectReplyAsync("handshake", () => connection.SendTextAsync(handshake, cancellationToken).AsTask(), cancellationToken))
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"Connection {index}: SignalR handshake failed.");
        }

        return connection;
    }

    public override async Task SubscribeAsync(int channel, CancellationToken cancellationToken)
    {
        var frame = FrameText.Utf8($"{{\"type\":1,\"invocationId\":\"s\",\"target\":\"Subscribe\",\"arguments\":[\"{channel}\"]}}\u001e");
        if (!await ExpectReplyAsync("subscribed", () => SendTextAsync(frame, cancellationToken).AsTask(), cancellationToken))
        {
            throw new InvalidOperationException($"Connection {Index} could not join group {channel}.");
        }

        Channel = channel;
    }

    public override ValueTask SendMessageAsync(int channel, long requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = FrameText.Utf8(
            $"{{\"type\":1,\"invocationId\":\"{requestId}\",\"target\":\"Send\",\"arguments\":[\"{channel}\",\"{FrameText.EncodeBase64Url(payload.Span)}\"]}}\u001e");
        return SendTextAsync(frame, cancellationToken);
    }

    public override ValueTask HeartbeatAsync(CancellationToken cancellationToken) => SendTextAsync(Ping, cancellationToken);

    protected override void HandleMessage(ReadOnlySpan<byte> message)
    {
        // One WebSocket message may carry several hub messages, each terminated by the record separator.
        while (!message.IsEmpty)
        {
            var end = message.IndexOf(RecordSeparator);
            var one = end < 0 ? message : message[..end];
            HandleOne(one);
            message = end < 0 ? default : message[(end + 1)..];
        }
    }

    private void HandleOne(ReadOnlySpan<byte> m)
    {
        if (m.StartsWith("{\"type\":1,"u8))
        {
            var args = m.IndexOf("\"arguments\":[\""u8);
            if (args < 0)
            {
                return;
            }

            var rest = m[(args + 14)..];
            var comma = rest.IndexOf("\",\""u8);
            var b64 = FrameText.StringAfter(rest[comma..], "\",\""u8);
            Span<byte> payload = stackalloc byte[1024];
            var n = FrameText.DecodeBase64Url(b64, payload);
            if (n > 0)
            {
                OnDelivery?.Invoke(this, payload[..n]);
            }
        }
        else if (m.StartsWith("{\"type\":3,"u8))
        {
            var id = FrameText.StringAfter(m, "\"invocationId\":\""u8);
            var failed = m.IndexOf("\"error\":"u8) >= 0;
            if (id.SequenceEqual("s"u8))
            {
                Reply("subscribed", !failed);
            }
            else if (failed)
            {
                OnError?.Invoke(this, Encoding.UTF8.GetString(m));
            }
            else
            {
                OnAck?.Invoke(this, FrameText.ParseLong(id));
            }
        }
        else if (m.SequenceEqual("{}"u8))
        {
            Reply("handshake", true);
        }
        else if (m.StartsWith("{\"type\":7"u8) || m.StartsWith("{\"error\""u8))
        {
            Reply("handshake", false);
            OnError?.Invoke(this, Encoding.UTF8.GetString(m));
        }
    }
}
