using System.Net.WebSockets;
using System.Text;

namespace Chatalot.LoadTest.Targets;

/// <summary>A gateway connection speaking docs/protocol/gateway.md: authenticate, subscribe, send_message.</summary>
public sealed class ChatalotConnection : LoadConnection
{
    private readonly Guid[] _channelIds;
    private readonly int _deviceId;
    private long _lastSeq;

    private ChatalotConnection(ClientWebSocket socket, int index, Guid[] channelIds, int deviceId)
        : base(socket, index)
    {
        _channelIds = channelIds;
        _deviceId = deviceId;
    }

    public static async Task<ChatalotConnection> ConnectAsync(Uri ws, string token, int index, Guid[] channelIds, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(ws, cancellationToken);
        var connection = new ChatalotConnection(socket, index, channelIds, 1);
        connection.StartReceiving();
        var frame = FrameText.Utf8($"{{\"type\":\"authenticate\",\"token\":\"{token}\"}}");
        if (!await connection.ExpectReplyAsync("ready", () => connection.SendTextAsync(frame, cancellationToken).AsTask(), cancellationToken))
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"Connection {index} was not authenticated.");
        }

        return connection;
    }

    public override async Task SubscribeAsync(int channel, CancellationToken cancellationToken)
    {
        var frame = FrameText.Utf8($"{{\"type\":\"subscribe\",\"channel_ids\":[\"{_channelIds[channel]}\"]}}");
        if (!await ExpectReplyAsync("subscribed", () => SendTextAsync(frame, cancellationToken).AsTask(), cancellationToken))
        {
            throw new InvalidOperationException($"Connection {Index} could not subscribe to channel {channel}.");
        }

        Channel = channel;
    }

    public override ValueTask SendMessageAsync(int channel, long requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = FrameText.Utf8(
            $"{{\"type\":\"send_message\",\"request_id\":\"{requestId}\",\"channel_id\":\"{_channelIds[channel]}\",\"message\":{{\"idempotency_key\":\"{Index}-{requestId}\",\"sender_device_id\":{_deviceId},\"frank_commitment\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"envelope\":{{\"ciphertext\":\"{FrameText.EncodeBase64Url(payload.Span)}\"}}}}}}");
        return SendTextAsync(frame, cancellationToken);
    }

    public override ValueTask HeartbeatAsync(CancellationToken cancellationToken) =>
        SendTextAsync(FrameText.Utf8($"{{\"type\":\"heartbeat\",\"last_seq\":{Volatile.Read(ref _lastSeq)}}}"), cancellationToken);

    protected override void HandleMessage(ReadOnlySpan<byte> message)
    {
        if (message.StartsWith("{\"seq\":"u8))
        {
            var end = message[7..].IndexOf((byte)',');
            if (end > 0)
            {
                Volatile.Write(ref _lastSeq, FrameText.ParseLong(message.Slice(7, end)));
            }
        }

        var type = FrameText.StringAfter(message, "\"type\":\""u8);
        if (type.SequenceEqual("message_created"u8))
        {
            var b64 = FrameText.StringAfter(message, "\"ciphertext\":\""u8);
            Span<byte> payload = stackalloc byte[1024];
            var n = FrameText.DecodeBase64Url(b64, payload);
            if (n > 0)
            {
                OnDelivery?.Invoke(this, payload[..n]);
            }
        }
        else if (type.SequenceEqual("message_sent"u8))
        {
            OnAck?.Invoke(this, FrameText.ParseLong(FrameText.StringAfter(message, "\"request_id\":\""u8)));
        }
        else if (type.SequenceEqual("ready"u8))
        {
            Reply("ready", true);
        }
        else if (type.SequenceEqual("subscribed"u8))
        {
            Reply("subscribed", true);
        }
        else if (type.SequenceEqual("error"u8) || type.SequenceEqual("invalid_session"u8))
        {
            Reply("ready", false);
            Reply("subscribed", false);
            OnError?.Invoke(this, Encoding.UTF8.GetString(message));
        }
    }
}
