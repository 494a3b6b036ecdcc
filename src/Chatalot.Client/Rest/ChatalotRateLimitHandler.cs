using System.Net;

namespace Chatalot.Client.Rest;

/// <summary>
/// Honours HTTP 429 (and 503) <c>Retry-After</c>: waits as the server asks, on the <see cref="TimeProvider"/>, and
/// resends, up to <see cref="MaxRetries"/> times and never for a wait longer than <see cref="MaxDelay"/> (the response is
/// then returned and surfaces as a <see cref="ChatalotApiException"/> carrying <c>RetryAfter</c>). Requests are
/// queued behind the wait rather than hammering the server, the failure mode DSharpPlus users reported as IP bans.
/// A 429 with the problem code <c>slow_mode</c> is a channel's rule for the person, not server pressure: it is returned
/// at once, so the caller can tell the user how long to wait instead of the send silently hanging.
/// </summary>
public sealed class ChatalotRateLimitHandler : DelegatingHandler
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the handler.</summary>
    /// <param name="timeProvider">Clock for waiting; <see cref="TimeProvider.System"/> when null.</param>
    public ChatalotRateLimitHandler(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>Resends at most this many times per request. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>A longer requested wait is not honoured; the 429 is returned instead. Default 60 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Used when a 429 carries no <c>Retry-After</c>. Default 1 s.</summary>
    public TimeSpan DefaultDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || attempt >= MaxRetries)
            {
                return response;
            }

            var delay = GetRetryAfter(response, _timeProvider) ?? (response.StatusCode == HttpStatusCode.TooManyRequests ? DefaultDelay : null);
            if (delay is null || delay > MaxDelay || await IsSlowModeAsync(response, cancellationToken).ConfigureAwait(false))
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(delay.Value, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> IsSlowModeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        // Buffered, so the caller still reads the problem from the same response.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var problem = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            return problem.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && problem.RootElement.TryGetProperty("code", out var code)
                && code.ValueKind == System.Text.Json.JsonValueKind.String
                && code.ValueEquals(Protocol.Errors.ErrorCodes.SlowMode);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    internal static TimeSpan? GetRetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
