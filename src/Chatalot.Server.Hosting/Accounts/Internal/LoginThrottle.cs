using System.Collections.Concurrent;
using Chatalot.Server.Hosting.Common.Internal;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Accounts.Internal;

/// <summary>
/// Counts failed logins per (user name, client address) and per client address, and locks further attempts for
/// the lockout duration once a threshold is reached. Keying by address as well as name means a stranger cannot lock
/// a victim out from elsewhere (the original's W10); the per-address counter stops spraying many names.
/// In memory: a multi-node deployment needs a shared store behind the same shape.
/// </summary>
internal sealed class LoginThrottle(IOptions<ChatalotServerOptions> options, Clock clock)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly ChatalotAuthOptions _options = options.Value.Auth;

    public TimeSpan? LockedFor(string normalizedUsername, string address)
    {
        var now = clock.UtcNow;
        var a = Remaining(Key(normalizedUsername, address), _options.LockoutThreshold, now);
        var b = Remaining("addr|" + address, _options.AddressLockoutThreshold, now);
        return a is null ? b : b is null ? a : (a > b ? a : b);
    }

    public void RecordFailure(string normalizedUsername, string address)
    {
        var now = clock.UtcNow;
        Bump(Key(normalizedUsername, address), now);
        Bump("addr|" + address, now);
        if (_windows.Count > 100_000)
        {
            Sweep(now);
        }
    }

    public void RecordSuccess(string normalizedUsername, string address) => _windows.TryRemove(Key(normalizedUsername, address), out _);

    private static string Key(string name, string address) => name + "|" + address;

    private TimeSpan? Remaining(string key, int threshold, DateTimeOffset now)
    {
        if (!_windows.TryGetValue(key, out var w) || w.Count < threshold)
        {
            return null;
        }

        var until = w.Last + _options.LockoutDuration;
        return until > now ? until - now : null;
    }

    private void Bump(string key, DateTimeOffset now) =>
        _windows.AddOrUpdate(
            key,
            _ => new Window(1, now, now),
            (_, w) => now - w.Last > _options.LockoutDuration ? new Window(1, now, now) : w with { Count = w.Count + 1, Last = now });

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, w) in _windows)
        {
            if (now - w.Last > _options.LockoutDuration)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed record Window(int Count, DateTimeOffset Start, DateTimeOffset Last);
}
