using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text;
using Chatalot.Client.Commands.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.Client.Commands;

/// <summary>
/// Routes prefix commands (<c>!roll 2d6</c>) to <see cref="CommandModule"/> methods through a middleware pipeline.
/// </summary>
/// <remarks>
/// Supported argument types: <see cref="string"/>, <see cref="int"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="decimal"/>, <see cref="bool"/> (yes/no/true/false/on/off), enums (by name), <see cref="TimeSpan"/>
/// (<c>90s</c>, <c>1h30m</c>, <c>00:05:00</c>), <see cref="Guid"/>, <see cref="UserId"/>,
/// <see cref="ChannelId"/>, their nullable forms, any type registered in <see cref="CommandRouterOptions.ArgumentTypes"/>,
/// and a last <c>[Remainder] string</c>. Parameters with default values
/// are optional. Unsupported signatures fail at registration, not when a user types the command.
/// </remarks>
public sealed partial class CommandRouter
{
    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly Counter<long>? _executed;
    private ImmutableDictionary<string, CommandDescriptor> _byName;
    private ImmutableArray<CommandDescriptor> _commands = [];
    private ImmutableArray<Func<CommandDelegate, CommandDelegate>> _middlewares = [];

    /// <summary>Creates a router with no commands.</summary>
    /// <param name="options">Settings; <see cref="CommandRouterOptions.Default"/> when null.</param>
    /// <param name="logger">Receives command failures.</param>
    /// <param name="meterFactory">When given, commands are counted on <c>chatalot.client.commands.executed</c> (meter <c>Chatalot.Client</c>), tagged with their status.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public CommandRouter(CommandRouterOptions? options = null, ILogger<CommandRouter>? logger = null, IMeterFactory? meterFactory = null)
    {
        _executed = meterFactory?.Create("Chatalot.Client").CreateCounter<long>("chatalot.client.commands.executed", "{command}", "Bot commands handled, by status.");
        Options = options ?? CommandRouterOptions.Default;
        Options.Validate();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _byName = ImmutableDictionary.Create<string, CommandDescriptor>(Options.CaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The router's settings.</summary>
    public CommandRouterOptions Options { get; }

    /// <summary>The registered commands, in registration order.</summary>
    public IReadOnlyList<CommandDescriptor> Commands => _commands;

    /// <summary>Registers every <see cref="CommandAttribute"/> method of <typeparamref name="TModule"/>.</summary>
    /// <typeparam name="TModule">The module type.</typeparam>
    /// <returns>This router.</returns>
    /// <exception cref="InvalidOperationException">A command has an unsupported signature, or its name is taken.</exception>
    public CommandRouter AddModule<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods)] TModule>()
        where TModule : CommandModule => AddModule(typeof(TModule));

    /// <summary>Registers every <see cref="CommandAttribute"/> method of <paramref name="moduleType"/>.</summary>
    /// <param name="moduleType">A non-abstract <see cref="CommandModule"/> type.</param>
    /// <returns>This router.</returns>
    /// <exception cref="ArgumentException"><paramref name="moduleType"/> is not a command module.</exception>
    /// <exception cref="InvalidOperationException">A command has an unsupported signature, or its name is taken.</exception>
    public CommandRouter AddModule(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods)] Type moduleType)
    {
        ArgumentNullException.ThrowIfNull(moduleType);
        var discovered = CommandBinder.Discover(moduleType, Options.ArgumentTypes, Options.ArgumentParsers).ToList();
        lock (_lock)
        {
            var byName = _byName;
            foreach (var command in discovered)
            {
                foreach (var name in command.Aliases.Prepend(command.Name))
                {
                    if (byName.ContainsKey(name) || (Options.EnableHelp && byName.KeyComparer.Equals(name, "help")))
                    {
                        throw new InvalidOperationException($"The command name '{name}' is already registered.");
                    }

                    byName = byName.Add(name, command);
                }
            }

            _byName = byName;
            _commands = _commands.AddRange(discovered);
        }

        return this;
    }

    /// <summary>Adds a middleware, resolved from each command's DI scope (or created with its constructor dependencies).</summary>
    /// <typeparam name="TMiddleware">The middleware type.</typeparam>
    /// <returns>This router.</returns>
    public CommandRouter Use<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TMiddleware>()
        where TMiddleware : class, ICommandMiddleware =>
        Use((context, next) => ActivatorUtilities.GetServiceOrCreateInstance<TMiddleware>(context.Services).InvokeAsync(context, next));

    /// <summary>Adds an inline middleware. Middlewares run in the order they are added.</summary>
    /// <param name="middleware">Receives the context and the rest of the pipeline.</param>
    /// <returns>This router.</returns>
    public CommandRouter Use(Func<CommandContext, CommandDelegate, ValueTask> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        lock (_lock)
        {
            _middlewares = _middlewares.Add(next => context => middleware(context, next));
        }

        return this;
    }

    /// <summary>Whether <paramref name="text"/> invokes a command (starts with the prefix and a name), and which one if registered.</summary>
    internal bool IsCommand(string text, out CommandDescriptor? command)
    {
        command = null;
        if (!CommandTokenizer.TrySplitInvocation(text, Options.Prefix, out var name, out _))
        {
            return false;
        }

        command = Find(name);
        return true;
    }

    /// <summary>Finds a command by name or alias (without prefix).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The command, or <see langword="null"/>.</returns>
    public CommandDescriptor? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Runs the pipeline for <paramref name="context"/>'s message: parses the name, runs the middlewares, binds the typed
    /// arguments and invokes the command. Never throws for a failing command: the outcome is in the result.
    /// </summary>
    /// <param name="context">The invocation.</param>
    /// <returns>The outcome (also stored in <see cref="CommandContext.Result"/>).</returns>
    /// <exception cref="OperationCanceledException">The context's token fired.</exception>
    public async ValueTask<CommandResult> ExecuteAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!CommandTokenizer.TrySplitInvocation(context.Message.Text, Options.Prefix, out var name, out var arguments))
        {
            return context.Result = new CommandResult(CommandStatus.NotACommand);
        }

        context.Prefix = Options.Prefix;
        context.CommandName = name;
        context.RawArguments = arguments;
        context.Command = Find(name);

        CommandDelegate pipeline = TerminalAsync;
        var middlewares = _middlewares;
        for (var i = middlewares.Length - 1; i >= 0; i--)
        {
            pipeline = middlewares[i](pipeline);
        }

        await pipeline(context).ConfigureAwait(false);
        context.Result ??= CommandResult.Blocked();
        _executed?.Add(1, new KeyValuePair<string, object?>("status", context.Result.Status.ToString()));
        if (context.Result.Status == CommandStatus.Blocked && context.Result.Error is { } reason)
        {
            await context.ReplyAsync(reason).ConfigureAwait(false);
        }

        return context.Result;
    }

    /// <summary>Builds the <c>help</c> text: every command with its usage, or the details of one command.</summary>
    /// <param name="commandName">A command to describe, or <see langword="null"/> for the list.</param>
    /// <returns>The help text.</returns>
    public string GetHelpText(string? commandName = null)
    {
        var prefix = Options.Prefix;
        var text = new StringBuilder();
        if (commandName is not null)
        {
            var command = Find(commandName.StartsWith(prefix, StringComparison.Ordinal) ? commandName[prefix.Length..] : commandName);
            if (command is null)
            {
                return $"No command named '{commandName}'. Try {prefix}help.";
            }

            text.Append("Usage: ").Append(command.GetUsage(prefix));
            if (command.Description is not null)
            {
                text.Append('\n').Append(command.Description);
            }

            if (command.Aliases.Count > 0)
            {
                text.Append("\nAliases: ").AppendJoin(", ", command.Aliases.Select(a => prefix + a));
            }

            foreach (var p in command.Parameters)
            {
                text.Append("\n  ").Append(p.Name).Append(p.IsOptional ? " (optional)" : string.Empty).Append(": ").Append(p.Description);
            }

            return text.ToString();
        }

        text.Append("Commands:");
        foreach (var command in _commands.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            text.Append("\n  ").Append(command.GetUsage(prefix));
            if (command.Description is not null)
            {
                text.Append(" — ").Append(command.Description);
            }
        }

        if (Options.EnableHelp)
        {
            text.Append("\n  ").Append(prefix).Append("help [command] — Lists the commands, or describes one.");
        }

        return text.ToString();
    }

    private async ValueTask TerminalAsync(CommandContext context)
    {
        var command = context.Command;
        if (command is null)
        {
            if (Options.EnableHelp && string.Equals(context.CommandName, "help", Options.CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            {
                var topic = CommandTokenizer.Tokenize(context.RawArguments).Select(t => t.Value).FirstOrDefault();
                await context.ReplyAsync(GetHelpText(topic)).ConfigureAwait(false);
                context.Result = CommandResult.Success;
                return;
            }

            context.Result = new CommandResult(CommandStatus.UnknownCommand, $"Unknown command '{context.CommandName}'. Try {Options.Prefix}help.");
            if (Options.ReplyOnUnknownCommand)
            {
                await context.ReplyAsync(context.Result.Error!).ConfigureAwait(false);
            }

            return;
        }

        foreach (var precondition in command.Preconditions)
        {
            PreconditionResult check;
            try
            {
                check = await precondition.CheckAsync(context).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A failing check is reported like a failing command, never crashes the bot.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCommandFailed(_logger, command.Name, ex);
                context.Result = new CommandResult(CommandStatus.Failed, "Sorry, that command failed.", ex);
                if (Options.ReplyOnFailure)
                {
                    await context.ReplyAsync(context.Result.Error!).ConfigureAwait(false);
                }

                return;
            }

            if (!check.IsSuccess)
            {
                context.Result = new CommandResult(CommandStatus.PreconditionFailed, precondition.ErrorMessage is { } custom && precondition is not CooldownAttribute ? custom : check.Reason);
                if (Options.ReplyOnPreconditionFailure && context.Result.Error is { } reason)
                {
                    await context.ReplyAsync(reason).ConfigureAwait(false);
                }

                return;
            }
        }

        var (values, error) = await CommandBinder.BindAsync(command, context, context.RawArguments, Options.ArgumentTypes, Options.ArgumentParsers).ConfigureAwait(false);
        if (values is null)
        {
            context.Result = new CommandResult(CommandStatus.InvalidArguments, error);
            if (Options.ReplyOnInvalidArguments)
            {
                await context.ReplyAsync($"{error}\nUsage: {command.GetUsage(Options.Prefix)}").ConfigureAwait(false);
            }

            return;
        }

        try
        {
            await InvokeAsync(command, context, values).ConfigureAwait(false);
            context.Result = CommandResult.Success;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A command's failure is reported to the user and logged, never crashes the bot.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCommandFailed(_logger, command.Name, ex);
            context.Result = new CommandResult(CommandStatus.Failed, "Sorry, that command failed.", ex);
            if (Options.ReplyOnFailure)
            {
                await context.ReplyAsync(context.Result.Error!).ConfigureAwait(false);
            }
        }
    }

    private static async ValueTask InvokeAsync(CommandDescriptor command, CommandContext context, object?[] values)
    {
        var created = context.Services.GetService(command.ModuleType) is null;
        var module = (CommandModule)ActivatorUtilities.GetServiceOrCreateInstance(context.Services, command.ModuleType);
        module.Context = context;
        try
        {
            var returned = command.Method.Invoke(module, BindingFlags.DoNotWrapExceptions, binder: null, values, culture: null);
            string? reply = returned switch
            {
                Task<string> t => await t.ConfigureAwait(false),
                ValueTask<string> vt => await vt.ConfigureAwait(false),
                Task t => await AwaitNull(t).ConfigureAwait(false),
                ValueTask vt => await AwaitNull(vt.AsTask()).ConfigureAwait(false),
                string s => s,
                _ => null,
            };
            if (!string.IsNullOrEmpty(reply))
            {
                await context.ReplyAsync(reply).ConfigureAwait(false);
            }
        }
        finally
        {
            if (created)
            {
                if (module is IAsyncDisposable asyncDisposable)
                {
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                }
                else if (module is IDisposable disposable)
                {
                    disposable.Dispose();
                }
            }
        }
    }

    private static async Task<string?> AwaitNull(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Command {Command} failed")]
    private static partial void LogCommandFailed(ILogger logger, string command, Exception exception);
}
