using System.Buffers.Binary;
using System.Net;
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
/// Catch-up re-reads <see cref="CatchUpCursor.Overlap"/> before the cursor, where a message with a lower id may have
/// committed after the cursor's; the ids handled there are persisted with the cursor so none surfaces twice.
/// </summary>
internal sealed class ConversationSync(
    DeviceState state,
    ChatalotRestClient rest,
    Func<ClientFrame, CancellationToken, Task<bool>> sendFrame,
    Func<Channel, CancellationToken, Task<DateTimeOffset?>> joinedAt,
    TimeProvider time) : IDisposable
{
    private const int RememberedIds = 10_000;
    private static readonly TimeSpan SubscribeReplyTimeout = TimeSpan.FromSeconds(5);
    private const string FloorRecord = "sync-floor";
    private readonly Dictionary<Guid, Guid> _lastSeen = [];
    private readonly Dictionary<Guid, List<Guid>> _handled = [];

    // Where each channel's catch-up of the current gateway session started (Guid.Empty: from the floor). A session that
    // ends having maybe lost events (a refused resume, a server's resync_required) lost them in whatever order they were
    // in flight, possibly behind newer ones it did receive, so the next catch-up starts here rather than at the cursor.
    private readonly Dictionary<Guid, Guid> _sessionStart = [];
    private readonly HashSet<Guid> _seen = [];
    private readonly Queue<Guid> _seenOrder = new();
    private readonly HashSet<Guid> _subscribed = [];
    private readonly List<TaskCompletionSource<IReadOnlyList<Guid>?>> _awaitingSubscribed = [];
    private readonly SemaphoreSlim _subscribeOrder = new(1, 1);
    private readonly Lock _lock = new();
    private DateTimeOffset? _floor;

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

            if (!_handled.TryGetValue(message.ChannelId, out var handled))
            {
                _handled[message.ChannelId] = handled = [];
            }

            handled.Add(message.Id);
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
            foreach (var handled in _handled.Values)
            {
                handled.Remove(messageId);
            }
        }
    }

    /// <summary>
    /// Persists the channel's cursor (the newest message claimed) with the ids handled within the overlap before it. Call
    /// it once what was claimed in the channel is handled and none of it is held (a crash in between re-fetches it).
    /// </summary>
    public ValueTask CommitAsync(Guid channel, CancellationToken cancellationToken)
    {
        CatchUpCursor cursor;
        lock (_lock)
        {
            if (!_lastSeen.TryGetValue(channel, out var newest))
            {
                return ValueTask.CompletedTask;
            }

            var from = CatchUpCursor.TimeOf(newest) - CatchUpCursor.Overlap;
            var handled = _handled.TryGetValue(channel, out var list) ? list : [];
            handled.RemoveAll(id => CatchUpCursor.TimeOf(id) < from);
            if (handled.Count > CatchUpCursor.MaxHandled)
            {
                handled.Sort();
                handled.RemoveRange(0, handled.Count - CatchUpCursor.MaxHandled);
            }

            cursor = new CatchUpCursor(newest, [.. handled]);
        }

        return state.PutAsync(CursorRecord(channel), cursor.Serialize(), cancellationToken);
    }

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

    /// <summary>
    /// Subscribes the session to the group channels not subscribed yet and returns those once the server confirmed the
    /// subscription: a catch-up read before that could miss a message posted while the subscribe frame was in flight,
    /// which then would never arrive at all. A channel the server refused (read access lost while the frame was in flight)
    /// is not returned and not kept as subscribed, so regaining access subscribes it again: the server sends no
    /// <c>subscription_revoked</c> for a subscription it never registered.
    /// </summary>
    public async Task<IReadOnlyList<Channel>> SubscribeAsync(IEnumerable<Channel> channels, CancellationToken cancellationToken)
    {
        List<Channel> added;
        lock (_lock)
        {
            added = [.. channels.Where(c => c.Type != ChannelType.Dm && c.GroupId is not null && _subscribed.Add(c.Id))];
        }

        var refused = new HashSet<Guid>();
        for (var i = 0; i < added.Count; i += ChatalotLimits.GatewaySubscribeBatchMax)
        {
            var batch = added.Skip(i).Take(ChatalotLimits.GatewaySubscribeBatchMax).Select(c => c.Id).ToList();
            var frame = new SubscribeFrame(batch);
            var reply = new TaskCompletionSource<IReadOnlyList<Guid>?>(TaskCreationOptions.RunContinuationsAsynchronously);

            // The server answers each subscribe with one `subscribed`, in frame order: waiters queue in the same order.
            await _subscribeOrder.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                lock (_lock)
                {
                    _awaitingSubscribed.Add(reply);
                }

                if (!await sendFrame(frame, cancellationToken).ConfigureAwait(false))
                {
                    Forget(reply);
                }
            }
            catch
            {
                Forget(reply);
                throw;
            }
            finally
            {
                _subscribeOrder.Release();
            }

            IReadOnlyList<Guid>? accepted = null;
            try
            {
                accepted = await reply.Task.WaitAsync(SubscribeReplyTimeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // No answer (a refused frame): catch up anyway; at worst the race above is back for this one.
            }

            if (accepted is not null)
            {
                refused.UnionWith(batch.Except(accepted));
            }
        }

        if (refused.Count == 0)
        {
            return added;
        }

        lock (_lock)
        {
            _subscribed.ExceptWith(refused);
        }

        return [.. added.Where(c => !refused.Contains(c.Id))];
    }

    /// <summary>
    /// A <c>subscribed</c> reply: the oldest subscribe waiting for one is registered on the server, for the channels in
    /// <paramref name="accepted"/> (null: all of them).
    /// </summary>
    public void OnSubscribed(IReadOnlyList<Guid>? accepted = null)
    {
        TaskCompletionSource<IReadOnlyList<Guid>?>? oldest = null;
        lock (_lock)
        {
            if (_awaitingSubscribed.Count > 0)
            {
                oldest = _awaitingSubscribed[0];
                _awaitingSubscribed.RemoveAt(0);
            }
        }

        oldest?.TrySetResult(accepted);
    }

    /// <summary>The connection dropped: no reply will come; the next session subscribes and catches up again.</summary>
    public void OnDisconnected()
    {
        List<TaskCompletionSource<IReadOnlyList<Guid>?>> waiting;
        lock (_lock)
        {
            waiting = [.. _awaitingSubscribed];
            _awaitingSubscribed.Clear();
        }

        foreach (var reply in waiting)
        {
            reply.TrySetResult(null);
        }
    }

    public void Dispose()
    {
        OnDisconnected();
        _subscribeOrder.Dispose();
    }

    private void Forget(TaskCompletionSource<IReadOnlyList<Guid>?> reply)
    {
        lock (_lock)
        {
            _awaitingSubscribed.Remove(reply);
        }

        reply.TrySetResult(null);
    }

    /// <summary>
    /// Fetches, oldest first, what each channel received after its cursor — or, for a channel this device never handled
    /// a message in, since the device was created — and hands each message to <paramref name="handle"/>. With
    /// <paramref name="rewind"/> (the previous session may have lost events), from where the previous session's catch-up
    /// started instead, when that is earlier: what was handled already is filtered by <see cref="TryBegin"/>.
    /// </summary>
    public async Task CatchUpAsync(IEnumerable<Channel> channels, Action<WireMessage> handle, CancellationToken cancellationToken, bool rewind = false)
    {
        foreach (var channel in channels)
        {
            try
            {
                await CatchUpAsync(channel, handle, rewind, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
            {
                // Read access lost (or the channel deleted) since it was listed: nothing of it is this device's to fetch,
                // and the server ends the subscription itself (subscription_revoked, channel_deleted). Failing here would
                // fail the whole session setup, and the reconnect after it loses the events sent in between.
            }
        }
    }

    /// <summary>
    /// Fetches a channel's history back to <paramref name="floor"/>, below any cursor (keys restored from the backup may
    /// open it), and hands it over oldest first; what was handled already is filtered by <see cref="TryBegin"/>.
    /// </summary>
    public Task BackfillAsync(Channel channel, DateTimeOffset floor, Action<WireMessage> handle, CancellationToken cancellationToken) =>
        BackToFloorAsync(new ChannelId(channel.Id), before: null, floor, handle, cancellationToken);

    private async Task CatchUpAsync(Channel channel, Action<WireMessage> handle, bool rewind, CancellationToken cancellationToken)
    {
        var id = new ChannelId(channel.Id);
        var cursor = await RestoreAsync(channel.Id, cancellationToken).ConfigureAwait(false);
        Guid? previousStart = null;
        lock (_lock)
        {
            if (rewind && _sessionStart.TryGetValue(channel.Id, out var start))
            {
                previousStart = start;
            }

            _sessionStart[channel.Id] = cursor?.Newest ?? Guid.Empty;
        }

        if (cursor is not null && previousStart != Guid.Empty)
        {
            // The overlap first (oldest first, before the cursor), then what came after it: a message that committed
            // late with a lower id than the cursor's is in the overlap; what was handled there is filtered by TryBegin.
            // After a session that may have lost events, back to where that session's catch-up started.
            var from = previousStart is { } earlier && earlier.CompareTo(cursor.Newest) < 0 ? earlier : cursor.Newest;
            var floor = CatchUpCursor.TimeOf(from) - CatchUpCursor.Overlap;
            try
            {
                await BackToFloorAsync(id, new MessageId(cursor.Newest), floor, handle, cancellationToken).ConfigureAwait(false);
                await ForwardFromAsync(id, cursor.Newest, handle, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotApiException ex) when (ex.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                // The cursor message is gone (deleted, then purged after the retention period): page back from the newest
                // message to the cursor's time instead. What was handled already is filtered as above.
                await BackToFloorAsync(id, before: null, floor, handle, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            // Never read here: from the device's creation, or from when this user joined if that came later (what was
            // sent before is not this user's to read, and would only show as undecryptable).
            var floor = await FloorAsync(cancellationToken).ConfigureAwait(false);
            if (await joinedAt(channel, cancellationToken).ConfigureAwait(false) is { } joined && joined > floor)
            {
                floor = joined;
            }

            await BackToFloorAsync(id, before: null, floor, handle, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the channel's persisted cursor, if any, and takes it in (a restarted process): the ids it remembers count as
    /// handled, and the cursor never moves back behind it when a late message of the overlap is handled.
    /// </summary>
    internal async Task<CatchUpCursor?> RestoreAsync(Guid channel, CancellationToken cancellationToken)
    {
        if (await state.GetAsync(CursorRecord(channel), cancellationToken).ConfigureAwait(false) is not { } saved
            || CatchUpCursor.Deserialize(saved) is not { } cursor)
        {
            return null;
        }

        lock (_lock)
        {
            if (!_lastSeen.TryGetValue(channel, out var newest) || cursor.Newest.CompareTo(newest) > 0)
            {
                _lastSeen[channel] = cursor.Newest;
            }

            if (!_handled.TryGetValue(channel, out var handled))
            {
                _handled[channel] = handled = [];
            }

            foreach (var id in cursor.Handled.Where(_seen.Add))
            {
                _seenOrder.Enqueue(id);
                handled.Add(id);
            }

            while (_seenOrder.Count > RememberedIds)
            {
                _seen.Remove(_seenOrder.Dequeue());
            }
        }

        return cursor;
    }

    private async Task ForwardFromAsync(ChannelId channel, Guid after, Action<WireMessage> handle, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await rest.GetMessagesAsync(channel, after: new MessageId(after), limit: ChatalotLimits.MessagePageMaxSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var message in page.Messages)
            {
                handle(message);
            }

            if (!page.HasNewer || page.Messages.Count == 0)
            {
                return;
            }

            after = page.Messages[^1].Id;
        }
    }

    /// <summary>
    /// Pages back from the newest message (or from just before <paramref name="before"/>) to the first one stored after
    /// <paramref name="floor"/>, then hands them over oldest first.
    /// </summary>
    private async Task BackToFloorAsync(ChannelId channel, MessageId? before, DateTimeOffset floor, Action<WireMessage> handle, CancellationToken cancellationToken)
    {
        var pages = new List<IReadOnlyList<WireMessage>>();
        while (true)
        {
            var page = await rest.GetMessagesAsync(channel, before: before, limit: ChatalotLimits.MessagePageMaxSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            var recent = page.Messages.Where(m => m.CreatedAt >= floor).ToList();
            pages.Add(recent);
            if (recent.Count < page.Messages.Count || !page.HasOlder || page.Messages.Count == 0)
            {
                break;
            }

            before = new MessageId(page.Messages[0].Id);
        }

        for (var i = pages.Count - 1; i >= 0; i--)
        {
            foreach (var message in pages[i])
            {
                handle(message);
            }
        }
    }

    /// <summary>
    /// When this device's sync state was first created (less a minute for clock skew): it holds no keys for messages
    /// stored before. A message in the margin that was not meant for it is refused by its sender (unauthorised) and dropped.
    /// </summary>
    private async ValueTask<DateTimeOffset> FloorAsync(CancellationToken cancellationToken)
    {
        if (_floor is { } known)
        {
            return known;
        }

        if (await state.GetAsync(FloorRecord, cancellationToken).ConfigureAwait(false) is not { Length: 8 } saved)
        {
            saved = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(saved, time.GetUtcNow().ToUnixTimeMilliseconds() - 60_000);
            await state.PutAsync(FloorRecord, saved, cancellationToken).ConfigureAwait(false);
        }

        _floor = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(saved));
        return _floor.Value;
    }

    private static string CursorRecord(Guid channel) => "cursor:" + channel.ToString("N");
}
