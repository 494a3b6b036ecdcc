using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Bots;
using Chatalot.Protocol.Communities;
using static Chatalot.IntegrationTests.Server.RouteMatrix.MatrixRules;
using A = Chatalot.IntegrationTests.Server.RouteMatrix.MatrixActor;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

public static partial class MatrixRows
{
    /// <summary>Who manages a bot made by the community's owner in the community: its creator, the community's admins, instance admins.</summary>
    private static string[] BotManagers() => Cells("401", Revoked, "403", "403", "403", "–", "–", "403", "✓", "✓", "✓");

    private static Task<BotCredentials> NewBotAsync(MatrixWorld w, Guid? community, string token) =>
        w.Api.PostAsync<CreateBotRequest, BotCredentials>("/bots", new CreateBotRequest(ChatalotApi.NewName(), CommunityId: community), token, System.Net.HttpStatusCode.Created);

    /// <summary>A fresh bot of the owner in the community for the call, deleted after it (it leaves the community with it).</summary>
    private static async Task<MatrixAnswer> WithBotAsync(MatrixWorld w, Func<Guid, Task<MatrixAnswer>> call)
    {
        var bot = await NewBotAsync(w, w.C, w.Owner.AccessToken);
        var answer = await call(bot.Bot.Id);
        using var gone = await w.Api.SendAsync(Delete, $"/bots/{bot.Bot.Id}", w.Instance.AccessToken);
        return answer;
    }

    private static IEnumerable<MatrixRow> Bots() =>
    [
        R("POST", "/auth/bot", "a bot token", Public(),
            async (w, c) => await w.Send(Post, "/auth/bot", new BotLoginRequest((await NewBotAsync(w, null, w.Instance.AccessToken)).Token), null)),
        R("POST", "/bots", "admin, instance admin", Rank(CommunityRole.Admin).With(A.Instance, "✓"), async (w, c) =>
        {
            var answer = await w.Send(Post, "/bots", new CreateBotRequest(ChatalotApi.NewName(), CommunityId: w.C), c.Token);
            return await Then(answer, () => Ok(w, Delete, $"/bots/{Chatalot.Protocol.Serialization.ChatalotJson.Deserialize<BotCredentials>(System.Text.Encoding.UTF8.GetBytes(answer.Body)).Bot.Id}", w.Instance.AccessToken));
        }),
        R("GET", "/bots", "signed in", SignedIn(), Read(w => $"/bots?community_id={w.C}")),
        R("PUT", "/bots/{bot_id}/avatar", "its creator, admin, instance admin", BotManagers(), (w, c) => WithBotAsync(w, id => w.SendRaw(Put, $"/bots/{id}/avatar", ProfileConformanceTests.Png, "image/png", c.Token))),
        R("POST", "/bots/{bot_id}/token", "its creator, admin, instance admin", BotManagers(), (w, c) => WithBotAsync(w, id => w.Send(Post, $"/bots/{id}/token", c.Token))),
        R("DELETE", "/bots/{bot_id}/token", "its creator, admin, instance admin", BotManagers(), (w, c) => WithBotAsync(w, id => w.Send(Delete, $"/bots/{id}/token", c.Token))),
        R("DELETE", "/bots/{bot_id}", "its creator, admin, instance admin", BotManagers(), (w, c) => WithBotAsync(w, id => w.Send(Delete, $"/bots/{id}", c.Token))),
    ];
}
