using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Server;

public class NoSecretsInLogsTests
{
    [Fact]
    public async Task TraceLogs_OfAFullSession_HoldNoPasswordsTokensOrKeys()
    {
        using var logs = new CapturingLoggerProvider();
        const string Password = "SuperSecretPassword-91b2";
        await using (var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, logs: logs))
        {
            using var api = server.CreateApi();
            var auth = await api.RegisterAsync("logcheck", Password);
            var login = await api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest("logcheck", Password), null);
            (await api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest("logcheck", Password + "x"))).Dispose();
            var refreshed = await api.PostAsync<RefreshRequest, AuthResponse>("/auth/refresh", new RefreshRequest(login.RefreshToken), null);
            (await api.SendAsync(HttpMethod.Post, "/auth/refresh", new RefreshRequest(login.RefreshToken))).Dispose();
            var (client, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, auth.AccessToken);
            await client.SendAsync(new HeartbeatFrame());
            await client.WaitForAsync<HeartbeatAckFrame>();
            await client.DisposeAsync();

            var text = string.Join("\n", logs.Lines);
            Assert.NotEmpty(logs.Lines);
            foreach (var secret in new[] { Password, auth.AccessToken, auth.RefreshToken, login.AccessToken, login.RefreshToken, refreshed.AccessToken, refreshed.RefreshToken })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }

            var key = Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(server.DataDirectory, "token-signing.key")));
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        }
    }
}
