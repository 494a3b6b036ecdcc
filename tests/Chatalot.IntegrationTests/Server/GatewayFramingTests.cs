using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// RFC 6455 violations and oversized frames, written by hand over raw TCP: each gets its close code promptly (no wait
/// for a heartbeat timeout, no TCP reset without a close frame), then the connection ends (gateway.md §Close codes). A
/// client's own close is answered with a close frame, as RFC 6455 §5.5.1 asks.
/// </summary>
public sealed class GatewayFramingTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    public static TheoryData<string, int> Violations => new()
    {
        { "client_close", 1000 },
        { "rsv1", 1002 },
        { "rsv3", 1002 },
        { "unknown_opcode", 1002 },
        { "reserved_control_opcode", 1002 },
        { "long_ping", 1002 },
        { "fragmented_ping", 1002 },
        { "continuation_without_start", 1002 },
        { "unmasked", 1002 },
        { "invalid_utf8", 1007 },
        { "invalid_utf8_across_fragments", 1007 },
        { "declared_2_pow_62", 1009 },
        { "declared_over_limit", 1009 },
        { "fragments_over_limit", 1009 },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task Violation_IsAnsweredWithItsCloseCode_ThenTheConnectionEnds(string violation, int expected)
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.BaseAddress);
        await SendAsync(client, violation);
        var (status, _, _) = await client.ReceiveUntilCloseAsync(Prompt);
        Assert.Equal(expected, status);
        if (violation != "client_close")
        {
            await client.ReplyCloseAsync();
        }

        Assert.True(await client.WaitForEndAsync(Prompt), "The server should end the TCP connection after the closing handshake.");
    }

    [Fact]
    public async Task BadFrameFlood_IsAnsweredWithAFewErrors_NotOnePerFrame_AndTheConnectionStaysOpen()
    {
        var user = await fixture.Api.RegisterAsync();
        var (client, _) = await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, user.AccessToken);
        await using var _ = client;
        var errors = new ConcurrentQueue<ErrorFrame>();
        var reader = Task.Run(async () =>
        {
            while (await client.ReceiveAsync(TimeSpan.FromSeconds(60)) is { } frame)
            {
                if (frame is ErrorFrame error)
                {
                    errors.Enqueue(error);
                }
            }
        });

        var started = Stopwatch.StartNew();
        const int Flood = 300;
        for (var i = 0; i < Flood; i++)
        {
            await client.SendRawAsync(i % 2 == 0 ? "{not json" : "{\"type\":\"no_such_op\"}");
        }

        // Keep sending a bad frame now and then until an error reports the ones held back: the connection stays open.
        var deadline = DateTime.UtcNow + Prompt;
        while (!errors.Any(e => e.Message.Contains("were not reported", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await client.SendRawAsync("{not json");
            await Task.Yield();
            SpinWait.SpinUntil(() => errors.Any(e => e.Message.Contains("were not reported", StringComparison.Ordinal)), 200);
        }

        var elapsed = started.Elapsed;
        var list = errors.ToList();
        Assert.Contains(list, e => e.Message.Contains("were not reported", StringComparison.Ordinal));
        Assert.All(list, e => Assert.True(e.Code is ErrorCodes.InvalidFrame or ErrorCodes.RateLimited, e.Code));

        // A burst of 3, then at most one a second.
        Assert.True(list.Count <= 3 + (int)Math.Ceiling(elapsed.TotalSeconds) + 1, $"{list.Count} errors in {elapsed} for {Flood}+ bad frames");
        Assert.False(reader.IsCompleted, "The connection should stay open.");
    }

    private static async Task SendAsync(RawWebSocketClient client, string violation)
    {
        var json = Encoding.UTF8.GetBytes("{\"type\":\"heartbeat\"}");
        switch (violation)
        {
            case "client_close":
                await client.ReplyCloseAsync();
                break;
            case "rsv1":
                await client.SendFrameAsync(0x1, json, rsv: 4);
                break;
            case "rsv3":
                await client.SendFrameAsync(0x1, json, rsv: 1);
                break;
            case "unknown_opcode":
                await client.SendFrameAsync(0x3, json);
                break;
            case "reserved_control_opcode":
                await client.SendFrameAsync(0xB, json);
                break;
            case "long_ping":
                await client.SendFrameAsync(0x9, new byte[126]);
                break;
            case "fragmented_ping":
                await client.SendFrameAsync(0x9, new byte[4], fin: false);
                break;
            case "continuation_without_start":
                await client.SendFrameAsync(0x0, json);
                break;
            case "unmasked":
                await client.SendFrameAsync(0x1, json, masked: false);
                break;
            case "invalid_utf8":
                await client.SendFrameAsync(0x1, new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' });
                break;
            case "invalid_utf8_across_fragments":
                await client.SendFrameAsync(0x1, new byte[] { (byte)'{', 0xF0, 0x9F }, fin: false);
                await client.SendFrameAsync(0x0, new byte[] { (byte)'}' });
                break;
            case "declared_2_pow_62":
                await client.SendFrameAsync(0x1, json, declaredLength: 1L << 62);
                break;
            case "declared_over_limit":
                await client.SendFrameAsync(0x1, json, declaredLength: ChatalotLimits.GatewayFrameMaxBytes + 1);
                break;
            case "fragments_over_limit":
                await client.SendFrameAsync(0x1, new byte[ChatalotLimits.GatewayFrameMaxBytes / 2], fin: false);
                await client.SendFrameAsync(0x0, new byte[ChatalotLimits.GatewayFrameMaxBytes / 2], fin: false);
                await client.SendFrameAsync(0x0, new byte[16], fin: false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(violation));
        }
    }
}
