using Chatalot.Protocol.Accounts;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Admin.Internal;

/// <summary>
/// At every start while the instance is unclaimed, stores the hash of a fresh setup code (or of the preset
/// <see cref="ChatalotServerOptions.SetupCode"/>) and prints the code once, at Warning level, so the hoster sees it on
/// the console. Registered after <see cref="DatabaseInitializer"/>, so the schema exists.
/// </summary>
internal sealed partial class SetupCodeAnnouncer(
    IServiceScopeFactory scopes,
    IOptions<ChatalotServerOptions> options,
    ILogger<SetupCodeAnnouncer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        if (await db.Users.AnyAsync(u => u.Role == (int)InstanceRole.Owner, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var preset = options.Value.SetupCode;
        var code = preset ?? SetupCodes.Generate();
        await db.ServerSettings.Where(s => s.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SetupCodeHash, SetupCodes.Hash(code)), cancellationToken).ConfigureAwait(false);
        if (preset is null)
        {
            LogSetupCode(logger, code);
        }
        else
        {
            LogPresetSetupCode(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The one place a secret is logged, on purpose: it is how the hoster receives it. It is void after the claim and
    // replaced at the next start, and it never appears in a request or response log.
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message =
        "\n==================================================================\n" +
        " Chatalot setup code: {SetupCode} — register the owner account with it\n" +
        " (the web app shows a \"Claim this server\" form; a new code is printed at every start until then)\n" +
        "==================================================================")]
    private static partial void LogSetupCode(ILogger logger, string setupCode);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message =
        "Chatalot is not claimed yet: register the owner account with the setup code from Chatalot:SetupCode")]
    private static partial void LogPresetSetupCode(ILogger logger);
}
