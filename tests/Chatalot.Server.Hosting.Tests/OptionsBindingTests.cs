using Chatalot.Protocol.Accounts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Tests;

public class OptionsBindingTests
{
    [Fact]
    public void AddChatalotServer_BindsNestedSettingsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chatalot:DataDirectory"] = "/tmp/chatalot-binding",
            ["Chatalot:RegistrationMode"] = "Open",
            ["Chatalot:Database:Provider"] = "PostgreSql",
            ["Chatalot:Database:ConnectionString"] = "Host=db;Database=chatalot",
            ["Chatalot:Database:SqliteSynchronous"] = "Normal",
            ["Chatalot:Auth:Argon2MemoryKib"] = "65536",
            ["Chatalot:Auth:AccessTokenLifetime"] = "00:05:00",
            ["Chatalot:Gateway:ResumeWindow"] = "00:10:00",
            ["Chatalot:RateLimits:Enabled"] = "false",
            ["Chatalot:Attachments:MaxAttachmentBytes"] = "1048576",
            ["Chatalot:Attachments:UserQuotaBytes"] = "2048",
            ["Chatalot:Attachments:CommunityQuotaBytes"] = "",
            ["Chatalot:Attachments:OrphanGracePeriod"] = "02:00:00",
            ["Chatalot:Attachments:Store"] = "PostgreSql",
            ["Chatalot:Profiles:AvatarMaxBytes"] = "1048576",
            ["Chatalot:Profiles:EmojiPerCommunity"] = "10",
        }).Build();

        using var provider = new ServiceCollection().AddLogging().AddChatalotServer(configuration).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ChatalotServerOptions>>().Value;

        Assert.Equal("/tmp/chatalot-binding", options.DataDirectory);
        Assert.Equal(RegistrationMode.Open, options.RegistrationMode);
        Assert.Equal(ChatalotDatabaseProvider.PostgreSql, options.Database.Provider);
        Assert.Equal(ChatalotSqliteSynchronous.Normal, options.Database.SqliteSynchronous);
        Assert.Equal(65536, options.Auth.Argon2MemoryKib);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Auth.AccessTokenLifetime);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Gateway.ResumeWindow);
        Assert.False(options.RateLimits.Enabled);
        Assert.Equal(1048576, options.Attachments.MaxAttachmentBytes);
        Assert.Equal(2048, options.Attachments.UserQuotaBytes);
        Assert.Null(options.Attachments.CommunityQuotaBytes);
        Assert.Equal(TimeSpan.FromHours(2), options.Attachments.OrphanGracePeriod);
        Assert.Equal(ChatalotAttachmentStore.PostgreSql, options.Attachments.Store);
        Assert.Equal((1048576, 10), (options.Profiles.AvatarMaxBytes, options.Profiles.EmojiPerCommunity));
        Assert.DoesNotContain("Host=db", options.Database.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddChatalotServer_InvalidSettings_FailAtStartup()
    {
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Database = new ChatalotDatabaseOptions { Provider = ChatalotDatabaseProvider.PostgreSql } }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Auth = o.Auth with { Argon2MemoryKib = 1024 } }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Gateway = o.Gateway with { OutboundQueueSize = 0 } }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { DataDirectory = " " }));
        var postgresStoreOnSqlite = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Attachments = o.Attachments with { Store = ChatalotAttachmentStore.PostgreSql } }));
        Assert.Contains("PostgreSql", postgresStoreOnSqlite.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Attachments = o.Attachments with { OrphanGracePeriod = TimeSpan.Zero } }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Attachments = o.Attachments with { UserQuotaBytes = -1 } }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Attachments = o.Attachments with { MaxAttachmentBytes = 0 } }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Profiles = o.Profiles with { AvatarMaxBytes = 0 } }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Gifs = o.Gifs with { Provider = ChatalotGifProvider.Tenor } }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { Gifs = o.Gifs with { MediaHosts = ["http://[bad"] } }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { LinkPreviews = o.LinkPreviews with { AllowedNetworks = ["not-a-network"] } }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddChatalotServer(configure: o => o with { LinkPreviews = o.LinkPreviews with { Timeout = TimeSpan.Zero } }));
    }
}
