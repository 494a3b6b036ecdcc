using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// A WebSocket client over a bare TCP socket that writes handcrafted RFC 6455 frames (any header bits, any declared
/// length, masked or not), so tests can send what no conforming client library would and see how the server answers.
/// </summary>
public sealed class RawWebSocketClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];

    private RawWebSocketClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>True when the connection ended with a TCP reset rather than an orderly shutdown.</summary>
    public bool EndedByReset { get; private set; }

    /// <summary>A frame the server sent: opcode (RFC 6455 §5.2) and payload.</summary>
    public readonly record struct Frame(int Opcode, byte[] Payload)
    {
        public string Text => Encoding.UTF8.GetString(Payload);
    }

    /// <summary>Opens the TCP connection and performs the HTTP/1.1 upgrade to <c>/ws</c>.</summary>
    public static async Task<RawWebSocketClient> ConnectAsync(Uri baseAddress)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var client = new RawWebSocketClient(tcp);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET /ws HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await client._stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var response = await client.ReadHeadersAsync();
        Assert.StartsWith("HTTP/1.1 101", response, StringComparison.Ordinal);
        return client;
    }

    /// <summary>Writes one frame. <paramref name="declaredLength"/> overrides the length in the header (the payload sent is still <paramref name="payload"/>).</summary>
    public async Task SendFrameAsync(int opcode, ReadOnlyMemory<byte> payload, bool fin = true, int rsv = 0, bool masked = true, long? declaredLength = null)
    {
        var length = declaredLength ?? payload.Length;
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0F)) };
        var maskBit = masked ? 0x80 : 0;
        if (length < 126)
        {
            header.Add((byte)(maskBit | (int)length));
        }
        else if (length <= ushort.MaxValue)
        {
            header.Add((byte)(maskBit | 126));
            header.AddRange([(byte)(length >> 8), (byte)length]);
        }
        else
        {
            header.Add((byte)(maskBit | 127));
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, length);
            header.AddRange(bytes);
        }

        var body = payload.ToArray();
        if (masked)
        {
            var mask = RandomNumberGenerator.GetBytes(4);
            header.AddRange(mask);
            for (var i = 0; i < body.Length; i++)
            {
                body[i] ^= mask[i % 4];
            }
        }

        await _stream.WriteAsync(header.Concat(body).ToArray());
    }

    public Task SendTextAsync(string text) => SendFrameAsync(0x1, Encoding.UTF8.GetBytes(text));

    /// <summary>Answers the server's close frame with a 1000 close frame, as RFC 6455 §5.5.1 asks of a client.</summary>
    public Task ReplyCloseAsync() => SendFrameAsync(0x8, new byte[] { 0x03, 0xE8 });

    /// <summary>The next frame from the server, or null when the TCP connection ended (FIN or reset) first.</summary>
    public async Task<Frame?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var head = await ReadExactlyAsync(2, cancellationToken);
        if (head is null)
        {
            return null;
        }

        long length = head[1] & 0x7F;
        if (length == 126)
        {
            var ext = await ReadExactlyAsync(2, cancellationToken);
            length = ext is null ? -1 : BinaryPrimitives.ReadUInt16BigEndian(ext);
        }
        else if (length == 127)
        {
            var ext = await ReadExactlyAsync(8, cancellationToken);
            length = ext is null ? -1 : BinaryPrimitives.ReadInt64BigEndian(ext);
        }

        if (length < 0)
        {
            return null;
        }

        var payload = await ReadExactlyAsync((int)length, cancellationToken);
        return payload is null ? null : new Frame(head[0] & 0x0F, payload);
    }

    /// <summary>
    /// Reads frames until the server's close frame and returns its status code and reason with the text frames that
    /// came before it; a null status means the connection ended without a close frame. Fails after <paramref name="timeout"/>.
    /// </summary>
    public async Task<(int? Status, string? Reason, List<string> Texts)> ReceiveUntilCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var texts = new List<string>();
        while (true)
        {
            Frame? frame;
            try
            {
                frame = await ReceiveAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No close frame within {timeout} (frames so far: {string.Join(", ", texts)})");
                throw;
            }

            switch (frame)
            {
                case null:
                    return (null, null, texts);
                case { Opcode: 0x8 } close:
                    return close.Payload.Length >= 2
                        ? (BinaryPrimitives.ReadUInt16BigEndian(close.Payload), Encoding.UTF8.GetString(close.Payload, 2, close.Payload.Length - 2), texts)
                        : (1005, null, texts);
                case { Opcode: 0x1 } text:
                    texts.Add(text.Text);
                    break;
            }
        }
    }

    /// <summary>True when the server ends the TCP connection (after its close frame) within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await ReceiveAsync(cts.Token) is not null)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> ReadHeadersAsync()
    {
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.ASCII.GetString([.. _pending]);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.RemoveRange(0, end + 4);
                return text[..end];
            }

            var read = await _stream.ReadAsync(buffer);
            Assert.True(read > 0, "The server closed the connection during the handshake.");
            _pending.AddRange(buffer.AsSpan(0, read));
        }
    }

    private async Task<byte[]?> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (_pending.Count < count)
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException)
            {
                EndedByReset = true;
                // A reset: the server dropped the connection without closing it.
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(buffer.AsSpan(0, read));
        }

        var result = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return result;
    }
}
