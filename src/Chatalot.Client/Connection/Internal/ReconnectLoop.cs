using Chatalot.Client.Diagnostics;

namespace Chatalot.Client.Connection.Internal;

/// <summary>
/// Runs connection attempts until one succeeds, waiting per <see cref="ReconnectPolicy"/> between them. Time comes from
/// the <see cref="TimeProvider"/>, so tests drive it with a fake clock instead of sleeping.
/// </summary>
internal sealed class ReconnectLoop(ReconnectPolicy policy, TimeProvider timeProvider, ConnectionStateTracker state, ClientMetrics metrics, Func<double> random01)
{
    /// <summary>
    /// Calls <paramref name="attemptAsync"/> until it succeeds. An exception for which <paramref name="isFatal"/> returns
    /// true ends the loop at once (the client is closed); so does running out of attempts.
    /// </summary>
    /// <exception cref="ChatalotConnectionException">The policy gave up, or a fatal error occurred.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task RunAsync(Func<CancellationToken, Task> attemptAsync, Func<Exception, bool> isFatal, int firstAttempt, CancellationToken cancellationToken)
    {
        Exception? lastError = null;
        for (var attempt = firstAttempt; ; attempt++)
        {
            if (attempt > 0)
            {
                if (policy.MaxAttempts is { } max && attempt > max)
                {
                    var error = new ChatalotConnectionException(ClientErrorCodes.ReconnectExhausted, $"Gave up after {max} reconnect attempts.", lastError);
                    state.TransitionTo(ConnectionState.Closed, ClientErrorCodes.ReconnectExhausted, error);
                    throw error;
                }

                var delay = policy.GetDelay(attempt, random01());
                state.TransitionTo(ConnectionState.Reconnecting, exception: lastError, attempt: attempt, retryIn: delay);
                metrics.ReconnectAttempts.Add(1);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await attemptAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (isFatal(ex))
            {
                var error = ex as ChatalotConnectionException
                    ?? new ChatalotConnectionException(ClientErrorCodes.ConnectionTerminated, "The connection cannot be re-established.", ex);
                state.TransitionTo(ConnectionState.Closed, error.Code, error);
                throw error;
            }
#pragma warning disable CA1031 // Every other failure is transient by definition here: retry per the policy.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                lastError = ex;
            }
        }
    }
}
