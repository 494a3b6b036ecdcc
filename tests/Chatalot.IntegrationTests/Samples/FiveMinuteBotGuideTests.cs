using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Bots;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;

namespace Chatalot.IntegrationTests.Samples;

/// <summary>
/// The "bot in five minutes" guide (docs/articles/bots.md) as a doc test: its shell steps are read from the guide and run
/// against a fresh sample server, and its web steps (claim the server, create a community, Settings → Bots) are done
/// through the same REST calls the web client makes. If the guide's commands or settings drift from what works, this fails.
/// </summary>
public sealed partial class FiveMinuteBotGuideTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheGuide_WorksEndToEnd_OnAFreshDefaultServer()
    {
        var steps = GuideShellBlocks();
        Assert.Equal("dotnet run --project samples/Chatalot.Samples.Server", Assert.Single(steps[0]));
        var botStep = steps[1];
        Assert.Equal("dotnet run --project samples/Chatalot.Samples.Bot", botStep[^1]);
        var exports = botStep[..^1].Select(line => ExportLine().Match(line)).ToList();
        Assert.All(exports, m => Assert.True(m.Success, $"not an export line: {m.Value}"));

        var work = Directory.CreateTempSubdirectory("chatalot-guide-");
        var port = SampleProcess.FreePort();
        try
        {
            // Step 1: the server, on its defaults (invite-only, SQLite); only the port and data folder are the test's.
            await using var server = SampleProcess.Start("Chatalot.Samples.Server", work.FullName, new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Chatalot__DataDirectory"] = Path.Combine(work.FullName, "server-data"),
            });
            await server.WaitForOutputAsync("Chatalot server listening on", Wait);
            var setupCode = SetupCodeLine().Match(server.Output).Groups[1].Value;
            Assert.NotEmpty(setupCode);

            // "Claim this server" with the printed code, then create a community (what the web client does).
            var serverUrl = new Uri($"http://127.0.0.1:{port}/");
            await using var owner = new ChatalotClient(new ChatalotClientOptions { ServerUrl = serverUrl, Username = "owner", Password = "the owner's password" });
            await owner.Rest.RegisterAsync(new RegisterRequest("owner", "the owner's password", SetupCode: setupCode), CancellationToken.None);
            var community = await owner.Rest.CreateCommunityAsync(new CreateCommunityRequest("Guide"), CancellationToken.None);
            var group = new GroupId((await owner.Rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None)).Id);
            var channel = new ChannelId(Assert.Single(await owner.Rest.GetGroupChannelsAsync(group, CancellationToken.None)).Id);

            // Step 2: Settings → Bots → Create bot, which is this call (the guide shows it too).
            var created = await owner.Rest.CreateBotAsync(new CreateBotRequest("helper", "Helper", community.Id), CancellationToken.None);

            // Step 3: the guide's environment, with the token it tells you to paste; the server URL is the test's port.
            var environment = exports.ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            Assert.Contains("Chatalot__BotToken", environment.Keys);
            environment["Chatalot__BotToken"] = created.Token;
            environment["Chatalot__ServerUrl"] = serverUrl.ToString();
            await using var bot = SampleProcess.Start("Chatalot.Samples.Bot", work.FullName, environment);
            await bot.WaitForOutputAsync("Connected as user", Wait);

            // "It answers in any group channel it can read."
            var seen = new ConcurrentQueue<MessageReceived>();
            owner.Events.On<MessageReceived>((m, _) =>
            {
                seen.Enqueue(m);
                return ValueTask.CompletedTask;
            });
            await owner.ConnectAsync();
            await AskAsync(owner, channel, seen, "!ping", "pong");
            await AskAsync(owner, channel, seen, "!roll 2d6+1", "2d6+1: [");
            await AskAsync(owner, channel, seen, "!help", "");
            Assert.DoesNotContain(created.Token, bot.Output, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task AskAsync(ChatalotClient owner, ChannelId channel, ConcurrentQueue<MessageReceived> seen, string command, string replyStart)
    {
        var before = seen.Count;
        await owner.SendAsync(channel, command, CancellationToken.None);
        Assert.True(
            SpinWait.SpinUntil(() => seen.Skip(before).Any(m => m.Sender.UserId != owner.CurrentUserId && m.Text.StartsWith(replyStart, StringComparison.Ordinal)), Wait),
            $"no reply to {command}; saw: {string.Join(" | ", seen.Select(m => m.Text))}");
        await Task.CompletedTask;
    }

    /// <summary>The guide's <c>bash</c> blocks, in order, as their non-blank lines.</summary>
    private static List<string[]> GuideShellBlocks()
    {
        var guide = File.ReadAllText(Path.Combine(SampleProcess.RepoRoot(), "docs", "articles", "bots.md"));
        var start = guide.IndexOf("## From zero to a running bot in five minutes", StringComparison.Ordinal);
        Assert.True(start >= 0, "the guide's heading moved");
        var end = guide.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var section = guide[start..(end < 0 ? guide.Length : end)];
        return [.. BashBlock().Matches(section).Select(m => m.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray())];
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"^export (\w+)='([^']*)'$")]
    private static partial Regex ExportLine();

    [GeneratedRegex(@"Chatalot setup code: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")]
    private static partial Regex SetupCodeLine();
}
