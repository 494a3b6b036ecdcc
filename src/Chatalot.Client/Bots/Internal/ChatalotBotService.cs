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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var router = registrations.BuildRouter(loggerFactory.CreateLogger<CommandRouter>(), services.GetService<IMeterFactory>());
        var options = registrations.Options;
        BotLog.Starting(_logger, typeof(TBot).Name, router.Commands.Count, options.Commands.Prefix);

        var events = client.Events;
        _subscriptions.Add(events.On<MessageReceived>((message, ct) => OnMessageAsync(router, message, ct, stoppingToken)));
        _subscriptions.Add(events.On<MemberJoined>((e, ct) => WithBotAsync((bot, token) => bot.OnMemberJoinedAsync(client, e, token), ct, stoppingToken)));
        _subscriptions.Add(events.On<MessageUndecryptable>((e, ct) => WithBotAsync((bot, token) => bot.OnUndecryptableAsync(client, e, token), ct, stoppingToken)));
        _subscriptions.Add(events.On<ConnectionStateChanged>((e, ct) => e.Current == ConnectionState.Connected
            ? WithBotAsync((bot, token) => bot.OnConnectedAsync(client, token), ct, stoppingToken)
            : ValueTask.CompletedTask));
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

        // Handlers already running get to finish (their tokens are cancelled), up to the shutdown timeout.
        try
        {
            await client.Events.WhenIdleAsync(cancellationToken).WaitAsync(registrations.Options.ShutdownTimeout, cancellationToken).ConfigureAwait(false);
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
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = new CommandContext(client, message, scope.ServiceProvider, linked.Token);
            var result = await router.ExecuteAsync(context).ConfigureAwait(false);
            if (result.Status != CommandStatus.NotACommand)
            {
                BotLog.CommandFinished(_logger, context.CommandName ?? string.Empty, result.Status);
                return;
            }

            var bot = scope.ServiceProvider.GetRequiredService<TBot>();
            await bot.OnMessageAsync(client, message, linked.Token).ConfigureAwait(false);
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
