using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.ScaleOut.Internal;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Accounts.Internal;

/// <summary>
/// Bounds password guesses: a login counts against (user name, client address) and the client address; a password
/// change against the account and the client address. Keying by address as well as name means a stranger cannot lock
/// a victim out from elsewhere (the original's W10); the per-address counter stops spraying many names.
/// <para>
/// A guess takes a slot <em>before</em> the password is hashed, and the slots in flight count with the failures, so
/// no number of parallel requests gets more than the threshold of passwords checked in one window.
/// </para>
/// In memory on a single node. In a cluster the counts live in Redis (<see cref="RedisGuessCounters"/>) so a lockout
/// earned on one node holds on every node; while Redis cannot be reached, each node falls back to its own counts here
/// (a guesser then gets at most the threshold per node per window, rather than locking everyone out or guessing freely).
/// </summary>
internal sealed class PasswordGuessThrottle(IOptions<ChatalotServerOptions> options, Clock clock, RedisGuessCounters? shared = null)
{
    /// <summary>Wait suggested when the slots are taken by guesses still being checked, not by failures.</summary>
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly ChatalotAuthOptions _options = options.Value.Auth;
    private readonly RedisGuessCounters? _shared = shared;

    /// <summary>Takes a slot for one login attempt, or throws <c>429 account_locked</c> with the time to wait.</summary>
    public ValueTask<Guess> BeginLoginAsync(string normalizedUsername, string address) =>
        BeginAsync("login|" + normalizedUsername + "|" + address, "addr|" + address);

    /// <summary>Takes a slot for one check of a signed-in user's current password, or throws <c>429 account_locked</c>.</summary>
    public ValueTask<Guess> BeginPasswordCheckAsync(Guid userId, string address) =>
        BeginAsync("password|" + userId.ToString("N") + "|" + address, "addr|" + address);

    /// <summary>
    /// Takes a slot for one check of a second-factor code (TOTP or backup), or throws <c>429 account_locked</c>. Counted
    /// per account from any address, since whoever gets here already knows the password, and per address.
    /// </summary>
    public ValueTask<Guess> BeginSecondFactorAsync(Guid userId, string address) =>
        BeginAsync("2fa|" + userId.ToString("N"), "addr|" + address);

    /// <summary>Takes a slot for one recovery-code check, per (user name, address) and per address, or throws <c>429 account_locked</c>.</summary>
    public ValueTask<Guess> BeginRecoveryAsync(string normalizedUsername, string address) =>
        BeginAsync("recover|" + normalizedUsername + "|" + address, "addr|" + address);

    private static ChatalotServerException Locked(TimeSpan retryAfter) =>
        new(ErrorCodes.AccountLocked, 429, "Too many failed password attempts; retry later.", retryAfter);

    private async ValueTask<Guess> BeginAsync(string key, string addressKey)
    {
        if (_shared is not null)
        {
            switch (await _shared.TryBeginAsync(key, _options.LockoutThreshold, addressKey, _options.AddressLockoutThreshold, BusyRetry).ConfigureAwait(false))
            {
                case { Reachable: true, RetryAfter: { } wait }:
                    throw Locked(wait);
                case { Reachable: true }:
                    return new Guess(this, key, addressKey, shared: true);
            }
        }

        return Begin(key, addressKey);
    }

    private Guess Begin(string key, string addressKey)
    {
        var now = clock.UtcNow;
        lock (_counters)
        {
            var wait = Wait(key, _options.LockoutThreshold, now) ?? Wait(addressKey, _options.AddressLockoutThreshold, now);
            if (wait is { } retryAfter)
            {
                throw Locked(retryAfter);
            }

            Take(key, now).InFlight++;
            Take(addressKey, now).InFlight++;
            if (_counters.Count > 100_000)
            {
                Sweep(now);
            }
        }

        return new Guess(this, key, addressKey, shared: false);
    }

    private TimeSpan? Wait(string key, int threshold, DateTimeOffset now)
    {
        if (!_counters.TryGetValue(key, out var c))
        {
            return null;
        }

        var until = c.LastFailure + _options.LockoutDuration;
        var failures = until > now ? c.Failures : 0; // failures older than the window no longer count
        if (failures + c.InFlight < threshold)
        {
            return null;
        }

        return failures >= threshold ? until - now : BusyRetry;
    }

    private Counter Take(string key, DateTimeOffset now)
    {
        if (!_counters.TryGetValue(key, out var c))
        {
            _counters[key] = c = new Counter();
        }
        else if (c.Failures > 0 && now - c.LastFailure > _options.LockoutDuration)
        {
            c.Failures = 0; // the window has passed
        }

        return c;
    }

    private void Complete(string key, string addressKey, bool failed)
    {
        var now = clock.UtcNow;
        lock (_counters)
        {
            foreach (var k in (ReadOnlySpan<string>)[key, addressKey])
            {
                var c = _counters[k];
                c.InFlight--;
                if (failed)
                {
                    c.Failures++;
                    c.LastFailure = now;
                }
            }

            if (!failed && _counters[key] is { InFlight: 0 })
            {
                _counters.Remove(key); // the right password clears its own name's count, never the address's
            }
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, c) in _counters)
        {
            if (c.InFlight == 0 && now - c.LastFailure > _options.LockoutDuration)
            {
                _counters.Remove(key);
            }
        }
    }

    private sealed class Counter
    {
        public int Failures { get; set; }

        public int InFlight { get; set; }

        public DateTimeOffset LastFailure { get; set; }
    }

    /// <summary>
    /// One password check holding its slots: <see cref="FailedAsync"/> or <see cref="SucceededAsync"/> ends it; disposing
    /// an unfinished one (an exception before the verdict) frees the slots without counting a failure. Node-local guesses
    /// complete synchronously.
    /// </summary>
    public sealed class Guess(PasswordGuessThrottle owner, string key, string addressKey, bool shared) : IAsyncDisposable
    {
        private bool _done;

        public ValueTask FailedAsync() => FinishAsync(GuessOutcome.Failed);

        public ValueTask SucceededAsync() => FinishAsync(GuessOutcome.Succeeded);

        public ValueTask DisposeAsync() => FinishAsync(GuessOutcome.Abandoned);

        private ValueTask FinishAsync(GuessOutcome outcome)
        {
            if (_done)
            {
                return ValueTask.CompletedTask;
            }

            _done = true;
            if (shared)
            {
                return owner._shared!.CompleteAsync(key, addressKey, outcome, owner._options.LockoutDuration);
            }

            if (outcome == GuessOutcome.Abandoned)
            {
                lock (owner._counters)
                {
                    owner._counters[key].InFlight--;
                    owner._counters[addressKey].InFlight--;
                }
            }
            else
            {
                owner.Complete(key, addressKey, outcome == GuessOutcome.Failed);
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>How a password check ended.</summary>
internal enum GuessOutcome
{
    Succeeded,
    Failed,

    /// <summary>Ended without a verdict (an exception): frees the slots, counts nothing.</summary>
    Abandoned,
}
