using Chatalot.Client.Gateway.Internal;
using Chatalot.Protocol.Gateway;
using Microsoft.Extensions.Logging;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client;

public sealed partial class ChatalotClient
{
    private readonly Dictionary<Guid, Guid> _lastSeen = [];
    private readonly HashSet<Guid> _seen = [];
    private readonly HashSet<Guid> _subscribed = [];
    private readonly Queue<Guid> _seenOrder = new();
    private readonly Lock _seenLock = new();

    /// <summary>
    /// Second stage after the receive loop: decrypts off the loop, one event at a time per channel (so order holds),
    /// then hands the result to <see cref="Events"/>. The receive loop only enqueues.
    /// </summary>
    private async ValueTask HandleMessageAsync(WireMessage message, bool catchUp, CancellationToken cancellationToken)
    {
        bool newest;
        lock (_seenLock)
        {
            // Live delivery and REST catch-up can overlap after a refused resume: each message is surfaced once.
            if (!_seen.Add(message.Id))
            {
                return;
            }

            _seenOrder.Enqueue(message.Id);
            if (_seenOrder.Count > 10_000)
            {
                _seen.Remove(_seenOrder.Dequeue());
            }

            // Ids are UUIDv7, ordered by the server's clock: a live message can be handled before older ones that catch-up
            // brings in, and the cursor must not move back to them (a restart would then refetch and replay).
            newest = !_lastSeen.TryGetValue(message.ChannelId, out var previous) || message.Id.CompareTo(previous) > 0;
            if (newest)
            {
                _lastSeen[message.ChannelId] = message.Id;
            }
        }

        ChatalotEvent? result;
        try
        {
            result = await _messenger!.DecryptAsync(message, catchUp, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A transient failure (REST, store) must not make the message look handled: the next catch-up retries it.
            lock (_seenLock)
            {
                _seen.Remove(message.Id);
            }

            throw;
        }

        // The per-channel cursor is persisted with the device state, so a restarted client catches up on what it
        // missed while it was down (see CatchUpAsync). Written after decrypting: a crash in between re-fetches the
        // message, and the ratchet reports the duplicate instead of showing it twice.
        if (newest)
        {
            await _device!.PutAsync("cursor:" + message.ChannelId.ToString("N"), message.Id.ToByteArray(), cancellationToken).ConfigureAwait(false);
        }
        if (result is not null)
        {
            Events.Publish(result);
        }
    }

    /// <summary>
    /// Decrypts an edit's new body exactly like a new message (same ciphers, same undecryptable handling), but without the
    /// once-only filter and cursor of new messages: an edit reuses its message's id.
    /// </summary>
    private async ValueTask HandleEditAsync(WireMessage message, CancellationToken cancellationToken)
    {
        var editedAt = message.EditedAt ?? _time.GetUtcNow();
        switch (await _messenger!.DecryptAsync(message, catchUp: false, cancellationToken).ConfigureAwait(false))
        {
            case MessageReceived received:
                Events.Publish(new MessageEdited
                {
                    MessageId = received.MessageId,
                    ChannelId = received.ChannelId,
                    Sender = received.Sender,
                    Text = received.Text,
                    SentAt = received.SentAt,
                    EditedAt = editedAt,
                    Trust = received.Trust,
                    IsDirect = received.IsDirect,
                    ReceivedAt = received.ReceivedAt,
                });
                break;
            case MessageUndecryptable undecryptable:
                Events.Publish(undecryptable with { EditedAt = editedAt });
                break;
        }
    }

    private async Task OnSessionStartedAsync(bool resumed, bool mustResync, CancellationToken cancellationToken)
    {
        var messenger = _messenger!;
        var channels = await messenger.RefreshChannelsAsync(cancellationToken).ConfigureAwait(false);
        if (!resumed)
        {
            lock (_seenLock)
            {
                _subscribed.Clear();
            }

            await SubscribeAsync(channels, cancellationToken).ConfigureAwait(false);
        }

        await messenger.ProcessInboxAsync(cancellationToken).ConfigureAwait(false);
        if (!resumed)
        {
            // A fresh session (first start, restart, or a refused resume): fetch what arrived since each channel's
            // last handled message. On a first start there is no cursor, so nothing old is replayed.
            await CatchUpAsync(channels, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SubscribeNewChannelsAsync(CancellationToken cancellationToken) =>
        await SubscribeAsync(await _messenger!.RefreshChannelsAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private async Task SubscribeAsync(IEnumerable<Protocol.Channels.Channel> channels, CancellationToken cancellationToken)
    {
        List<Guid> ids;
        lock (_seenLock)
        {
            ids = [.. channels.Where(Encryption.Internal.Messenger.IsGroupChannel).Select(c => c.Id).Where(_subscribed.Add)];
        }

        for (var i = 0; i < ids.Count; i += Protocol.ChatalotLimits.GatewaySubscribeBatchMax)
        {
            await SendFrameAsync(new SubscribeFrame([.. ids.Skip(i).Take(Protocol.ChatalotLimits.GatewaySubscribeBatchMax)]), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fetches what each channel received since the last message this device handled there.</summary>
    private async Task CatchUpAsync(IEnumerable<Protocol.Channels.Channel> channels, CancellationToken cancellationToken)
    {
        var cursors = new Dictionary<Guid, Guid>();
        foreach (var known in channels)
        {
            if (await _device!.GetAsync("cursor:" + known.Id.ToString("N"), cancellationToken).ConfigureAwait(false) is { Length: 16 } saved)
            {
                cursors[known.Id] = new Guid(saved);
            }
        }

        lock (_seenLock)
        {
            foreach (var (channel, last) in _lastSeen)
            {
                cursors.TryAdd(channel, last);
            }
        }

        foreach (var (channel, last) in cursors)
        {
            var after = new MessageId(last);
            while (true)
            {
                var page = await Rest.GetMessagesAsync(new ChannelId(channel), after: after, limit: 100, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var message in page.Messages)
                {
                    _inbound.Enqueue(channel.ToString(), ct => HandleMessageAsync(message, catchUp: true, ct));
                }

                if (!page.HasNewer || page.Messages.Count == 0)
                {
                    break;
                }

                after = new MessageId(page.Messages[^1].Id);
            }
        }
    }

    private Task SendFrameAsync(ClientFrame frame, CancellationToken cancellationToken) =>
        Volatile.Read(ref _gateway)?.SendAsync(frame, cancellationToken) ?? Task.CompletedTask;

    private void OnServerEvent(ServerEvent serverEvent)
    {
        var messenger = _messenger!;
        switch (serverEvent)
        {
            case MessageCreatedEvent created:
                _inbound.Enqueue(created.Message.ChannelId.ToString(), ct => HandleMessageAsync(created.Message, catchUp: false, ct));
                break;
            case MessageUpdatedEvent updated:
                _inbound.Enqueue(updated.Message.ChannelId.ToString(), ct => HandleEditAsync(updated.Message, ct));
                break;
            case MessageDeletedEvent deleted:
                // Through the channel's queue, so a deletion never overtakes the creation or edit still being decrypted.
                _inbound.Enqueue(deleted.ChannelId.ToString(), _ =>
                {
                    Events.Publish(new MessageDeleted
                    {
                        ChannelId = new ChannelId(deleted.ChannelId),
                        MessageId = new MessageId(deleted.MessageId),
                        ReceivedAt = _time.GetUtcNow(),
                    });
                    return ValueTask.CompletedTask;
                });
                break;
            case TypingStartedEvent typing:
                Events.Publish(new TypingStarted
                {
                    ChannelId = new ChannelId(typing.ChannelId),
                    UserId = new UserId(typing.UserId),
                    ExpiresAt = typing.ExpiresAt,
                    ReceivedAt = _time.GetUtcNow(),
                });
                break;
            case PresenceUpdatedEvent presence:
                Events.Publish(new PresenceChanged
                {
                    UserId = new UserId(presence.UserId),
                    Status = presence.Status,
                    ReceivedAt = _time.GetUtcNow(),
                });
                break;
            case PresenceSnapshotEvent snapshot:
                foreach (var user in snapshot.Users)
                {
                    Events.Publish(new PresenceChanged
                    {
                        UserId = new UserId(user.UserId),
                        Status = user.Status,
                        ReceivedAt = _time.GetUtcNow(),
                    });
                }

                break;
            case ToDeviceEvent toDevice:
                _inbound.Enqueue("to-device", async ct => await messenger.ProcessToDeviceAsync(toDevice.Message, ct).ConfigureAwait(false));
                break;
            case MemberJoinedEvent joined:
                messenger.OnMembershipChanged(joined.CommunityId, joined.GroupId, departed: false);
                if (joined.UserId == CurrentUserId?.Value)
                {
                    // We joined something: subscribe to its channels (DMs need no subscription).
                    _inbound.Enqueue("membership", async ct => await SubscribeNewChannelsAsync(ct).ConfigureAwait(false));
                }

                Events.Publish(new MemberJoined
                {
                    CommunityId = new CommunityId(joined.CommunityId),
                    GroupId = joined.GroupId is { } g ? new GroupId(g) : null,
                    UserId = new UserId(joined.UserId),
                    ReceivedAt = _time.GetUtcNow(),
                });
                break;
            case MemberRemovedEvent removed:
                messenger.OnMembershipChanged(removed.CommunityId, removed.GroupId, departed: true);
                Events.Publish(new MemberRemoved
                {
                    CommunityId = new CommunityId(removed.CommunityId),
                    GroupId = removed.GroupId is { } rg ? new GroupId(rg) : null,
                    UserId = new UserId(removed.UserId),
                    Reason = removed.Reason,
                    ReceivedAt = _time.GetUtcNow(),
                });
                break;
            case ChannelUpdatedEvent updated:
                messenger.ForgetChannel(updated.Channel.Id);
                break;
            case ChannelCreatedEvent channelCreated:
                // The server sends channel_created only to users who can read the new channel (gateway.md), so the
                // event itself is the permission check: subscribe now rather than at the next reconnect. Queued with
                // membership changes, which share the subscription set.
                _inbound.Enqueue("membership", async ct => await SubscribeAsync([channelCreated.Channel], ct).ConfigureAwait(false));
                break;
            case GroupUpdatedEvent:
                // A new group comes with its own #general channel but no channel_created for it (the server announces
                // the group instead), so a group event re-lists this user's channels and subscribes the new ones.
                // Group events are rare; the listing is one REST call.
                _inbound.Enqueue("membership", async ct => await SubscribeNewChannelsAsync(ct).ConfigureAwait(false));
                break;
            case ChannelDeletedEvent channelDeleted:
                messenger.ForgetChannel(channelDeleted.ChannelId);
                lock (_seenLock)
                {
                    _subscribed.Remove(channelDeleted.ChannelId);
                }

                break;
            case SubscriptionRevokedEvent revoked:
                // Lost read access: forget the subscription so that regaining access (a later join) subscribes again.
                lock (_seenLock)
                {
                    _subscribed.Remove(revoked.ChannelId);
                }

                break;
            case PrekeysLowEvent:
                _inbound.Enqueue("keys", async ct => await _keys!.ReplenishAsync(ct).ConfigureAwait(false));
                break;
        }
    }

    private sealed class GatewayHandler(ChatalotClient client) : IGatewayHandler
    {
        public void OnEvent(ServerEvent serverEvent) => client.OnServerEvent(serverEvent);

        public void OnReply(ServerFrame frame)
        {
            if (frame is ErrorFrame error)
            {
                LogGatewayError(client.Logger, error.Code);
            }
        }

        public Task OnSessionStartedAsync(bool resumed, bool mustResync, CancellationToken cancellationToken) =>
            client.OnSessionStartedAsync(resumed, mustResync, cancellationToken);
    }

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "The gateway reported an error: {Code}")]
    private static partial void LogGatewayError(ILogger logger, string code);
}
