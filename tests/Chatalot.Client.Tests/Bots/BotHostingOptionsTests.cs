using System.Net;
using System.Reflection;
using Chatalot.Client.Bots;
using Chatalot.Client.Commands;
using Chatalot.Client.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chatalot.Client.Tests.Bots;

/// <summary>Bot settings from configuration, several clients in one host, and the first connection's retries.</summary>
public class BotHostingOptionsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public sealed class EchoBot : ChatalotBot;

    public sealed class EchoModule : CommandModule
    {
        [Command("who")]
        public string Who() => $"I am {Context.Client.CurrentUserId}";
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void FromConfiguration_BindsEverySettingWithATextForm()
    {
        var section = Configuration(new()
        {
            ["Bot:ClientName"] = "alerts",
            ["Bot:IgnoreOwnMessages"] = "false",
            ["Bot:AutoAcceptInvites"] = "FromCommunityAdmins",
            ["Bot:MaxCommandAge"] = "00:10:00",
            ["Bot:MaxConcurrentCommands"] = "4",
            ["Bot:PublishCommands"] = "false",
            ["Bot:OwnerIds:0"] = "0193a5c0-0000-7000-8000-000000000001",
            ["Bot:OwnerIds:1"] = "0193a5c0-0000-7000-8000-000000000002",
            ["Bot:ShutdownTimeout"] = "00:00:03",
            ["Bot:Commands:Prefix"] = "?",
            ["Bot:Commands:CaseSensitive"] = "true",
            ["Bot:Commands:EnableHelp"] = "false",
            ["Bot:Commands:ReplyOnInvalidArguments"] = "false",
            ["Bot:Commands:ReplyOnUnknownCommand"] = "true",
            ["Bot:Commands:ReplyOnFailure"] = "false",
            ["Bot:Commands:ReplyOnPreconditionFailure"] = "false",
            ["Bot:StartupRetry:MaxRetries"] = "9",
            ["Bot:StartupRetry:InitialDelay"] = "00:00:02",
            ["Bot:StartupRetry:MaxDelay"] = "00:00:40",
        }).GetSection("Bot");

        var bound = ChatalotBotOptions.FromConfiguration(section);
        var defaults = new ChatalotBotOptions();
        AssertAllChanged(bound, defaults);
        Assert.Equal([Guid.Parse("0193a5c0-0000-7000-8000-000000000001"), Guid.Parse("0193a5c0-0000-7000-8000-000000000002")], bound.OwnerIds);
        AssertAllChanged(bound.Commands, defaults.Commands, nameof(CommandRouterOptions.ArgumentTypes), nameof(CommandRouterOptions.ArgumentParsers));
        AssertAllChanged(bound.StartupRetry, defaults.StartupRetry);
        bound.Validate();
    }

    [Fact]
    public void FromConfiguration_KeepsCodeOnlyDefaults_AndNamesABadKey()
    {
        var types = new ChatalotBotOptions { Commands = CommandRouterOptions.Default with { ArgumentTypes = [CommandArgumentType.For<int>("a number")] } };
        var bound = ChatalotBotOptions.FromConfiguration(Configuration(new() { ["B:Commands:Prefix"] = "$" }).GetSection("B"), types);
        Assert.Equal("$", bound.Commands.Prefix);
        Assert.Single(bound.Commands.ArgumentTypes);

        var error = Assert.Throws<FormatException>(() => ChatalotBotOptions.FromConfiguration(Configuration(new() { ["B:StartupRetry:MaxRetries"] = "many" }).GetSection("B")));
        Assert.Contains("StartupRetry:MaxRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupRetry_DoublesUpToItsCap_AndRefusesNegativeRetries()
    {
        var retry = new BotStartupRetry { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5) };
        Assert.Equal([1, 2, 4, 5, 5], Enumerable.Range(1, 5).Select(n => retry.DelayBefore(n).TotalSeconds));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatalotBotOptions { StartupRetry = new BotStartupRetry { MaxRetries = -1 } }.Validate());
    }

    [Fact]
    public void AddChatalotClient_Twice_WithoutAName_IsRefused_PointingToNamedClients()
    {
        var services = new ServiceCollection().AddChatalotClient(new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:1/") });
        var error = Assert.Throws<InvalidOperationException>(() => services.AddChatalotClient(new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:2/") }));
        Assert.Contains("AddChatalotClient(\"name\"", error.Message, StringComparison.Ordinal);

        services.AddChatalotClient("second", _ => new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:2/") });
        Assert.Throws<InvalidOperationException>(() => services.AddChatalotClient("second", _ => new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:3/") }));
    }

    [Fact]
    public async Task NamedClients_AreKeyedServices_WithTheirOwnOptions()
    {
        var configuration = Configuration(new() { ["Alerts:ServerUrl"] = "http://127.0.0.1:7002/", ["Alerts:DeviceName"] = "alerts device" });
        await using var provider = new ServiceCollection()
            .AddChatalotClient(new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:7001/") })
            .AddChatalotClient("alerts", configuration.GetSection("Alerts"))
            .AddChatalotClient("audit", _ => new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:7003/") })
            .BuildServiceProvider();

        var main = provider.GetRequiredService<IChatalotClient>();
        var alerts = provider.GetRequiredKeyedService<IChatalotClient>("alerts");
        var audit = provider.GetRequiredKeyedService<ChatalotClient>("audit");
        Assert.Equal(3, new HashSet<object>([main, alerts, audit], ReferenceEqualityComparer.Instance).Count);
        Assert.Same(alerts, provider.GetRequiredKeyedService<ChatalotClient>("alerts"));

        var monitor = provider.GetRequiredService<IOptionsMonitor<ChatalotClientOptions>>();
        Assert.Equal("alerts device", monitor.Get("alerts").DeviceName);
        Assert.Equal(7003, monitor.Get("audit").ServerUrl!.Port);
        Assert.Equal(7001, provider.GetRequiredService<IOptions<ChatalotClientOptions>>().Value.ServerUrl!.Port);
    }

    [Fact]
    public async Task NamedClient_WithInvalidOptions_FailsAtHostStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddChatalotClient("broken", _ => new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:1/"), PrekeyLowWatermark = 500 });
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("PrekeyLowWatermark", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoBots_OnTwoKeyedClients_EachAnswerOnTheirOwnClient()
    {
        var first = new FakeChatalotClient();
        var second = new FakeChatalotClient();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddKeyedSingleton<IChatalotClient>("first", first).AddKeyedSingleton<IChatalotClient>("second", second);
        builder.Services.AddChatalotBot<EchoBot>(new ChatalotBotOptions { ClientName = "first" }).AddCommands<EchoModule>();
        builder.Services.AddChatalotBot<EchoBot>(Configuration(new() { ["Bot:ClientName"] = "second", ["Bot:Commands:Prefix"] = "?" }).GetSection("Bot"))
            .AddCommands<EchoModule>();
        using var host = builder.Build();
        await host.StartAsync(CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => first.State == ConnectionState.Connected && second.State == ConnectionState.Connected, Timeout));

        first.Events.Publish(FakeChatalotClient.Message("!who"));
        second.Events.Publish(FakeChatalotClient.Message("?who"));
        // Commands run off the event queue: wait for the replies themselves.
        Assert.True(SpinWait.SpinUntil(() => !first.Sent.IsEmpty && !second.Sent.IsEmpty, Timeout));

        Assert.Equal($"I am {first.CurrentUserId}", Assert.Single(first.Sent).Text);
        Assert.Equal($"I am {second.CurrentUserId}", Assert.Single(second.Sent).Text);
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Bot_OnAnUnregisteredClientName_FailsAtHostStart_NamingIt()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddChatalotBot<EchoBot>(new ChatalotBotOptions { ClientName = "nowhere" });
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("'nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstConnect_RetriesTransientFailures_WithBackOff_ThenConnects()
    {
        var time = new ObservedTimeProvider();
        var client = new FakeChatalotClient();
        client.ConnectFailures.Enqueue(new ChatalotConnectionException("unreachable", "down"));
        client.ConnectFailures.Enqueue(new ChatalotApiException("unavailable", HttpStatusCode.ServiceUnavailable, "busy"));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(time).AddSingleton<IChatalotClient>(client);
        builder.Services.AddChatalotBot<EchoBot>(new ChatalotBotOptions { StartupRetry = new BotStartupRetry { MaxRetries = 3, InitialDelay = TimeSpan.FromSeconds(2) } });
        using var host = builder.Build();
        await host.StartAsync(CancellationToken.None);

        time.WaitForTimers(1);
        Assert.Equal(1, client.ConnectCalls);
        time.Fake.Advance(TimeSpan.FromSeconds(2));
        time.WaitForTimers(2);
        Assert.Equal(2, client.ConnectCalls);
        time.Fake.Advance(TimeSpan.FromSeconds(3.9)); // the second retry waits 4 s: not yet
        Assert.Equal(2, client.ConnectCalls);
        time.Fake.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(SpinWait.SpinUntil(() => client.State == ConnectionState.Connected, Timeout));
        Assert.Equal(3, client.ConnectCalls);
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task FirstConnect_RefusedCredentials_AreNotRetried_AndTheHostStops()
    {
        var client = new FakeChatalotClient();
        client.ConnectFailures.Enqueue(new ChatalotApiException("invalid_credentials", HttpStatusCode.Unauthorized, "wrong password"));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IChatalotClient>(client);
        builder.Services.AddChatalotBot<EchoBot>();
        using var host = builder.Build();
        var stopped = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await host.StartAsync(CancellationToken.None);

        try
        {
            Assert.True(stopped.WaitHandle.WaitOne(Timeout));
            Assert.Equal(1, client.ConnectCalls);
            Assert.Equal(69, Environment.ExitCode);
            await host.StopAsync(CancellationToken.None);
        }
        finally
        {
            Environment.ExitCode = 0; // the bot host sets the process's exit code: not the test runner's
        }
    }

    private static void AssertAllChanged<T>(T bound, T defaults, params string[] except)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && !except.Contains(p.Name)))
        {
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                continue; // nested options, checked on their own
            }

            Assert.True(!Equals(property.GetValue(bound), property.GetValue(defaults)), $"{typeof(T).Name}.{property.Name} did not bind");
        }
    }
}
