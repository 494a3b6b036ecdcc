using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Rest;
using Chatalot.Protocol;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Gateway;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client.Conversations.Internal;

/// <summary>
/// Keeps this device in step with each conversation: which channels the gateway session is subscribed to, which
/// messages were already handled (each is surfaced once, even when live delivery and catch-up overlap), and a
/// persisted cursor per channel from which catch-up fetches what was missed. A channel never seen before is caught up
/// from the moment this device was created, so its first messages are not lost however they raced the subscription.
/// </summary>
internal sealed class ConversationSync(DeviceState state, ChatalotRestClient rest, Func<ClientFrame, CancellationToken, Task> sendFrame, TimeProvider time)
{
    private const int RememberedIds = 10_000;
    private const string FloorRecord = "cursor-floor";
    private readonly Dictionary<Guid, Guid> _lastSeen = [];
    private readonly HashSet<Guid> _seen = [];
    private readonly Queue<Guid> _seenOrder = new();
    private readonly HashSet<Guid> _subscribed = [];
    private readonly Lock _lock = new();
    private Guid? _floor;

    /// <summary>
    /// Claims a message for handling: false when it was handled already. <paramref name="newest"/> says whether it is
    /// the newest of its channel so far (ids are UUIDv7, ordered by the server's clock), and so moves the cursor.
    /// </summary>
    public bool TryBegin(WireMessage message, out bool newest)
    {
        lock (_lock)
        {
            newest = false;
            if (!_seen.Add(message.Id))
            {
                return false;
            }

            _seenOrder.Enqueue(message.Id);
            if (_seenOrder.Count > RememberedIds)
            {
                _seen.Remove(_seenOrder.Dequeue());
            }

            newest = !_lastSeen.TryGetValue(message.ChannelId, out var previous) || message.Id.CompareTo(previous) > 0;
            if (newest)
            {
                _lastSeen[message.ChannelId] = message.Id;
            }

            return true;
        }
    }

    /// <summary>A transient failure: the message is not handled, so the next catch-up brings it again.</summary>
    public void Abandon(Guid messageId)
    {
        lock (_lock)
        {
            _seen.Remove(messageId);
        }
    }

    /// <summary>Persists the channel's cursor, after the message was handled (a crash in between re-fetches it).</summary>
    public ValueTask CommitAsync(Guid channel, Guid messageId, CancellationToken cancellationToken) =>
        state.PutAsync(CursorRecord(channel), messageId.ToByteArray(), cancellationToken);

    /// <summary>Forgets every subscription (a fresh gateway session starts with none).</summary>
    public void ResetSubscriptions()
    {
        lock (_lock)
        {
            _subscribed.Clear();
        }
    }

    /// <summary>The channel's subscription is gone (deleted, or read access lost); a later join subscribes again.</summary>
    public void Unsubscribed(Guid channel)
    {
        lock (_lock)
        {
            _subscribed.Remove(channel);
        }
    }

    /// <summary>Subscribes the session to the group channels not subscribed yet; returns those.</summary>
    public async Task<IReadOnlyList<Channel>> SubscribeAsync(IEnumerable<Channel> channels, CancellationToken cancellationToken)
    {
        List<Channel> added;
        lock (_lock)
        {
            added = [.. channels.Where(c => c.Type != ChannelType.Dm && c.GroupId is not null && _subscribed.Add(c.Id))];
        }

        for (var i = 0; i < added.Count; i += ChatalotLimits.GatewaySubscribeBatchMax)
        {
            await sendFrame(new SubscribeFrame([.. added.Skip(i).Take(ChatalotLimits.GatewaySubscribeBatchMax).Select(c => c.Id)]), cancellationToken).ConfigureAwait(false);
        }

        return added;
    }

    /// <summary>
    /// Fetches, oldest first, what each channel received after its cursor — or, for a channel this device never handled
    /// a message in, after the device was created — and hands each message to <paramref name="handle"/>.
    /// </summary>
    public async Task CatchUpAsync(IEnumerable<Channel> channels, Action<WireMessage> handle, CancellationToken cancellationToken)
    {
        var floor = await FloorAsync(cancellationToken).ConfigureAwait(false);
        foreach (var channel in channels)
        {
            var saved = await state.GetAsync(CursorRecord(channel.Id), cancellationToken).ConfigureAwait(false);
            var after = saved is { Length: 16 } ? new Guid(saved) : floor;
            while (true)
            {
                var page = await rest.GetMessagesAsync(new ChannelId(channel.Id), after: new MessageId(after), limit: ChatalotLimits.MessagePageMaxSize, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var message in page.Messages)
                {
                    handle(message);
                }

                if (!page.HasNewer || page.Messages.Count == 0)
                {
                    break;
                }

                after = page.Messages[^1].Id;
            }
        }
    }

    /// <summary>
    /// The lowest message id this device can have keys for: a UUIDv7 of the moment its sync state was first created,
    /// with every random bit zero (so it sorts before every message stored from that millisecond on).
    /// </summary>
    private async ValueTask<Guid> FloorAsync(CancellationToken cancellationToken)
    {
        if (_floor is { } known)
        {
            return known;
        }

        if (await state.GetAsync(FloorRecord, cancellationToken).ConfigureAwait(false) is not { Length: 16 } saved)
        {
            var ms = time.GetUtcNow().ToUnixTimeMilliseconds() - 1;
            saved = new Guid($"{ms >> 16:x8}-{ms & 0xFFFF:x4}-7000-8000-000000000000").ToByteArray();
            await state.PutAsync(FloorRecord, saved, cancellationToken).ConfigureAwait(false);
        }

        _floor = new Guid(saved);
        return _floor.Value;
    }

    private static string CursorRecord(Guid channel) => "cursor:" + channel.ToString("N");
}
