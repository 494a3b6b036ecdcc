using System.Collections.Concurrent;
using Chatalot.Server.Hosting.Gateway;
using Chatalot.Server.Hosting.Gateway.Internal;
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
/// <see cref="Invalidate"/> is the single seam for invalidation. A node sees only its own writes, so each invalidation
/// is also published on the backplane (<see cref="ChatalotBackplaneMessageKind.CacheInvalidation"/>) and applied by every
/// other node: a kick on one node stops sends on all of them. The Redis backplane queues that publish before the write's
/// own events, and nodes apply messages in the order each node published them, so another node has dropped the stale
/// entry before it delivers the kick's events. While a node may be missing messages (cut off from Redis) it stores
/// nothing, and a <see cref="ChatalotBackplaneMessageKind.Resync"/> empties every scope. A third-party backplane, which
/// cannot say whether it lost messages, leaves the cache off.
/// </para>
/// </summary>
internal sealed partial class AuthorizationCache : IDisposable
{
    private readonly IChatalotBackplane _backplane;
    private readonly ILogger<AuthorizationCache> _logger;
    private readonly IDisposable _subscription;

    public AuthorizationCache(IChatalotBackplane backplane, ILogger<AuthorizationCache> logger)
    {
        _backplane = backplane;
        _logger = logger;
        _subscription = backplane.Subscribe(OnBackplaneMessage);
    }

    /// <summary>False while this node could miss another node's invalidation (see the class remarks): nothing is stored.</summary>
    public bool Enabled => _backplane switch
    {
        InProcessBackplane => true,
        ScaleOut.Internal.RedisBackplane redis => redis.InSync,
        _ => false,
    };

    public const int MaxEntriesPerScope = 100_000;

    private readonly Scope<(Guid User, Guid Channel), SendPermission?> _channels = new();
    private readonly Scope<(Guid User, int Device), bool> _devices = new();
    private readonly Scope<(Guid Low, Guid High), bool> _blocks = new();

    /// <summary>The current epoch of <paramref name="scope"/>: read it before the database read whose result you store.</summary>
    public long Epoch(AuthorizationScope scope) => scope switch
    {
        AuthorizationScope.Channels => _channels.Epoch,
        AuthorizationScope.Devices => _devices.Epoch,
        AuthorizationScope.Blocks => _blocks.Epoch,
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    /// <summary>Forgets everything cached under <paramref name="scope"/> (all flags set in it).</summary>
    /// <summary>Drops the scopes here and, in a cluster, on every other node.</summary>
    public void Invalidate(AuthorizationScope scope)
    {
        InvalidateLocally(scope);
        if (_backplane is not InProcessBackplane)
        {
            // Not awaited: the Redis backplane queues the command synchronously, ahead of the write's own events.
            _ = _backplane.PublishAsync(new ChatalotBackplaneMessage
            {
                Kind = ChatalotBackplaneMessageKind.CacheInvalidation,
                Code = ((int)scope).ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, CancellationToken.None).AsTask();
        }
    }

    public void Dispose() => _subscription.Dispose();

    private ValueTask OnBackplaneMessage(ChatalotBackplaneMessage message)
    {
        switch (message.Kind)
        {
            case ChatalotBackplaneMessageKind.CacheInvalidation when int.TryParse(message.Code, System.Globalization.CultureInfo.InvariantCulture, out var scope):
                InvalidateLocally((AuthorizationScope)scope & AuthorizationScope.All);
                break;
            case ChatalotBackplaneMessageKind.Resync:
                InvalidateLocally(AuthorizationScope.All);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void InvalidateLocally(AuthorizationScope scope)
    {
        if (scope.HasFlag(AuthorizationScope.Channels))
        {
            _channels.Invalidate();
        }

        if (scope.HasFlag(AuthorizationScope.Devices))
        {
            _devices.Invalidate();
        }

        if (scope.HasFlag(AuthorizationScope.Blocks))
        {
            _blocks.Invalidate();
        }
    }

    /// <summary>A cached channel permission; a cached null means "not readable or not found".</summary>
    public bool TryGetChannel(Guid userId, Guid channelId, out SendPermission? permission)
    {
        permission = null;
        return Enabled && _channels.TryGet((userId, channelId), out permission);
    }

    public void SetChannel(Guid userId, Guid channelId, long epoch, SendPermission? permission) =>
        Full(Enabled && _channels.Set((userId, channelId), epoch, permission), AuthorizationScope.Channels);

    public bool TryGetDevice(Guid userId, int deviceId, out bool exists)
    {
        exists = false;
        return Enabled && _devices.TryGet((userId, deviceId), out exists);
    }

    public void SetDevice(Guid userId, int deviceId, long epoch, bool exists) =>
        Full(Enabled && _devices.Set((userId, deviceId), epoch, exists), AuthorizationScope.Devices);

    public bool TryGetBlocked(Guid a, Guid b, out bool blocked)
    {
        blocked = false;
        return Enabled && _blocks.TryGet(Pair(a, b), out blocked);
    }

    public void SetBlocked(Guid a, Guid b, long epoch, bool blocked) =>
        Full(Enabled && _blocks.Set(Pair(a, b), epoch, blocked), AuthorizationScope.Blocks);

    private static (Guid, Guid) Pair(Guid a, Guid b) => a.CompareTo(b) <= 0 ? (a, b) : (b, a);

    private void Full(bool emptied, AuthorizationScope scope)
    {
        if (emptied)
        {
            LogScopeFull(_logger, scope, MaxEntriesPerScope);
        }
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Debug, Message = "Authorization cache scope {Scope} reached {Max} entries and was emptied")]
    private static partial void LogScopeFull(ILogger logger, AuthorizationScope scope, int max);

    private sealed record Entry<TValue>(long Epoch, TValue Value);

    /// <summary>One scope: its epoch and its entries, with an approximate count (ConcurrentDictionary.Count takes every lock).</summary>
    private sealed class Scope<TKey, TValue>
        where TKey : notnull
    {
        private readonly ConcurrentDictionary<TKey, Entry<TValue>> _map = new();
        private long _epoch;
        private int _count;

        public long Epoch => Volatile.Read(ref _epoch);

        public void Invalidate() => Interlocked.Increment(ref _epoch);

        public bool TryGet(TKey key, out TValue value)
        {
            if (_map.TryGetValue(key, out var entry) && entry.Epoch == Volatile.Read(ref _epoch))
            {
                value = entry.Value;
                return true;
            }

            value = default!;
            return false;
        }

        /// <summary>Stores unless a write committed since <paramref name="readEpoch"/>; true when the scope had to be emptied first.</summary>
        public bool Set(TKey key, long readEpoch, TValue value)
        {
            // A write committed since the caller's read started: its result may already be stale, so do not keep it.
            if (readEpoch != Volatile.Read(ref _epoch))
            {
                return false;
            }

            var emptied = false;
            if (Volatile.Read(ref _count) >= MaxEntriesPerScope)
            {
                _map.Clear();
                Volatile.Write(ref _count, 0);
                emptied = true;
            }

            var entry = new Entry<TValue>(readEpoch, value);
            if (_map.TryAdd(key, entry))
            {
                Interlocked.Increment(ref _count);
            }
            else
            {
                _map[key] = entry;
            }

            return emptied;
        }
    }
}
