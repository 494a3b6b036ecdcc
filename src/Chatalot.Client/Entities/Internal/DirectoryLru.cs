namespace Chatalot.Client.Entities.Internal;

/// <summary>
/// A bounded least-recently-used map with an entry lifetime, safe for concurrent use. Every write takes a stamp from a
/// shared counter, so a REST read that started before an event changed or removed an entry cannot put the older
/// answer back (the epoch guard of <c>DeviceDirectory</c>, per entry).
/// </summary>
internal sealed class DirectoryLru<TKey, TValue>(int capacity, TimeSpan lifetime, TimeProvider time, Func<long> nextStamp)
    where TKey : notnull
    where TValue : class
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _lock = new();
    private long _lastRemoval;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _map.Count;
            }
        }
    }

    public TValue? Get(TKey key)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_map.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node.Value.ExpiresAt <= now)
            {
                _order.Remove(node);
                _map.Remove(key);
                return null;
            }

            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value.Value;
        }
    }

    /// <summary>Stores what an event says: always wins.</summary>
    public void Set(TKey key, TValue value)
    {
        lock (_lock)
        {
            Put(key, value, nextStamp());
        }
    }

    /// <summary>
    /// Stores what a REST read that began at <paramref name="startedAt"/> answered, unless an event changed this entry or
    /// removed an entry of this map since then; returns what the cache holds afterwards (the newer value when it lost).
    /// </summary>
    public TValue Offer(TKey key, TValue value, long startedAt)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node) && node.Value.Stamp > startedAt)
            {
                return node.Value.Value;
            }

            if (_lastRemoval > startedAt)
            {
                return value;
            }

            Put(key, value, nextStamp());
            return value;
        }
    }

    public void Remove(TKey key)
    {
        lock (_lock)
        {
            _lastRemoval = nextStamp();
            if (_map.Remove(key, out var node))
            {
                _order.Remove(node);
            }
        }
    }

    public void RemoveWhere(Func<TValue, bool> predicate)
    {
        lock (_lock)
        {
            _lastRemoval = nextStamp();
            foreach (var node in _map.Values.Where(n => predicate(n.Value.Value)).ToList())
            {
                _map.Remove(node.Value.Key);
                _order.Remove(node);
            }
        }
    }

    /// <summary>The first live entry matching <paramref name="predicate"/> (a scan: name lookups are rare and the map is bounded).</summary>
    public TValue? Find(Func<TValue, bool> predicate)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return _order.FirstOrDefault(e => e.ExpiresAt > now && predicate(e.Value)).Value;
        }
    }

    private void Put(TKey key, TValue value, long stamp)
    {
        var entry = new Entry(key, value, stamp, time.GetUtcNow() + lifetime);
        if (_map.TryGetValue(key, out var node))
        {
            node.Value = entry;
            _order.Remove(node);
            _order.AddFirst(node);
            return;
        }

        _map[key] = _order.AddFirst(entry);
        while (_map.Count > capacity)
        {
            var last = _order.Last!;
            _order.RemoveLast();
            _map.Remove(last.Value.Key);
        }
    }

    private readonly record struct Entry(TKey Key, TValue Value, long Stamp, DateTimeOffset ExpiresAt);
}
