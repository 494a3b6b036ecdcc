using System.Net.Http.Headers;
using System.Net.WebSockets;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Serialization;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Server.Hosting.Tests;

public class GatewayRevalidationTests
{
    [Fact]
    public async Task Heartbeat_AfterTheSessionWasRevokedBehindTheGatewaysBack_ClosesTheConnection()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddChatalotServer(configure: o => o with
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "chatalot-unit", Guid.NewGuid().ToString("N")),
            RegistrationMode = RegistrationMode.Open,
            SetupCode = "UNIT-TEST-SETUP-CODE",
            Auth = o.Auth with { Argon2MemoryKib = 8192, Argon2Iterations = 1 },
            Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromHours(1) },
            RateLimits = o.RateLimits with { Enabled = false },
        });
        await using var app = builder.Build();
        app.MapChatalot();
        await app.StartAsync(CancellationToken.None);

        using var http = app.GetTestClient();
        using var content = new ByteArrayContent(ChatalotJson.SerializeToUtf8Bytes(new RegisterRequest("revalidate", "long enough password", SetupCode: "UNIT-TEST-SETUP-CODE")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri("/api/v1/auth/register", UriKind.Relative), content, CancellationToken.None);
        var auth = ChatalotJson.Deserialize<AuthResponse>(await response.Content.ReadAsByteArrayAsync(CancellationToken.None));

        using var socket = await app.GetTestServer().CreateWebSocketClient().ConnectAsync(new Uri("ws://localhost/ws"), CancellationToken.None);
        Assert.IsType<HelloFrame>(await ReceiveAsync(socket));
        await SendAsync(socket, new AuthenticateFrame(auth.AccessToken));
        Assert.IsType<ReadyFrame>(await ReceiveAsync(socket));

        // Revoke in the database only, as if the revocation push had been lost.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
            await db.Sessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, time.GetUtcNow()), CancellationToken.None);
        }

        time.Advance(TimeSpan.FromMinutes(2));
        await SendAsync(socket, new HeartbeatFrame());
        ServerFrame? frame;
        do
        {
            frame = await ReceiveAsync(socket);
        }
        while (frame is not null and not ErrorFrame);

        Assert.Equal(ErrorCodes.SessionRevoked, Assert.IsType<ErrorFrame>(frame).Code);
        await app.StopAsync(CancellationToken.None);
    }

    private static Task SendAsync(WebSocket socket, ClientFrame frame) =>
        socket.SendAsync(ChatalotJson.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<ServerFrame?> ReceiveAsync(WebSocket socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var total = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(total), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            total += result.Count;
            if (result.EndOfMessage)
            {
                return ChatalotJson.Deserialize<ServerFrame>(buffer.AsSpan(0, total));
            }
        }
    }
}
