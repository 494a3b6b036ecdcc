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
/// <see cref="Invalidate"/> is the single seam for invalidation. A node only sees its own writes, so the cache is
/// <see cref="Enabled"/> only with the single-node <see cref="InProcessBackplane"/>: with any other backplane (several
/// nodes) every check reads the database, as before the cache, until the backplane carries invalidations.
/// </para>
/// </summary>
internal sealed partial class AuthorizationCache(IChatalotBackplane backplane, ILogger<AuthorizationCache> logger)
{
    /// <summary>False when several nodes may write (see the class remarks): nothing is stored, so nothing is served.</summary>
    public bool Enabled { get; } = backplane is InProcessBackplane;

    /// <summary>Entries per scope before the scope is emptied and refilled (bounded memory, ~100 B per entry).</summary>
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
    public void Invalidate(AuthorizationScope scope)
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
    public bool TryGetChannel(Guid userId, Guid channelId, out SendPermission? permission) =>
        _channels.TryGet((userId, channelId), out permission);

    public void SetChannel(Guid userId, Guid channelId, long epoch, SendPermission? permission) =>
        Full(Enabled && _channels.Set((userId, channelId), epoch, permission), AuthorizationScope.Channels);

    public bool TryGetDevice(Guid userId, int deviceId, out bool exists) =>
        _devices.TryGet((userId, deviceId), out exists);

    public void SetDevice(Guid userId, int deviceId, long epoch, bool exists) =>
        Full(Enabled && _devices.Set((userId, deviceId), epoch, exists), AuthorizationScope.Devices);

    public bool TryGetBlocked(Guid a, Guid b, out bool blocked) =>
        _blocks.TryGet(Pair(a, b), out blocked);

    public void SetBlocked(Guid a, Guid b, long epoch, bool blocked) =>
        Full(Enabled && _blocks.Set(Pair(a, b), epoch, blocked), AuthorizationScope.Blocks);

    private static (Guid, Guid) Pair(Guid a, Guid b) => a.CompareTo(b) <= 0 ? (a, b) : (b, a);

    private void Full(bool emptied, AuthorizationScope scope)
    {
        if (emptied)
        {
            LogScopeFull(logger, scope, MaxEntriesPerScope);
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
