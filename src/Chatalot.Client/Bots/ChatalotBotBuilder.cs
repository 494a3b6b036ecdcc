using System.Diagnostics.CodeAnalysis;
using Chatalot.Client.Bots.Internal;
using Chatalot.Client.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Chatalot.Client.Bots;

/// <summary>Configures a hosted bot: its command modules, middlewares and DI-scoped event handlers.</summary>
public sealed class ChatalotBotBuilder
{
    private readonly BotRegistrations _registrations;

    internal ChatalotBotBuilder(IServiceCollection services, BotRegistrations registrations)
    {
        Services = services;
        _registrations = registrations;
    }

    /// <summary>The service collection the bot is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers the commands of <typeparamref name="TModule"/>; the module is created per command from its DI scope.</summary>
    /// <typeparam name="TModule">The module type.</typeparam>
    /// <returns>This builder.</returns>
    public ChatalotBotBuilder AddCommands<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods)] TModule>()
        where TModule : CommandModule
    {
        _registrations.Router.Add(router => router.AddModule<TModule>());
        return this;
    }

    /// <summary>Adds a middleware to the command pipeline; it is resolved from (or created in) each command's scope.</summary>
    /// <typeparam name="TMiddleware">The middleware type.</typeparam>
    /// <returns>This builder.</returns>
    public ChatalotBotBuilder UseMiddleware<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TMiddleware>()
        where TMiddleware : class, ICommandMiddleware
    {
        _registrations.Router.Add(router => router.Use<TMiddleware>());
        return this;
    }

    /// <summary>Adds an inline middleware to the command pipeline.</summary>
    /// <param name="middleware">Receives the context and the rest of the pipeline.</param>
    /// <returns>This builder.</returns>
    public ChatalotBotBuilder Use(Func<CommandContext, CommandDelegate, ValueTask> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _registrations.Router.Add(router => router.Use(middleware));
        return this;
    }

    /// <summary>
    /// Registers a parser for command arguments of its type (a type reader), resolved from DI when the bot starts (so it
    /// may take singleton dependencies). It wins over a built-in parser for the same type.
    /// </summary>
    /// <typeparam name="TParser">The parser type.</typeparam>
    /// <returns>This builder.</returns>
    public ChatalotBotBuilder AddArgumentParser<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TParser>()
        where TParser : class, ICommandArgumentParser
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandArgumentParser, TParser>());
        return this;
    }

    /// <summary>Registers a scoped handler for <typeparamref name="TEvent"/>, resolved from a fresh scope per event.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <returns>This builder.</returns>
    public ChatalotBotBuilder AddEventHandler<TEvent, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
        where TEvent : ChatalotEvent
        where THandler : class, IChatalotEventHandler<TEvent>
    {
        Services.AddScoped<IChatalotEventHandler<TEvent>, THandler>();
        if (_registrations.HandledEventTypes.Add(typeof(TEvent)))
        {
            _registrations.EventSubscriptions.Add(ScopedEventHandlerSubscription.Create<TEvent>);
        }

        return this;
    }

    internal static ChatalotBotBuilder Create<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TBot>(IServiceCollection services, ChatalotBotOptions options)
        where TBot : ChatalotBot
    {
        options.Validate();
        var registrations = new BotRegistrations(options);
        services.TryAddScoped<TBot>();
        // Each bot gets its own registrations and its client (the unnamed one, or the keyed one it names), so that one
        // host can run several bots on several accounts; AddSingleton, not AddHostedService, which would keep only the
        // first bot of a type.
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(sp =>
        {
            var client = options.ClientName is { } name
                ? sp.GetKeyedService<IChatalotClient>(name) ?? throw new InvalidOperationException($"The bot {typeof(TBot).Name} runs on the client '{name}', which is not registered: add it with AddChatalotClient(\"{name}\", …).")
                : sp.GetService<IChatalotClient>() ?? throw new InvalidOperationException($"The bot {typeof(TBot).Name} needs a client: add one with AddChatalotClient(…).");
            return ActivatorUtilities.CreateInstance<ChatalotBotService<TBot>>(sp, client, registrations);
        });
        return new ChatalotBotBuilder(services, registrations);
    }
}
