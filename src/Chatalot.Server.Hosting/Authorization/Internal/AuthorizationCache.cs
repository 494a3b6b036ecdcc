using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Chatalot.Server.Hosting.Authorization.Internal;

/// <summary>
/// Per-node, bounded cache of the facts every message send checks: channel access per (user, channel), device
/// existence per (user, device) and blocks per user pair. It takes the ~6 database reads off the send path.
/// <para>
/// Exactness comes from epochs, not from finding the right key to evict: each scope has a counter that
/// <see cref="Invalidate"/> bumps, and an entry is only served while its scope's counter still equals the value read
/// <em>before</em> the database read that produced it. <see cref="AuthorizationInvalidationInterceptor"/> calls
/// <see cref="Invalidate"/> after every write to the tables behind a scope has executed and again after its
/// transaction commits, so a read that raced with a write is never served after that write is visible: a revoked
/// member's next send fails exactly as it did without the cache. A write anywhere in a scope empties that whole scope,
/// which is cheap because such writes (joins, role changes, channel settings, key uploads, blocks) are rare next to sends.
/// </para>
/// <para>
/// <see cref="Invalidate"/> is the single seam for invalidation: a multi-node deployment must carry it over the
/// backplane (not done yet), until then each node's cache only sees its own writes.
/// </para>
/// </summary>
internal sealed partial class AuthorizationCache(ILogger<AuthorizationCache> logger)
{
    /// <summary>Entries per scope before the scope is emptied and refilled (bounded memory, ~100 B per entry).</summary>
    public const int MaxEntriesPerScope = 100_000;

    private readonly ConcurrentDictionary<(Guid User, Guid Channel), Entry<SendPermission?>> _channels = new();
    private readonly ConcurrentDictionary<(Guid User, int Device), Entry<bool>> _devices = new();
    private readonly ConcurrentDictionary<(Guid Low, Guid High), Entry<bool>> _blocks = new();
    private long _channelEpoch;
    private long _deviceEpoch;
    private long _blockEpoch;

    /// <summary>The current epoch of <paramref name="scope"/>: read it before the database read whose result you store.</summary>
    public long Epoch(AuthorizationScope scope) => scope switch
    {
        AuthorizationScope.Channels => Volatile.Read(ref _channelEpoch),
        AuthorizationScope.Devices => Volatile.Read(ref _deviceEpoch),
        AuthorizationScope.Blocks => Volatile.Read(ref _blockEpoch),
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    /// <summary>Forgets everything cached under <paramref name="scope"/> (all flags set in it).</summary>
    public void Invalidate(AuthorizationScope scope)
    {
        if (scope.HasFlag(AuthorizationScope.Channels))
        {
            Interlocked.Increment(ref _channelEpoch);
        }

        if (scope.HasFlag(AuthorizationScope.Devices))
        {
            Interlocked.Increment(ref _deviceEpoch);
        }

        if (scope.HasFlag(AuthorizationScope.Blocks))
        {
            Interlocked.Increment(ref _blockEpoch);
        }
    }

    /// <summary>A cached channel permission; a cached null means "not readable or not found".</summary>
    public bool TryGetChannel(Guid userId, Guid channelId, out SendPermission? permission) =>
        TryGet(_channels, (userId, channelId), ref _channelEpoch, out permission);

    public void SetChannel(Guid userId, Guid channelId, long epoch, SendPermission? permission) =>
        Set(_channels, (userId, channelId), ref _channelEpoch, epoch, permission, AuthorizationScope.Channels);

    public bool TryGetDevice(Guid userId, int deviceId, out bool exists) =>
        TryGet(_devices, (userId, deviceId), ref _deviceEpoch, out exists);

    public void SetDevice(Guid userId, int deviceId, long epoch, bool exists) =>
        Set(_devices, (userId, deviceId), ref _deviceEpoch, epoch, exists, AuthorizationScope.Devices);

    public bool TryGetBlocked(Guid a, Guid b, out bool blocked) =>
        TryGet(_blocks, Pair(a, b), ref _blockEpoch, out blocked);

    public void SetBlocked(Guid a, Guid b, long epoch, bool blocked) =>
        Set(_blocks, Pair(a, b), ref _blockEpoch, epoch, blocked, AuthorizationScope.Blocks);

    private static (Guid, Guid) Pair(Guid a, Guid b) => a.CompareTo(b) <= 0 ? (a, b) : (b, a);

    private static bool TryGet<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> map, TKey key, ref long epoch, out TValue value)
        where TKey : notnull
    {
        if (map.TryGetValue(key, out var entry) && entry.Epoch == Volatile.Read(ref epoch))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    private void Set<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> map, TKey key, ref long epoch, long readEpoch, TValue value, AuthorizationScope scope)
        where TKey : notnull
    {
        // A write committed since the caller's read started: its result may already be stale, so do not keep it.
        if (readEpoch != Volatile.Read(ref epoch))
        {
            return;
        }

        if (map.Count >= MaxEntriesPerScope)
        {
            map.Clear();
            LogScopeFull(logger, scope, MaxEntriesPerScope);
        }

        map[key] = new Entry<TValue>(readEpoch, value);
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Debug, Message = "Authorization cache scope {Scope} reached {Max} entries and was emptied")]
    private static partial void LogScopeFull(ILogger logger, AuthorizationScope scope, int max);

    private sealed record Entry<TValue>(long Epoch, TValue Value);
}
