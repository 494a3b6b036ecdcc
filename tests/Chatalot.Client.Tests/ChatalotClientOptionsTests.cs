using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.Client.Tests;

public class ChatalotClientOptionsTests
{
    [Fact]
    public void Validate_MissingServerUrl_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ChatalotClientOptions().Validate());
    }

    [Fact]
    public void Validate_NonHttpScheme_Throws()
    {
        var options = new ChatalotClientOptions { ServerUrl = new Uri("ftp://example.invalid/") };
        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void Validate_HttpUrl_Passes()
    {
        new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:5080/") }.Validate();
    }

    [Fact]
    public void Validate_StoreWithoutSecret_Throws() =>
        Assert.Throws<ArgumentException>(() => new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1/"), StorePath = "x.db" }.Validate());

    [Fact]
    public void Validate_ShortPassphraseOrWrongKeySize_FailsBeforeConnecting()
    {
        var url = new Uri("http://127.0.0.1/");
        var passphrase = Assert.Throws<ArgumentException>(() => new ChatalotClientOptions { ServerUrl = url, StorePath = "x.db", StorePassphrase = "short" }.Validate());
        Assert.Equal(nameof(ChatalotClientOptions.StorePassphrase), passphrase.ParamName);
        var key = Assert.Throws<ArgumentException>(() => new ChatalotClientOptions { ServerUrl = url, StorePath = "x.db", StoreKey = new byte[16] }.Validate());
        Assert.Equal(nameof(ChatalotClientOptions.StoreKey), key.ParamName);
        new ChatalotClientOptions { ServerUrl = url, StorePath = "x.db", StoreKey = new byte[32] }.Validate();
    }

    [Fact]
    public void ToString_NeverPrintsSecrets()
    {
        var options = new ChatalotClientOptions
        {
            ServerUrl = new Uri("http://127.0.0.1/"),
            Username = "bot",
            Password = "hunter2-password",
            StorePath = "bot.db",
            StorePassphrase = "store-passphrase-secret",
            RegistrationInviteCode = "invite-code-secret",
        };
        var text = options.ToString();
        Assert.Contains("bot", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("store-passphrase-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("invite-code-secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_ReadsKeysNamedLikeProperties()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chatalot:ServerUrl"] = "http://127.0.0.1:5080/",
            ["Chatalot:Username"] = "bot",
            ["Chatalot:Password"] = "secret password",
            ["Chatalot:RegisterIfMissing"] = "true",
            ["Chatalot:StorePath"] = "bot.db",
            ["Chatalot:StorePassphrase"] = "another secret",
            ["Chatalot:RequestTimeout"] = "00:00:10",
        }).Build();

        var options = ChatalotClientOptions.FromConfiguration(configuration.GetSection("Chatalot"));
        options.Validate();
        Assert.Equal(new Uri("http://127.0.0.1:5080/"), options.ServerUrl);
        Assert.True(options.RegisterIfMissing);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
        Assert.Equal("bot.db", options.StorePath);
    }

    [Fact]
    public async Task AddChatalotClient_RegistersOneClientUnderBothTypes()
    {
        var services = new ServiceCollection().AddLogging()
            .AddChatalotClient(new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:5080/") });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ChatalotClient>();
        Assert.Same(client, provider.GetRequiredService<IChatalotClient>());
        Assert.Equal(ConnectionState.Disconnected, client.State);
        var error = await Assert.ThrowsAsync<ChatalotClientException>(async () => await client.SendAsync(new UserId(Guid.NewGuid()), "x"));
        Assert.Equal(ClientErrorCodes.NotConnected, error.Code);
    }
}
