using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// Channel messages waiting for their sender's chain (content.md §6.2): held per (channel, sender device) in arrival
/// order, released when the chain arrives, with a key request after <see cref="KeyRecoveryOptions.RequestAfter"/>
/// and a <see cref="MessageUndecryptable"/> after <see cref="KeyRecoveryOptions.ReportAfter"/>. A held message stays
/// resolvable until <see cref="KeyRecoveryOptions.HoldFor"/>; the count is bounded, the oldest going first.
/// </summary>
internal sealed class HeldMessages(KeyRecoveryOptions options, TimeProvider time)
{
    private readonly Dictionary<(Guid Channel, Guid User, int Device), List<Entry>> _held = [];
    private readonly Lock _lock = new();
    private int _count;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Whether any message of <paramref name="channel"/> is held (its cursor must then not move past it).</summary>
    public bool Holds(Guid channel)
    {
        lock (_lock)
        {
            return _held.Keys.Any(k => k.Channel == channel);
        }
    }

    /// <summary>Whether a message of a sender's chain is held in a channel (a later one of that chain then waits behind it).</summary>
    public bool HoldsChain(Guid channel, Guid user, int device, uint chainId)
    {
        lock (_lock)
        {
            return _held.TryGetValue((channel, user, device), out var list) && list.Exists(e => e.ChainId == chainId);
        }
    }

    public void Hold(WireMessage message, bool isEdit, bool catchUp, uint chainId, uint iteration)
    {
        lock (_lock)
        {
            var key = (message.ChannelId, message.SenderId, message.SenderDeviceId);
            if (!_held.TryGetValue(key, out var list))
            {
                _held[key] = list = [];
            }

            if (list.Any(e => e.Message.Id == message.Id && e.IsEdit == isEdit && e.Message.EditedAt == message.EditedAt))
            {
                return;
            }

            list.Add(new Entry(message, isEdit, catchUp, chainId, iteration, time.GetUtcNow()));
            _count++;
            if (_count > options.MaxHeld)
            {
                var oldest = _held.MinBy(p => p.Value[0].HeldAt);
                oldest.Value.RemoveAt(0);
                _count--;
                if (oldest.Value.Count == 0)
                {
                    _held.Remove(oldest.Key);
                }
            }
        }
    }

    /// <summary>Takes every message held for a sender's chain in a channel, oldest first.</summary>
    public IReadOnlyList<Entry> Release(Guid channel, UserId user, DeviceId device, uint? chainId = null)
    {
        lock (_lock)
        {
            var key = (channel, user.Value, device.Value);
            if (!_held.TryGetValue(key, out var list))
            {
                return [];
            }

            var taken = list.Where(e => chainId is null || e.ChainId == chainId).ToList();
            list.RemoveAll(taken.Contains);
            _count -= taken.Count;
            if (list.Count == 0)
            {
                _held.Remove(key);
            }

            return taken;
        }
    }

    /// <summary>
    /// What is due now: key requests to send (one per sender chain, for its earliest held iteration), held messages to
    /// report as undecryptable (once), and those held past their lifetime (dropped).
    /// </summary>
    public Due Sweep()
    {
        var now = time.GetUtcNow();
        var requests = new List<KeyRequest>();
        var reports = new List<Entry>();
        lock (_lock)
        {
            foreach (var (key, list) in _held)
            {
                foreach (var chain in list.GroupBy(e => e.ChainId))
                {
                    var first = chain.First();
                    var age = now - chain.Min(e => e.HeldAt);
                    var dueRequests = age >= options.ReportAfter ? 2 : age >= options.RequestAfter ? 1 : 0;
                    if (first.RequestsSent < dueRequests)
                    {
                        foreach (var entry in chain)
                        {
                            entry.RequestsSent = dueRequests;
                        }

                        requests.Add(new KeyRequest(key.Channel, new UserId(key.User), new DeviceId(key.Device), chain.Key, chain.Min(e => e.Iteration)));
                    }
                }

                reports.AddRange(list.Where(e => !e.Reported && now - e.HeldAt >= options.ReportAfter));
                foreach (var entry in reports)
                {
                    entry.Reported = true;
                }

                _count -= list.RemoveAll(e => now - e.HeldAt >= options.HoldFor);
            }

            foreach (var empty in _held.Where(p => p.Value.Count == 0).Select(p => p.Key).ToList())
            {
                _held.Remove(empty);
            }
        }

        return new Due(requests, reports);
    }

    internal sealed record KeyRequest(Guid Channel, UserId User, DeviceId Device, uint ChainId, uint Iteration);

    internal sealed record Due(IReadOnlyList<KeyRequest> Requests, IReadOnlyList<Entry> Reports);

    internal sealed class Entry(WireMessage message, bool isEdit, bool catchUp, uint chainId, uint iteration, DateTimeOffset heldAt)
    {
        public WireMessage Message { get; } = message;

        public bool IsEdit { get; } = isEdit;

        public bool CatchUp { get; } = catchUp;

        public uint ChainId { get; } = chainId;

        public uint Iteration { get; } = iteration;

        public DateTimeOffset HeldAt { get; } = heldAt;

        public bool Reported { get; set; }

        public int RequestsSent { get; set; }
    }
}
