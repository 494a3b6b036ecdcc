using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Bots;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Bots;

/// <summary>Bot tokens never reach a log line: not when issued, used, rotated, refused or revoked.</summary>
public sealed class BotTokenLogTests
{
    [Fact]
    public async Task TraceLogs_OfABotsLife_HoldNoBotToken()
    {
        using var logs = new CapturingLoggerProvider();
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, logs: logs);
        using var api = server.CreateApi();
        var owner = await api.RegisterAsync();
        var created = await api.PostAsync<CreateBotRequest, BotCredentials>("/bots", new CreateBotRequest(ChatalotApi.NewName()), owner.AccessToken, System.Net.HttpStatusCode.Created);
        var session = await api.PostAsync<BotLoginRequest, AuthResponse>("/auth/bot", new BotLoginRequest(created.Token), null);
        var rotated = await api.PostAsync<object?, BotCredentials>($"/bots/{created.Bot.Id}/token", null, owner.AccessToken);
        (await api.SendAsync(HttpMethod.Post, "/auth/bot", new BotLoginRequest(created.Token))).Dispose();
        (await api.SendAsync(HttpMethod.Delete, $"/bots/{created.Bot.Id}/token", owner.AccessToken)).Dispose();
        (await api.SendAsync(HttpMethod.Post, "/auth/bot", new BotLoginRequest(rotated.Token))).Dispose();

        var text = string.Join("\n", logs.Lines);
        Assert.Contains("Failed bot sign-in", text, StringComparison.Ordinal);
        foreach (var secret in new[] { created.Token, rotated.Token, created.Token[4..], session.AccessToken, session.RefreshToken })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
