using Chatalot.Protocol.Errors;

namespace Chatalot.Client.Attachments.Internal;

/// <summary>
/// The retry rule of uploads and downloads: which failures are worth another attempt (the connection dropped, a timeout,
/// a server error), and the growing wait between attempts, on the <see cref="TimeProvider"/>.
/// </summary>
internal sealed class TransferRetry(AttachmentOptions options, TimeProvider time)
{
    private int _failures;

    /// <summary>Whether <paramref name="exception"/> is a transient failure, and not the caller's cancellation.</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        ChatalotConnectionException => true,
        ChatalotApiException api => (int)api.StatusCode >= 500 || api.Code is ErrorCodes.Unavailable or ErrorCodes.InternalError,
        IOException or HttpRequestException => true,
        _ => false,
    };

    /// <summary>Progress was made: the next failure starts the count again.</summary>
    public void Reset() => _failures = 0;

    /// <summary>Counts a failure and waits before the next attempt, or throws <c>transfer_failed</c> once the retries are spent.</summary>
    public async Task FailedAsync(Exception cause, string what, CancellationToken cancellationToken)
    {
        if (++_failures > options.MaxRetries)
        {
            throw new ChatalotClientException(ClientErrorCodes.TransferFailed, $"The {what} failed {_failures} times in a row: {cause.Message}", cause);
        }

        var delay = options.RetryDelay * Math.Pow(2, _failures - 1);
        if (delay > options.MaxRetryDelay)
        {
            delay = options.MaxRetryDelay;
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
