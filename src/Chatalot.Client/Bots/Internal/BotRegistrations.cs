using System.Diagnostics.Metrics;
using Chatalot.Client.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Bots.Internal;

/// <summary>What <see cref="ChatalotBotBuilder"/> collected; turned into a router and subscriptions when the bot starts.</summary>
internal sealed class BotRegistrations(ChatalotBotOptions options)
{
    public ChatalotBotOptions Options { get; } = options;

    public List<Action<CommandRouter>> Router { get; } = [];

    public HashSet<Type> HandledEventTypes { get; } = [];

    public List<Func<EventHub, IServiceScopeFactory, ILogger, CancellationToken, IDisposable>> EventSubscriptions { get; } = [];

    public CommandRouter BuildRouter(ILogger<CommandRouter> logger, IMeterFactory? meterFactory, IEnumerable<ICommandArgumentParser> parsers)
    {
        var options = Options.Commands;
        var fromServices = parsers.ToList();
        if (fromServices.Count > 0)
        {
            options = options with { ArgumentParsers = [.. options.ArgumentParsers, .. fromServices] };
        }

        var router = new CommandRouter(options, logger, meterFactory);
        foreach (var configure in Router)
        {
            configure(router);
        }

        return router;
    }
}
