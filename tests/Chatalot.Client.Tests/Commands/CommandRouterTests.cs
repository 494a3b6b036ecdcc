using Chatalot.Samples.Bot;
using Chatalot.Client.Commands;
using Chatalot.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.Client.Tests.Commands;

public class CommandRouterTests
{
    /// <summary>The sample bot's dice type, registered as a custom argument type (the SDK has no built-in dice).</summary>
    private static readonly CommandRouterOptions WithDice = new() { ArgumentTypes = [CommandArgumentType.For<DiceRoll>("dice such as 2d6, d20 or 3d8+2")] };

    public enum Mode
    {
        Quiet,
        Loud,
    }

    public sealed class Counter
    {
        public int Value { get; set; }
    }

    public sealed class TestModule(Counter counter) : CommandModule
    {
        [Command("roll", Description = "Rolls dice.", Aliases = ["r"])]
        public string Roll(DiceRoll dice) => dice.Roll(new Random(1)).ToString();

        [Command("add")]
        public async Task AddAsync(int a, long b, double c = 0.5)
        {
            counter.Value++;
            await ReplyAsync((a + b + c).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Command("say")]
        public ValueTask<string> Say(Mode mode, [Remainder] string text) => ValueTask.FromResult(mode == Mode.Loud ? text.ToUpperInvariant() : text);

        [Command("wait")]
        public string Wait(TimeSpan duration, bool verbose = false) => $"{duration.TotalSeconds}s {verbose}";

        [Command("boom")]
        public void Boom() => throw new InvalidOperationException("secret internal detail");
    }

    public sealed class BadModule : CommandModule
    {
        [Command("bad")]
        public void Bad(Uri uri) => _ = uri;
    }

    private static async Task<(CommandResult Result, FakeChatalotClient Client, Counter Counter)> RunAsync(string text, CommandRouter? router = null)
    {
        var counter = new Counter();
        var services = new ServiceCollection().AddSingleton(counter).BuildServiceProvider();
        var client = new FakeChatalotClient();
        router ??= new CommandRouter(WithDice).AddModule<TestModule>();
        var result = await router.ExecuteAsync(new CommandContext(client, FakeChatalotClient.Message(text), services, CancellationToken.None));
        return (result, client, counter);
    }

    private static string[] Replies(FakeChatalotClient client) => client.Sent.Select(s => s.Text).ToArray();

    [Fact]
    public async Task Execute_RollWithDice_RepliesWithReturnedString()
    {
        var (result, client, _) = await RunAsync("!roll 2d6");
        Assert.True(result.IsSuccess);
        Assert.StartsWith("2d6: [", Assert.Single(Replies(client)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_Alias_RoutesToCommandCaseInsensitively()
    {
        var (result, client, _) = await RunAsync("!R d20");
        Assert.True(result.IsSuccess);
        Assert.StartsWith("1d20: ", Assert.Single(Replies(client)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_TypedArgumentsWithOptionalDefault_BindsAndInjectsScopedServices()
    {
        var (result, client, counter) = await RunAsync("!add 2 40");
        Assert.True(result.IsSuccess);
        Assert.Equal(["42.5"], Replies(client));
        Assert.Equal(1, counter.Value);
    }

    [Fact]
    public async Task Execute_EnumAndRemainder_KeepsRemainderVerbatim()
    {
        var (_, client, _) = await RunAsync("!say loud  hello   \"world\"");
        Assert.Equal(["HELLO   \"WORLD\""], Replies(client));
    }

    [Fact]
    public async Task Execute_TimeSpanAndBool_Parse()
    {
        var (_, client, _) = await RunAsync("!wait 1m30s yes");
        Assert.Equal(["90s True"], Replies(client));
    }

    [Fact]
    public async Task Execute_InvalidArgument_RepliesWithErrorAndUsage()
    {
        var (result, client, counter) = await RunAsync("!add two 40");
        Assert.Equal(CommandStatus.InvalidArguments, result.Status);
        var reply = Assert.Single(Replies(client));
        Assert.Contains("'two' is not valid for <a>", reply, StringComparison.Ordinal);
        Assert.Contains("Usage: !add <a> <b> [c]", reply, StringComparison.Ordinal);
        Assert.Equal(0, counter.Value);
    }

    [Fact]
    public async Task Execute_MissingAndExtraArguments_AreReported()
    {
        Assert.Equal(CommandStatus.InvalidArguments, (await RunAsync("!roll")).Result.Status);
        Assert.Equal(CommandStatus.InvalidArguments, (await RunAsync("!roll 2d6 3d6")).Result.Status);
    }

    [Fact]
    public async Task Execute_ThrowingCommand_RepliesGenericallyWithoutDetails()
    {
        var (result, client, _) = await RunAsync("!boom");
        Assert.Equal(CommandStatus.Failed, result.Status);
        Assert.IsType<InvalidOperationException>(result.Exception);
        Assert.DoesNotContain("secret", Assert.Single(Replies(client)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_UnknownCommand_StaysSilentByDefault()
    {
        var (result, client, _) = await RunAsync("!nope");
        Assert.Equal(CommandStatus.UnknownCommand, result.Status);
        Assert.Empty(client.Sent);
    }

    [Fact]
    public async Task Execute_PlainText_IsNotACommand()
    {
        Assert.Equal(CommandStatus.NotACommand, (await RunAsync("hello !roll 2d6")).Result.Status);
        Assert.Equal(CommandStatus.NotACommand, (await RunAsync("! roll")).Result.Status);
    }

    [Fact]
    public async Task Help_ListsEveryCommandWithUsageAndDescription()
    {
        var (_, client, _) = await RunAsync("!help");
        var help = Assert.Single(Replies(client));
        Assert.Contains("!roll <dice> — Rolls dice.", help, StringComparison.Ordinal);
        Assert.Contains("!say <mode> <text...>", help, StringComparison.Ordinal);
        Assert.Contains("!help [command]", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ForOneCommand_DescribesArguments()
    {
        var (_, client, _) = await RunAsync("!help say");
        var help = Assert.Single(Replies(client));
        Assert.Contains("mode: one of: Quiet, Loud", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Middleware_RunsInOrderAndCanBlock()
    {
        var order = new List<string>();
        var router = new CommandRouter(WithDice).AddModule<TestModule>()
            .Use(async (ctx, next) =>
            {
                order.Add("outer-before");
                await next(ctx);
                order.Add($"outer-after:{ctx.Result!.Status}");
            })
            .Use((ctx, next) =>
            {
                order.Add("inner");
                if (ctx.CommandName == "add")
                {
                    ctx.Result = CommandResult.Blocked("Not allowed here.");
                    return ValueTask.CompletedTask;
                }

                return next(ctx);
            });

        var (blocked, client, counter) = await RunAsync("!add 1 2", router);
        Assert.Equal(CommandStatus.Blocked, blocked.Status);
        Assert.Equal(["Not allowed here."], Replies(client));
        Assert.Equal(0, counter.Value);
        Assert.Equal(["outer-before", "inner", "outer-after:Blocked"], order);
    }

    [Fact]
    public void AddModule_UnsupportedParameterType_FailsAtRegistration() =>
        Assert.Throws<InvalidOperationException>(() => new CommandRouter().AddModule<BadModule>());

    [Fact]
    public void AddModule_DuplicateName_FailsAtRegistration() =>
        Assert.Throws<InvalidOperationException>(() => new CommandRouter(WithDice).AddModule<TestModule>().AddModule<TestModule>());

    private sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
        {
            var meter = new System.Diagnostics.Metrics.Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }

    [Fact]
    public async Task Execute_WithMeterFactory_CountsCommandsByStatus()
    {
        using var factory = new TestMeterFactory();
        var statuses = new List<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "chatalot.client.commands.executed")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => statuses.Add((string)tags[0].Value!));
        listener.Start();

        var router = new CommandRouter(WithDice, meterFactory: factory).AddModule<TestModule>();
        await RunAsync("!roll 2d6", router);
        await RunAsync("!roll nope", router);
        await RunAsync("!nope", router);

        Assert.Equal(["Succeeded", "InvalidArguments", "UnknownCommand"], statuses);
    }

    [Fact]
    public async Task Prefix_Custom_IsHonoured()
    {
        var (result, client, _) = await RunAsync("?roll d6", new CommandRouter(WithDice with { Prefix = "?" }).AddModule<TestModule>());
        Assert.True(result.IsSuccess);
        Assert.Single(client.Sent);
    }
}
