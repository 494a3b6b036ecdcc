using System.Security.Cryptography;
using System.Text;
using Chatalot.Server.Hosting.Voice.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Server.Hosting.Tests.Voice;

public class VoiceOptionsTests
{
    private const string Secret = "north-wind-secret";

    [Fact]
    public void Mint_FollowsTheTurnRestScheme()
    {
        var user = Guid.Parse("0192f0c4-8b7e-7a00-9c1d-3e2f4a5b6c7d");
        var (username, credential) = TurnCredentials.Mint(Secret, user, DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

        Assert.Equal("1800000000:0192f0c4-8b7e-7a00-9c1d-3e2f4a5b6c7d", username);
#pragma warning disable CA5350 // The scheme's own hash (coturn's use-auth-secret).
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350
        Assert.Equal(expected, credential);
    }

    [Fact]
    public void IceServers_CarryStunAndFreshTurnCredentials_ThatExpireAfterTheLifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_500));
        var options = Options.Create(new ChatalotServerOptions
        {
            Voice = new ChatalotVoiceOptions { StunUrls = ["stun:stun.example:3478"], TurnUrls = ["turn:turn.example:3478", "turns:turn.example:443?transport=tcp"], TurnSecret = Secret, TurnCredentialLifetime = TimeSpan.FromMinutes(30) },
        });
        var user = Guid.CreateVersion7();
        var config = new IceServerService(options, time).Get(user);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000 + 1800), config.ExpiresAt);
        Assert.Equal(2, config.IceServers.Count);
        Assert.Equal((null, null), (config.IceServers[0].Username, config.IceServers[0].Credential));
        Assert.Equal(TurnCredentials.Mint(Secret, user, config.ExpiresAt), (config.IceServers[1].Username!, config.IceServers[1].Credential!));
        Assert.DoesNotContain(config.IceServers[1].Credential!, config.IceServers[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void IceServers_WithNothingConfigured_AreEmpty()
    {
        var config = new IceServerService(Options.Create(new ChatalotServerOptions()), TimeProvider.System).Get(Guid.CreateVersion7());
        Assert.Empty(config.IceServers);
    }

    [Fact]
    public void SecretFile_IsReadAndTrimmed()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Secret + "\n");
            var options = Options.Create(new ChatalotServerOptions { Voice = new ChatalotVoiceOptions { TurnUrls = ["turn:t:3478"], TurnSecretFile = file } });
            var user = Guid.CreateVersion7();
            var config = new IceServerService(options, TimeProvider.System).Get(user);
            Assert.Equal(TurnCredentials.Mint(Secret, user, config.ExpiresAt).Credential, config.IceServers[0].Credential);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Voice_BindsFromConfiguration_AndNeverPrintsTheSecret()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chatalot:Voice:StunUrls:0"] = "stun:stun.example:3478",
            ["Chatalot:Voice:TurnUrls:0"] = "turn:turn.example:3478",
            ["Chatalot:Voice:TurnSecret"] = Secret,
            ["Chatalot:Voice:TurnCredentialLifetime"] = "02:00:00",
            ["Chatalot:Voice:DisconnectGrace"] = "00:00:10",
        }).Build();
        using var provider = new ServiceCollection().AddChatalotServer(configuration).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ChatalotServerOptions>>().Value;

        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromSeconds(10), Secret), (options.Voice.TurnCredentialLifetime, options.Voice.DisconnectGrace, options.Voice.TurnSecret));
        Assert.Equal(["turn:turn.example:3478"], options.Voice.TurnUrls);
        Assert.DoesNotContain(Secret, options.Voice.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("turn:turn.example:3478", options.Voice.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<ChatalotVoiceOptions> Invalid => new()
    {
        new ChatalotVoiceOptions { TurnUrls = ["turn:t:3478"] },
        new ChatalotVoiceOptions { TurnUrls = ["https://t"], TurnSecret = Secret },
        new ChatalotVoiceOptions { StunUrls = ["turn:t:3478"] },
        new ChatalotVoiceOptions { TurnUrls = ["turn:t:3478"], TurnSecret = Secret, TurnSecretFile = "/etc/hostname" },
        new ChatalotVoiceOptions { TurnUrls = ["turn:t:3478"], TurnSecretFile = "/nonexistent/turn-secret" },
        new ChatalotVoiceOptions { TurnCredentialLifetime = TimeSpan.FromHours(25) },
        new ChatalotVoiceOptions { TurnCredentialLifetime = TimeSpan.FromSeconds(30) },
        new ChatalotVoiceOptions { DisconnectGrace = TimeSpan.Zero },
        new ChatalotVoiceOptions { DisconnectGrace = TimeSpan.FromMinutes(6) },
        new ChatalotVoiceOptions { MaxParticipants = 26 },
        new ChatalotVoiceOptions { MaxParticipants = 1 },
        new ChatalotVoiceOptions { MaxVideoParticipants = 9 },
        new ChatalotVoiceOptions { MaxVideoParticipants = 0 },
        new ChatalotVoiceOptions { MaxParticipants = 3, MaxVideoParticipants = 4 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_RefusesInvalidSettings(ChatalotVoiceOptions voice) =>
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Voice = voice }));

    [Fact]
    public void DisconnectGrace_NeverOutlastsTheHeartbeatInterval()
    {
        var voice = new ChatalotVoiceOptions();
        Assert.Equal(TimeSpan.FromSeconds(15), voice.EffectiveDisconnectGrace(new ChatalotGatewayOptions()));
        Assert.Equal(TimeSpan.FromSeconds(5), voice.EffectiveDisconnectGrace(new ChatalotGatewayOptions { HeartbeatInterval = TimeSpan.FromSeconds(5) }));
        new ServiceCollection().AddChatalotServer(configure: o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromMilliseconds(200) } });
    }
}
