using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatalot.Client.Tests;

/// <summary>The options pattern: every setting that has a text form binds from configuration, and bad ones fail at start.</summary>
public class ClientOptionsBindingTests
{
    /// <summary>Settings that are objects or bytes, not text: set in code only (documented on the properties).</summary>
    private static readonly string[] CodeOnly = [nameof(ChatalotClientOptions.DeviceStore), nameof(ChatalotClientOptions.StoreKey), nameof(ChatalotClientOptions.PersistSession)];

    private static readonly Dictionary<string, string?> EverySetting = new()
    {
        ["Chatalot:ServerUrl"] = "http://127.0.0.1:5999/",
        ["Chatalot:Username"] = "bot",
        ["Chatalot:Password"] = "a-password-1",
        ["Chatalot:RegisterIfMissing"] = "true",
        ["Chatalot:RegistrationInviteCode"] = "INVITE123456",
        ["Chatalot:RecoveryKey"] = "ABCD EFGH",
        ["Chatalot:DeviceName"] = "bound device",
        ["Chatalot:StorePath"] = "bot.store",
        ["Chatalot:StorePassphrase"] = "a long passphrase",
        ["Chatalot:IdentityChangePolicy"] = "TrustNewKeys",
        ["Chatalot:OneTimePrekeyCount"] = "77",
        ["Chatalot:PrekeyLowWatermark"] = "7",
        ["Chatalot:SignedPrekeyRotation"] = "3.00:00:00",
        ["Chatalot:RequestTimeout"] = "00:00:12",
        ["Chatalot:MaxRateLimitRetries"] = "5",
        ["Chatalot:Reconnect:InitialDelay"] = "00:00:02",
        ["Chatalot:Reconnect:MaxDelay"] = "00:00:09",
        ["Chatalot:Reconnect:Multiplier"] = "3",
        ["Chatalot:Reconnect:JitterFraction"] = "0.1",
        ["Chatalot:Reconnect:MaxAttempts"] = "4",
        ["Chatalot:Reconnect:ResetAfter"] = "00:01:00",
        ["Chatalot:Events:SlowHandlerThreshold"] = "00:00:07",
        ["Chatalot:Events:BacklogWarningThreshold"] = "123",
        ["Chatalot:KeyRecovery:RequestAfter"] = "00:00:03",
        ["Chatalot:KeyRecovery:ReportAfter"] = "00:00:20",
        ["Chatalot:KeyRecovery:HoldFor"] = "02:00:00",
        ["Chatalot:KeyRecovery:MaxHeld"] = "99",
        ["Chatalot:Search:Enabled"] = "false",
        ["Chatalot:Search:MaxMessages"] = "1234",
        ["Chatalot:Attachments:UploadChunkSize"] = "1048576",
        ["Chatalot:Attachments:MaxRetries"] = "9",
        ["Chatalot:Attachments:RetryDelay"] = "00:00:01",
        ["Chatalot:Attachments:MaxRetryDelay"] = "00:00:30",
        ["Chatalot:Attachments:SendChunkChecksums"] = "true",
        ["Chatalot:Attachments:DownloadStallTimeout"] = "00:01:00",
        ["Chatalot:Directory:MaxUsers"] = "321",
        ["Chatalot:Directory:MaxChannels"] = "123",
        ["Chatalot:Directory:EntryLifetime"] = "00:05:00",
        ["Chatalot:Directory:CommunityPrefetchLimit"] = "50",
    };

    [Fact]
    public void FromConfiguration_BindsEverySettingWithATextForm_NestedOnesIncluded()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(EverySetting).Build().GetSection("Chatalot");
        var bound = ChatalotClientOptions.FromConfiguration(section);
        var defaults = new ChatalotClientOptions();

        // BotToken excludes Username/Password, so it is bound in a test of its own (below).
        AssertAllChanged(bound, defaults, [.. CodeOnly, nameof(ChatalotClientOptions.BotToken)]);
        AssertAllChanged(bound.Reconnect, defaults.Reconnect, []);
        AssertAllChanged(bound.Events, defaults.Events, []);
        AssertAllChanged(bound.KeyRecovery, defaults.KeyRecovery, []);
        AssertAllChanged(bound.Search, defaults.Search, []);
        AssertAllChanged(bound.Attachments, defaults.Attachments, []);
        AssertAllChanged(bound.Directory, defaults.Directory, []);
        bound.Validate();
    }

    [Fact]
    public void FromConfiguration_BindsABotToken_WithAStorePassphraseOfItsOwn_AndRedactsIt()
    {
        const string token = "cbt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var settings = new Dictionary<string, string?>
        {
            ["Chatalot:ServerUrl"] = "http://127.0.0.1:5999/",
            ["Chatalot:BotToken"] = token,
            ["Chatalot:StorePath"] = "bot.store",
            ["Chatalot:StorePassphrase"] = "a long passphrase",
        };
        var bound = ChatalotClientOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Chatalot"));
        Assert.Equal(token, bound.BotToken);
        bound.Validate();
        Assert.DoesNotContain(token, bound.ToString(), StringComparison.Ordinal);

        // A token and a password together: Validate says they exclude each other; so do a token and RegisterIfMissing.
        var both = Assert.Throws<ArgumentException>(() => (bound with { Username = "bot", Password = "a-password-1" }).Validate());
        Assert.Equal(nameof(ChatalotClientOptions.BotToken), both.ParamName);
        Assert.Contains("not both", both.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(ChatalotClientOptions.RegisterIfMissing), Assert.Throws<ArgumentException>(() => (bound with { RegisterIfMissing = true }).Validate()).ParamName);
        Assert.Equal(nameof(ChatalotClientOptions.StorePath), Assert.Throws<ArgumentException>(() => (bound with { StorePassphrase = null }).Validate()).ParamName);
    }

    [Fact]
    public void FromConfiguration_KeepsTheDefaultsOfWhatTheSectionDoesNotSet()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["C:DeviceName"] = "x" }).Build().GetSection("C");
        var defaults = new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:1/"), RequestTimeout = TimeSpan.FromSeconds(3) };
        var bound = ChatalotClientOptions.FromConfiguration(section, defaults);
        Assert.Equal("x", bound.DeviceName);
        Assert.Equal(defaults.ServerUrl, bound.ServerUrl);
        Assert.Equal(TimeSpan.FromSeconds(3), bound.RequestTimeout);
    }

    [Fact]
    public async Task AddChatalotClient_FromConfiguration_IsIOptions_AndAnInvalidSettingFailsAtHostStart()
    {
        var bad = new Dictionary<string, string?>(EverySetting) { ["Chatalot:PrekeyLowWatermark"] = "500" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(bad).Build();
        using var host = new Microsoft.Extensions.Hosting.HostBuilder()
            .ConfigureServices((_, services) => services.AddChatalotClient(configuration.GetSection("Chatalot")))
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("PrekeyLowWatermark", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddChatalotClient_FromConfiguration_ResolvesTheBoundOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(EverySetting).Build();
        await using var provider = new ServiceCollection().AddChatalotClient(configuration.GetSection("Chatalot")).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ChatalotClientOptions>>().Value;
        Assert.Equal("bound device", options.DeviceName);
        Assert.Equal(TimeSpan.FromSeconds(20), options.KeyRecovery.ReportAfter);
        Assert.Same(provider.GetRequiredService<ChatalotClient>(), provider.GetRequiredService<IChatalotClient>());
    }

    private static void AssertAllChanged<T>(T bound, T defaults, string[] except)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && !except.Contains(p.Name)))
        {
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && property.PropertyType != typeof(Uri))
            {
                continue; // nested options, checked on their own
            }

            Assert.True(!Equals(property.GetValue(bound), property.GetValue(defaults)), $"{typeof(T).Name}.{property.Name} was not bound from configuration");
        }
    }
}
