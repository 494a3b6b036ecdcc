using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Bots.Internal;

/// <summary>Subscribes to one event type and runs every registered <see cref="IChatalotEventHandler{TEvent}"/> in a fresh scope.</summary>
internal static class ScopedEventHandlerSubscription
{
    public static IDisposable Create<TEvent>(EventHub events, IServiceScopeFactory scopes, ILogger logger, CancellationToken stopping)
        where TEvent : ChatalotEvent =>
        events.On<TEvent>(async (e, ct) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                foreach (var handler in scope.ServiceProvider.GetServices<IChatalotEventHandler<TEvent>>())
                {
                    // Each handler is isolated: one failing handler must not starve the others of the event.
                    try
                    {
                        await handler.HandleAsync(e, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (linked.IsCancellationRequested)
                    {
                        throw;
                    }
#pragma warning disable CA1031 // Logged, never fatal.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        BotLog.HandlerFailed(logger, handler.GetType().Name, typeof(TEvent).Name, ex);
                    }
                }
            }
        });
}
