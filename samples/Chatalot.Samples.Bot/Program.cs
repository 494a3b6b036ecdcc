using Chatalot.Client;
using Chatalot.Samples.Bot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Configuration comes from appsettings.json, then environment variables (CHATALOT__BOTTOKEN,
// CHATALOT__STOREPASSPHRASE, CHATALOT__SERVERURL, ...), then the command line (--Chatalot:BotToken=...).
// A bot token (from a community's Bots settings) is the usual way in; a user name and password
// (CHATALOT__PASSWORD, with RegisterIfMissing) still work for an ordinary account.
// The content root is the app's folder, so appsettings.json is found wherever the bot is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddChatalotClient(builder.Configuration.GetSection("Chatalot"), options => options with
{
    // A bot runs unattended: accept contacts' new identity keys (the change is still raised as an IdentityChanged event).
    IdentityChangePolicy = IdentityChangePolicy.TrustNewKeys,

    // With a bot token and no password, the user name and RegisterIfMissing of appsettings.json do not apply (a bot
    // signs in with its token only); a token and a password together still fail validation, which says why.
    Username = options.BotToken is not null && options.Password is null ? null : options.Username,
    RegisterIfMissing = options.RegisterIfMissing && (options.BotToken is null || options.Password is not null),
});

// Bot settings (prefix, startup retries, ...) from the "Bot" section: Bot__Commands__Prefix=?, Bot__StartupRetry__MaxRetries=0.
builder.Services.AddChatalotBot<SampleBot>(builder.Configuration.GetSection("Bot"), SampleBotOptions.Create())
    .AddCommands<FunCommands>()
    .AddCommands<VoiceCommands>()
    .UseMiddleware<CommandLogging>();

await builder.Build().RunAsync();
