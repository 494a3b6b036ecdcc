using Chatalot.Client.Commands;
using Chatalot.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Client.Tests.Commands;

/// <summary>Preconditions (custom, owner, cooldown buckets on a fake clock), run modes, and custom argument parsers.</summary>
public class CommandPreconditionTests
{
    private static readonly UserId Owner = new(Guid.NewGuid());

    public sealed class Ran
    {
        public int Count;
    }

    /// <summary>A user-defined precondition: only users whose id is in the DI-registered allow list.</summary>
    public sealed class RequireAllowListAttribute : PreconditionAttribute
    {
        public override ValueTask<PreconditionResult> CheckAsync(CommandContext context) =>
            ValueTask.FromResult(context.Services.GetRequiredService<HashSet<UserId>>().Contains(context.Message.Sender.UserId)
                ? PreconditionResult.Success
                : PreconditionResult.Fail("You are not on the list."));
    }

    public readonly record struct Colour(byte R, byte G, byte B);

    public sealed class ColourParser : CommandArgumentParser<Colour>
    {
        public override string Description => "a colour such as red or #ff8800";

        public override ValueTask<ArgumentParseResult> ParseAsync(string text, CommandContext context) => ValueTask.FromResult(text switch
        {
            "red" => ArgumentParseResult.Success(new Colour(255, 0, 0)),
            ['#', .. var hex] when hex.Length == 6 && Convert.FromHexString(hex) is [var r, var g, var b] => ArgumentParseResult.Success(new Colour(r, g, b)),
            ['#', ..] => ArgumentParseResult.Fail("a hex colour has six digits, e.g. #ff8800."),
            _ => ArgumentParseResult.Fail(),
        });
    }

    /// <summary>Overrides the built-in int parser: accepts words too.</summary>
    public sealed class WordNumberParser : CommandArgumentParser<int>
    {
        public override string Description => "a number, digits or a word";

        public override ValueTask<ArgumentParseResult> ParseAsync(string text, CommandContext context) =>
            ValueTask.FromResult(text == "three" ? ArgumentParseResult.Success(3) : int.TryParse(text, out var n) ? ArgumentParseResult.Success(n) : ArgumentParseResult.Fail());
    }

    [RequireAllowList(ErrorMessage = "Members of the list only.")]
    public sealed class ListedModule(Ran ran) : CommandModule
    {
        [Command("listed")]
        public string Listed()
        {
            ran.Count++;
            return "ok";
        }
    }

    public sealed class MixedModule(Ran ran) : CommandModule
    {
        [Command("mine")]
        [RequireOwner]
        public string Mine() => "owner ok";

        [Command("user-cd")]
        [Cooldown(2, 10)]
        public string UserCooldown()
        {
            ran.Count++;
            return "ran";
        }

        [Command("channel-cd")]
        [Cooldown(1, 5, CooldownScope.Channel, ErrorMessage = "Wait {remaining}s.")]
        public string ChannelCooldown() => "ran";

        [Command("global-cd")]
        [Cooldown(1, 5, CooldownScope.Global)]
        public string GlobalCooldown() => "ran";

        [Command("paint")]
        public string Paint(Colour colour, int times = 1) => $"{colour.R},{colour.G},{colour.B} x{times}";

        [Command("ordered")]
        [RunMode(CommandRunMode.Sequential)]
        public string Ordered() => "in order";
    }

    [RunMode(CommandRunMode.Sequential)]
    public sealed class SequentialModule : CommandModule
    {
        [Command("seq-a")]
        public string A() => "a";

        [Command("seq-b")]
        [RunMode(CommandRunMode.Concurrent)]
        public string B() => "b";
    }

    private sealed class Harness
    {
        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero));

        public Ran Ran { get; } = new();

        public HashSet<UserId> AllowList { get; } = [];

        public FakeChatalotClient Client { get; } = new();

        public CommandRouter Router { get; }

        public IServiceProvider Services { get; }

        public Harness(CommandRouterOptions? options = null)
        {
            Services = new ServiceCollection().AddSingleton(Ran).AddSingleton(AllowList).AddSingleton<TimeProvider>(Time).BuildServiceProvider();
            Router = new CommandRouter(options ?? new CommandRouterOptions { ArgumentParsers = [new ColourParser()] })
                .AddModule<ListedModule>().AddModule<MixedModule>().AddModule<SequentialModule>();
        }

        public async Task<CommandResult> RunAsync(string text, UserId? from = null, ChannelId? channel = null)
        {
            var message = FakeChatalotClient.Message(text, channel, from) with { IsDirect = true };
            return await Router.ExecuteAsync(new CommandContext(Client, message, Services, CancellationToken.None) { OwnerIds = [Owner] });
        }

        public string LastReply => Client.Sent.Last().Text;
    }

    [Fact]
    public async Task CustomPrecondition_OnModule_RefusesWithCustomMessage_AndAllowsListed()
    {
        var h = new Harness();
        var stranger = new UserId(Guid.NewGuid());
        var refused = await h.RunAsync("!listed", stranger);
        Assert.Equal(CommandStatus.PreconditionFailed, refused.Status);
        Assert.Equal("Members of the list only.", refused.Error);
        Assert.Equal("Members of the list only.", h.LastReply);
        Assert.Equal(0, h.Ran.Count);

        h.AllowList.Add(stranger);
        Assert.True((await h.RunAsync("!listed", stranger)).IsSuccess);
        Assert.Equal(1, h.Ran.Count);
    }

    [Fact]
    public async Task PreconditionFailure_ReplyCanBeTurnedOff()
    {
        var h = new Harness(new CommandRouterOptions { ReplyOnPreconditionFailure = false, ArgumentParsers = [new ColourParser()] });
        var result = await h.RunAsync("!listed");
        Assert.Equal(CommandStatus.PreconditionFailed, result.Status);
        Assert.Empty(h.Client.Sent);
    }

    [Fact]
    public async Task RequireOwner_ConfiguredOwnerPasses_OthersRefusedInDirectMessages()
    {
        var h = new Harness();
        Assert.True((await h.RunAsync("!mine", Owner)).IsSuccess);
        Assert.Equal("owner ok", h.LastReply);
        var refused = await h.RunAsync("!mine", new UserId(Guid.NewGuid()));
        Assert.Equal(CommandStatus.PreconditionFailed, refused.Status);
        Assert.Equal("Only the bot's owner can use this command.", h.LastReply);
    }

    [Fact]
    public async Task Cooldown_PerUser_AllowsUsesPerPeriod_ThenFreesUpAsTimePasses()
    {
        var h = new Harness();
        var alice = new UserId(Guid.NewGuid());
        var bob = new UserId(Guid.NewGuid());
        Assert.True((await h.RunAsync("!user-cd", alice)).IsSuccess);
        h.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.True((await h.RunAsync("!user-cd", alice)).IsSuccess);

        var third = await h.RunAsync("!user-cd", alice);
        Assert.Equal(CommandStatus.PreconditionFailed, third.Status);
        Assert.Equal("Slow down: try !user-cd again in 6s.", third.Error);
        Assert.True((await h.RunAsync("!user-cd", bob)).IsSuccess); // Bob has his own bucket.

        h.Time.Advance(TimeSpan.FromSeconds(6)); // The first use is 10 s old: one use is free again, not two.
        Assert.True((await h.RunAsync("!user-cd", alice)).IsSuccess);
        Assert.Equal(CommandStatus.PreconditionFailed, (await h.RunAsync("!user-cd", alice)).Status);
        Assert.Equal(4, h.Ran.Count);
    }

    [Fact]
    public async Task Cooldown_PerChannel_IsSharedByUsersOfTheChannel_WithCustomMessage()
    {
        var h = new Harness();
        var room = new ChannelId(Guid.NewGuid());
        Assert.True((await h.RunAsync("!channel-cd", channel: room)).IsSuccess);
        var refused = await h.RunAsync("!channel-cd", channel: room);
        Assert.Equal("Wait 5s.", refused.Error);
        Assert.True((await h.RunAsync("!channel-cd", channel: new ChannelId(Guid.NewGuid()))).IsSuccess);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True((await h.RunAsync("!channel-cd", channel: room)).IsSuccess);
    }

    [Fact]
    public async Task Cooldown_Global_IsSharedByEveryone()
    {
        var h = new Harness();
        Assert.True((await h.RunAsync("!global-cd")).IsSuccess);
        Assert.Equal(CommandStatus.PreconditionFailed, (await h.RunAsync("!global-cd", channel: new ChannelId(Guid.NewGuid()))).Status);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True((await h.RunAsync("!global-cd")).IsSuccess);
    }

    [Fact]
    public void Cooldown_InvalidSettings_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CooldownAttribute(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CooldownAttribute(1, 0));
    }

    [Fact]
    public async Task CustomParser_ParsesItsType_AndExplainsFailures()
    {
        var h = new Harness();
        Assert.True((await h.RunAsync("!paint red 2")).IsSuccess);
        Assert.Equal("255,0,0 x2", h.LastReply);
        Assert.True((await h.RunAsync("!paint #ff8800")).IsSuccess);
        Assert.Equal("255,136,0 x1", h.LastReply);

        var badHex = await h.RunAsync("!paint #12");
        Assert.Equal(CommandStatus.InvalidArguments, badHex.Status);
        Assert.Equal("'#12' is not valid for <colour>: a hex colour has six digits, e.g. #ff8800.", badHex.Error);
        var unknown = await h.RunAsync("!paint mauve");
        Assert.Equal("'mauve' is not valid for <colour>: expected a colour such as red or #ff8800.", unknown.Error);
        Assert.Contains("Usage: !paint <colour> [times]", h.LastReply, StringComparison.Ordinal);

        // Built-ins keep working next to it.
        Assert.Equal("'x' is not valid for <times>: expected a whole number.", (await h.RunAsync("!paint red x")).Error);
        Assert.Contains("colour: a colour such as red or #ff8800", h.Router.GetHelpText("paint"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomParser_WinsOverBuiltIn_ForItsType()
    {
        var h = new Harness(new CommandRouterOptions { ArgumentParsers = [new ColourParser(), new WordNumberParser()] });
        Assert.True((await h.RunAsync("!paint red three")).IsSuccess);
        Assert.Equal("255,0,0 x3", h.LastReply);
    }

    [Fact]
    public void UnregisteredType_StillFailsAtRegistration()
    {
        var router = new CommandRouter();
        Assert.Throws<InvalidOperationException>(() => router.AddModule<MixedModule>());
    }

    [Fact]
    public void RunMode_DefaultsToConcurrent_MethodWinsOverModule()
    {
        var h = new Harness();
        Assert.Equal(CommandRunMode.Concurrent, h.Router.Find("paint")!.RunMode);
        Assert.Equal(CommandRunMode.Sequential, h.Router.Find("ordered")!.RunMode);
        Assert.Equal(CommandRunMode.Sequential, h.Router.Find("seq-a")!.RunMode);
        Assert.Equal(CommandRunMode.Concurrent, h.Router.Find("seq-b")!.RunMode);
        Assert.IsType<RequireAllowListAttribute>(Assert.Single(h.Router.Find("listed")!.Preconditions));
    }
}
