using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Chatalot.Client.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Bots.Internal;

/// <summary>
/// Runs a <see cref="ChatalotBot"/> as a hosted service: wires commands and handlers to the client's events, connects
/// (without holding up host start-up), and on stop disconnects and lets running handlers finish.
/// </summary>
internal sealed class ChatalotBotService<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TBot>(
    IChatalotClient client,
    BotRegistrations registrations,
    IServiceScopeFactory scopes,
    ILoggerFactory loggerFactory,
    IServiceProvider services) : BackgroundService
    where TBot : ChatalotBot
{
    /// <summary>The process exit code when the bot cannot start (EX_UNAVAILABLE of sysexits.h: the service is unavailable).</summary>
    internal const int StartFailureExitCode = 69;

    private readonly ILogger _logger = loggerFactory.CreateLogger<ChatalotBotService<TBot>>();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private int _published;
    private readonly TimeProvider _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
    [SuppressMessage("Usage", "CA2213:Disposable fields should be disposed", Justification = "No wait handle is ever taken, so there is nothing to free; a command outliving the shutdown timeout still releases it.")]
    private readonly SemaphoreSlim _slots = new(registrations.Options.MaxConcurrentCommands, registrations.Options.MaxConcurrentCommands);
    private readonly UserId[] _owners = [.. registrations.Options.OwnerIds.Select(id => new UserId(id))];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var router = registrations.BuildRouter(loggerFactory.CreateLogger<CommandRouter>(), services.GetService<IMeterFactory>(), services.GetServices<ICommandArgumentParser>());
        var options = registrations.Options;
        BotLog.Starting(_logger, typeof(TBot).Name, router.Commands.Count, options.Commands.Prefix);

        var events = client.Events;
        _subscriptions.Add(events.On<MessageReceived>((message, ct) => OnMessageAsync(router, message, ct, stoppingToken)));
        _subscriptions.Add(events.On<MemberJoined>((e, ct) => WithBotAsync((bot, token) => bot.OnMemberJoinedAsync(client, e, token), ct, stoppingToken)));
        _subscriptions.Add(events.On<MessageUndecryptable>((e, ct) => WithBotAsync((bot, token) => bot.OnUndecryptableAsync(client, e, token), ct, stoppingToken)));
        _subscriptions.Add(events.On<ConnectionStateChanged>(async (e, ct) =>
        {
            if (e.Current != ConnectionState.Connected)
            {
                return;
            }

            if (options.PublishCommands && Interlocked.Exchange(ref _published, 1) == 0)
            {
                await PublishCommandsAsync(router, stoppingToken).ConfigureAwait(false);
            }

            await WithBotAsync((bot, token) => bot.OnConnectedAsync(client, token), ct, stoppingToken).ConfigureAwait(false);
        }));
        _subscriptions.Add(new InviteAutoAccepter(client, options.AutoAcceptInvites, loggerFactory.CreateLogger<InviteAutoAccepter>()).Subscribe(events, stoppingToken));
        foreach (var subscribe in registrations.EventSubscriptions)
        {
            _subscriptions.Add(subscribe(events, scopes, _logger, stoppingToken));
        }

        try
        {
            await ConnectWithRetryAsync(options.StartupRetry, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping before the first connection: nothing to report.
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The host stops (BackgroundServiceExceptionBehavior.StopHost) but would exit 0, so a supervisor's
            // "restart on failure" would never fire: a bot that cannot start exits non-zero.
            BotLog.ConnectFailed(_logger, typeof(TBot).Name, ex);
            if (Environment.ExitCode == 0)
            {
                Environment.ExitCode = StartFailureExitCode;
            }

            throw;
        }
    }

    /// <summary>The first connection, retried while the failure is one that waiting can fix (the server is unreachable or busy).</summary>
    private async Task ConnectWithRetryAsync(BotStartupRetry retry, CancellationToken stoppingToken)
    {
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.ConnectAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (attempt <= retry.MaxRetries && IsTransient(ex) && !stoppingToken.IsCancellationRequested)
            {
                var delay = retry.DelayBefore(attempt);
                BotLog.ConnectRetrying(_logger, typeof(TBot).Name, attempt, retry.MaxRetries, delay, ex.Message);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        ChatalotConnectionException => true,
        ChatalotApiException api => (int)api.StatusCode >= 500 || api.StatusCode == System.Net.HttpStatusCode.TooManyRequests,
        HttpRequestException or TimeoutException => true,
        _ => false,
    };

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        // Handlers and commands already running get to finish (their tokens are cancelled), up to the shutdown timeout.
        try
        {
            await Task.WhenAll(client.Events.WhenIdleAsync(cancellationToken), Task.WhenAll(_inFlight.Keys))
                .WaitAsync(registrations.Options.ShutdownTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            BotLog.ShutdownTimedOut(_logger, typeof(TBot).Name);
        }
    }

    private async ValueTask OnMessageAsync(CommandRouter router, MessageReceived message, CancellationToken eventToken, CancellationToken stoppingToken)
    {
        if (registrations.Options.IgnoreOwnMessages && message.Sender.UserId == client.CurrentUserId)
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(eventToken, stoppingToken);
        if (!router.IsCommand(message.Text, out var command))
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var bot = scope.ServiceProvider.GetRequiredService<TBot>();
                await bot.OnMessageAsync(client, message, linked.Token).ConfigureAwait(false);
            }

            return;
        }

        // Catch-up policy: a command the bot missed while it was down is stale after MaxCommandAge (server timestamp).
        var maxAge = registrations.Options.MaxCommandAge;
        var age = _time.GetUtcNow() - message.SentAt;
        if (maxAge != Timeout.InfiniteTimeSpan && age > maxAge)
        {
            BotLog.StaleCommandIgnored(_logger, command?.Name ?? "(unknown)", message.ChannelId, age);
            return;
        }

        if (command?.RunMode == CommandRunMode.Sequential)
        {
            await RunCommandAsync(router, message, linked.Token).ConfigureAwait(false);
            return;
        }

        // Off the channel's ordered queue: the channel's next messages are delivered (and its next commands start)
        // while this one runs; MaxConcurrentCommands bounds how many run at once, and stopping cancels them.
        var task = Task.Run(() => RunDetachedAsync(router, message, command?.Name, stoppingToken), CancellationToken.None);
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Publishes the command list for the web composer's autocomplete; a failure is logged, never fatal.</summary>
    private async Task PublishCommandsAsync(CommandRouter router, CancellationToken stoppingToken)
    {
        var commands = router.Commands.Select(c => new Protocol.Bots.PublishedCommand(
            c.Name,
            c.Description is null ? null : Truncate(c.Description, 200),
            [.. c.Parameters.Select(p => new Protocol.Bots.PublishedCommandArgument(p.Name, Truncate(p.Description, 100), p.IsOptional))])).ToList();
        if (router.Options.EnableHelp)
        {
            commands.Add(new Protocol.Bots.PublishedCommand("help", "Lists the commands, or describes one.", [new Protocol.Bots.PublishedCommandArgument("command", "a command name", Optional: true)]));
        }

        try
        {
            await client.Rest.PublishCommandsAsync(new Protocol.Bots.PublishCommandsRequest(router.Options.Prefix, [.. commands.Take(100)]), stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException && !stoppingToken.IsCancellationRequested)
        {
            BotLog.PublishFailed(_logger, typeof(TBot).Name, ex);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private async Task RunDetachedAsync(CommandRouter router, MessageReceived message, string? name, CancellationToken stoppingToken)
    {
        try
        {
            await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await RunCommandAsync(router, message, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the command saw its token fire.
        }
#pragma warning disable CA1031 // A detached command has no caller to report to: log, never crash the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            BotLog.CommandCrashed(_logger, name ?? "(unknown)", ex);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task RunCommandAsync(CommandRouter router, MessageReceived message, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = new CommandContext(client, message, scope.ServiceProvider, cancellationToken) { OwnerIds = _owners };
            var result = await router.ExecuteAsync(context).ConfigureAwait(false);
            BotLog.CommandFinished(_logger, context.CommandName ?? string.Empty, result.Status);
        }
    }

    private async ValueTask WithBotAsync(Func<TBot, CancellationToken, ValueTask> hook, CancellationToken eventToken, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(eventToken, stoppingToken);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            await hook(scope.ServiceProvider.GetRequiredService<TBot>(), linked.Token).ConfigureAwait(false);
        }
    }
}
