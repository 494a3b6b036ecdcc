using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Messages.Internal;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.ToDevice;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client.Core.Internal;

internal sealed partial class ClientCore
{
    /// <summary>How far back a restored device fetches channel history its restored chains may open.</summary>
    private static readonly TimeSpan HistoryWindow = TimeSpan.FromDays(90);

    /// <summary>Routes one server event; runs on the gateway's receive loop, so it only publishes or enqueues.</summary>
    public void OnServerEvent(ServerEvent serverEvent)
    {
        switch (serverEvent)
        {
            case MessageCreatedEvent created:
                _inbound.Enqueue(created.Message.ChannelId.ToString(), ct => HandleCreatedAsync(created.Message, catchUp: false, ct));
                break;
            case MessageUpdatedEvent updated:
                _inbound.Enqueue(updated.Message.ChannelId.ToString(), ct => HandleEditedAsync(updated.Message, ct));
                break;
            case MessageDeletedEvent deleted:
                // Through the channel's queue, so a deletion never overtakes the creation or edit still being decrypted.
                _inbound.Enqueue(deleted.ChannelId.ToString(), _ =>
                {
                    _conversations.ObserveDeleted(new MessageId(deleted.MessageId));
                    _events.Publish(_mapper.ServerDeleted(deleted));
                    return ValueTask.CompletedTask;
                });
                break;
            case ToDeviceEvent toDevice:
                _inbound.Enqueue("to-device", async ct => await _inbox.ProcessAsync(toDevice.Message, ct).ConfigureAwait(false));
                break;
            case MemberJoinedEvent joined:
                Directory.ForgetMembers(joined.GroupId);
                if (joined.UserId == _self.Value)
                {
                    // We joined something: subscribe to its channels (DMs need no subscription) and fetch what they hold.
                    _inbound.Enqueue("membership", async ct => await SubscribeNewChannelsAsync(ct).ConfigureAwait(false));
                }

                break;
            case MemberRemovedEvent removed:
                Directory.ForgetMembers(removed.GroupId);
                Distributor.OnDeparture(removed.CommunityId, removed.GroupId);
                break;
            case ChannelUpdatedEvent updated:
                Directory.ForgetChannel(updated.Channel.Id);
                break;
            case ChannelCreatedEvent channelCreated:
                // The server sends channel_created only to users who can read the new channel (gateway.md), so the event
                // itself is the permission check. Queued with membership changes, which share the subscription set.
                _inbound.Enqueue("membership", async ct => await SubscribeAndCatchUpAsync([Directory.Remember(channelCreated.Channel)], ct).ConfigureAwait(false));
                break;
            case GroupUpdatedEvent:
                // A new group comes with its own #general channel but no channel_created for it, so a group event re-lists
                // this user's channels and subscribes the new ones. Group events are rare; the listing is one REST call.
                _inbound.Enqueue("membership", async ct => await SubscribeNewChannelsAsync(ct).ConfigureAwait(false));
                break;
            case ChannelDeletedEvent channelDeleted:
                Directory.ForgetChannel(channelDeleted.ChannelId);
                _sync.Unsubscribed(channelDeleted.ChannelId);
                break;
            case SubscriptionRevokedEvent revoked:
                // Lost read access: forget the subscription so that regaining access (a later join) subscribes again.
                _sync.Unsubscribed(revoked.ChannelId);
                break;
            case RolesUpdatedEvent:
            case OverridesUpdatedEvent:
            case MemberUpdatedEvent:
                // Anyone's view of a channel may have changed: whom channel keys go to is read again.
                Directory.ForgetChannelMembers();
                if (serverEvent is MemberUpdatedEvent { Member.UserId: var memberId } && memberId != _self.Value)
                {
                    break;
                }

                // Roles and overrides can grant view of channels, and the server sends no channel_created for those: re-list
                // this user's channels and subscribe the new ones (lost ones end with subscription_revoked).
                _inbound.Enqueue("membership", async ct => await SubscribeNewChannelsAsync(ct).ConfigureAwait(false));
                break;
            case DeviceListUpdatedEvent listUpdated:
                var owner = new UserId(listUpdated.UserId);
                Directory.ForgetDevices(owner);
                _inbound.Enqueue("devices", async ct => await RefreshDeviceListAsync(owner, ct).ConfigureAwait(false));
                break;
            case DeviceLinkUpdatedEvent linkUpdated:
                Linker.OnLinkUpdated();
                if (linkUpdated.State == Protocol.Devices.DeviceLinkState.Requested && Keyring.Status == DeviceLinkStatus.Linked)
                {
                    _inbound.Enqueue("devices", async ct => await AnnounceLinkRequestAsync(linkUpdated.LinkId, ct).ConfigureAwait(false));
                }

                break;
            case VoiceStateUpdatedEvent or VoiceParticipantLeftEvent:
                Voice.OnServerEvent(serverEvent);
                break;
            case PrekeysLowEvent:
                _inbound.Enqueue("keys", async ct => await _keys.ReplenishAsync(ct).ConfigureAwait(false));
                break;
        }

        if (_mapper.Map(serverEvent) is { } mapped)
        {
            foreach (var published in mapped)
            {
                _events.Publish(published);
            }
        }
    }

    private async Task SubscribeNewChannelsAsync(CancellationToken cancellationToken) =>
        await SubscribeAndCatchUpAsync(await Directory.RefreshChannelsAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Subscribes the channels not subscribed yet and fetches what they already hold for this device: messages posted
    /// between the channel's creation and the subscription would otherwise never arrive.
    /// </summary>
    private async Task SubscribeAndCatchUpAsync(IReadOnlyList<Protocol.Channels.Channel> channels, CancellationToken cancellationToken)
    {
        var added = await _sync.SubscribeAsync(channels, cancellationToken).ConfigureAwait(false);
        await _sync.CatchUpAsync(added, EnqueueCatchUp, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new message, live or from catch-up: decrypted once, then published, held, or reported.</summary>
    private async ValueTask HandleCreatedAsync(WireMessage message, bool catchUp, CancellationToken cancellationToken)
    {
        if (!_sync.TryBegin(message, out _))
        {
            return;
        }

        DecryptOutcome outcome;
        try
        {
            outcome = await DecryptInTurnAsync(message, isEdit: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A transient failure (store, network) must not make the message look handled: the next catch-up retries it.
            _sync.Abandon(message.Id);
            throw;
        }

        Deliver(message, outcome, isEdit: false, catchUp);

        // The cursor is persisted with the device state, so a restarted client catches up on what it missed. It does not
        // move while a message of the channel waits for its key: that one is not kept across a restart. An older message
        // (one that committed late) is committed too, so the ids handled in the overlap are remembered across a restart.
        if (!_held.Holds(message.ChannelId))
        {
            await _sync.CommitAsync(message.ChannelId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A new body for an existing message; decrypted like a new one, without the once-only filter and cursor.</summary>
    private async ValueTask HandleEditedAsync(WireMessage message, CancellationToken cancellationToken) =>
        Deliver(message, await DecryptInTurnAsync(message, isEdit: true, cancellationToken).ConfigureAwait(false), isEdit: true, catchUp: false);

    /// <summary>
    /// Decrypts a message, unless an earlier message of the same sender chain is held: then it is not decrypted but held
    /// behind it (as missing its key), so the sender's messages surface in the order they were sent once the chain comes.
    /// </summary>
    private async Task<DecryptOutcome> DecryptInTurnAsync(WireMessage message, bool isEdit, CancellationToken cancellationToken) =>
        message.Envelope?.Ciphertext is { } ciphertext && SenderKeyLedger.ReadHeader(ciphertext) is { } header
            && _held.HoldsChain(message.ChannelId, message.SenderId, message.SenderDeviceId, header.ChainId)
            ? new DecryptOutcome.MissingKey(header.ChainId, header.Iteration)
            : await _decryptor.DecryptAsync(message, isEdit, cancellationToken).ConfigureAwait(false);

    private void Deliver(WireMessage message, DecryptOutcome outcome, bool isEdit, bool catchUp)
    {
        if (outcome is DecryptOutcome.Decrypted { Plaintext: { } plaintext } && !isEdit && message.Envelope?.Devices is not null)
        {
            // Direct-message history for this account's future devices (crypto.md §15.5); only queued, never awaited.
            History.OnDirectMessage(message.ChannelId, message.Id, message.CreatedAt, plaintext);
        }

        switch (outcome)
        {
            case DecryptOutcome.MissingKey missing:
                _held.Hold(message, isEdit, catchUp, missing.ChainId, missing.Iteration);
                break;
            case DecryptOutcome.Failed { Reason: UndecryptableReason.Duplicate } when catchUp:
                // Catch-up overlapping what this device already read before a restart: nothing new.
                break;
            case DecryptOutcome.Decrypted decrypted when decrypted.Content.Sender!.UserId == _self.Value && decrypted.Content.Kind != ContentKind.Edit:
                Outbox.NoteOwn(new MessageId(message.Id), decrypted.Content.ClientMessageId);
                PublishMessage(_mapper.FromOutcome(message, outcome, isEdit, catchUp)!);
                break;
            default:
                if (_mapper.FromOutcome(message, outcome, isEdit, catchUp) is { } mapped)
                {
                    PublishMessage(mapped);
                }

                break;
        }
    }

    /// <summary>
    /// Publishes a message event after the conversation model took it in: a received message gains its quote and
    /// <see cref="MessageReceived.MentionsMe"/>, and the aggregates it changed (reactions, polls, pins) follow it.
    /// </summary>
    private void PublishMessage(ChatalotEvent mapped)
    {
        switch (mapped)
        {
            case MessageReceived received:
                var observed = new Conversations.Internal.Observed(received.MessageId, received.ChannelId, received.Sender.UserId, received.SentAt, received.Content, received.IsDirect, Live: !received.IsCatchUp);
                var outcome = _conversations.Observe(observed, _self, _time.GetUtcNow());
                _events.Publish(received with { ReplyTo = outcome.Quote, MentionsMe = outcome.MentionsMe });
                foreach (var change in outcome.Changes)
                {
                    _events.Publish(change);
                }

                return;
            case MessageEdited edited:
                _conversations.ObserveEdit(edited.MessageId, edited.Content);
                break;
            case MessageDeleted { IsAuthenticated: true } deleted:
                _conversations.ObserveDeleted(deleted.MessageId);
                break;
        }

        _events.Publish(mapped);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Released on the channel's queue, not here: a message of the chain already queued behind the held ones is then
    /// held behind them too (<see cref="DecryptInTurnAsync"/>) instead of overtaking them, and one whose decryption
    /// failed just before this install, but was held just after it, is released as well.
    /// </remarks>
    void InboxProcessor.IHandler.ChainInstalled(Guid channel, UserId user, DeviceId device) =>
        _inbound.Enqueue(channel.ToString(), async ct =>
        {
            foreach (var entry in _held.Release(channel, user, device))
            {
                var outcome = await _decryptor.DecryptAsync(entry.Message, entry.IsEdit, ct).ConfigureAwait(false);
                Deliver(entry.Message, outcome, entry.IsEdit, entry.CatchUp);
                if (!entry.IsEdit && !_held.Holds(channel))
                {
                    await _sync.CommitAsync(channel, ct).ConfigureAwait(false);
                }
            }
        });

    /// <inheritdoc />
    void InboxProcessor.IHandler.DistributionInstalled(Guid channel, UserId user, DeviceId device, uint chainId, byte[] distribution) =>
        History.OnChainInstalled(channel, user, device, chainId, distribution);

    /// <summary>
    /// Chains came from the key backup (a restore, or a link that carried the recovery key): release the messages that
    /// waited for them, then fetch each channel's history back to when this user joined it (at most
    /// <see cref="HistoryWindow"/>), which the new chains may open. Messages of chains not in the backup stay unreadable.
    /// </summary>
    private async Task OnHistoryRestoredAsync(IReadOnlyList<(Guid Channel, UserId User, DeviceId Device)> installed, CancellationToken cancellationToken)
    {
        foreach (var (channel, user, device) in installed)
        {
            ((InboxProcessor.IHandler)this).ChainInstalled(channel, user, device);
        }

        var floor = _time.GetUtcNow() - HistoryWindow;
        foreach (var channelId in installed.Select(i => i.Channel).Concat(History.DirectChannels).Distinct())
        {
            try
            {
                var channel = await Directory.GetChannelAsync(new ChannelId(channelId), cancellationToken).ConfigureAwait(false);
                var joined = await JoinedAtAsync(channel, cancellationToken).ConfigureAwait(false);
                await _sync.BackfillAsync(channel, joined is { } at && at > floor ? at : floor, EnqueueBackfill, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotApiException)
            {
                // The channel is gone or no longer visible: nothing of it to read.
            }
        }
    }

    /// <summary>
    /// A message the restored chains may open gets a second chance even if it was handled (reported unreadable) before:
    /// one read already is refused as a duplicate, which catch-up ignores.
    /// </summary>
    private void EnqueueBackfill(WireMessage message) =>
        _inbound.Enqueue(message.ChannelId.ToString(), ct =>
        {
            _sync.Abandon(message.Id);
            return HandleCreatedAsync(message, catchUp: true, ct);
        });

    /// <inheritdoc />
    /// <remarks>Bookmarks are the user's own: a payload from anyone else is dropped (content.md §6.3).</remarks>
    async Task InboxProcessor.IHandler.BookmarkChangedAsync(UserId user, DevicePayload payload, CancellationToken cancellationToken)
    {
        if (user == _self)
        {
            await Bookmarks.ApplyRemoteAsync(payload, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>Only the user's own devices get the bookmarks; a request from anyone else is dropped.</remarks>
    async Task InboxProcessor.IHandler.BookmarkSyncRequestedAsync(UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        if (user == _self)
        {
            // A new device of ours: later changes must reach it too, not only when the cached device list expires.
            Directory.NoteSenderDevice(user, device);
            try
            {
                await Bookmarks.AnswerSyncAsync(device, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotClientException ex) when (ex.Code == Protocol.Errors.ErrorCodes.NotFound)
            {
                // The device was removed since it asked (a browser signed out): nobody to answer. Rethrowing would keep
                // the request in the inbox and fail every later session start on it.
            }
        }
    }

    /// <inheritdoc />
    Task InboxProcessor.IHandler.CallSignalAsync(UserId user, DeviceId device, DevicePayload payload, CancellationToken cancellationToken) =>
        Voice.OnSignalAsync(user, device, payload, cancellationToken);

    /// <inheritdoc />
    void InboxProcessor.IHandler.KeyWithheld(Guid channel, UserId user, DeviceId device, uint chainId, string code)
    {
        foreach (var entry in _held.Release(channel, user, device, chainId))
        {
            if (code == KeyWithheldCodes.Unauthorised && !entry.Reported)
            {
                // Sent before this user was a member (content.md §6.2): never meant for it, so nothing to show.
                continue;
            }

            _inbound.Enqueue(channel.ToString(), _ =>
            {
                _events.Publish(_mapper.FromOutcome(entry.Message, new DecryptOutcome.Failed(UndecryptableReason.KeyWithheld, code), entry.IsEdit, entry.CatchUp)!);
                return ValueTask.CompletedTask;
            });
        }
    }

    /// <inheritdoc />
    async Task InboxProcessor.IHandler.KeyRequestedAsync(UserId user, DeviceId device, DevicePayload request, CancellationToken cancellationToken)
    {
        Protocol.Channels.Channel channel;
        try
        {
            channel = await Directory.GetChannelAsync(new ChannelId(request.Conversation.Id), cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotApiException)
        {
            return; // Not a channel this user can see (any more): nothing to answer with.
        }

        if (channel.GroupId is { } group)
        {
            await Outbox.AnswerKeyRequestAsync(user, device, request, group, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs on the clock: sends the key requests and reports that are due (content.md §6.2).</summary>
    private void Sweep()
    {
        var due = _held.Sweep();
        foreach (var request in due.Requests)
        {
            _inbound.Enqueue("key-requests", async ct =>
            {
                try
                {
                    await SendKeyRequestAsync(request, ct).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failed request is repeated at the next step (or the message is reported); it must not stop the queue.
                catch (Exception ex) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogRecoveryFailed(_logger, request.Channel, ex);
                }
            });
        }

        foreach (var entry in due.Reports)
        {
            _inbound.Enqueue(entry.Message.ChannelId.ToString(), _ =>
            {
                _events.Publish(_mapper.FromOutcome(entry.Message, new DecryptOutcome.Failed(UndecryptableReason.MissingSenderKey, Crypto.CryptoErrorCode.NoSenderKey.ToString()), entry.IsEdit, entry.CatchUp)!);
                return ValueTask.CompletedTask;
            });
        }
    }

    private async Task SendKeyRequestAsync(HeldMessages.KeyRequest request, CancellationToken cancellationToken)
    {
        var payload = ContentCodec.Encode(new DevicePayload
        {
            Kind = DevicePayloadKind.KeyRequest,
            Sender = new ContentSender(_self.Value, _state.Device.Value),
            Conversation = new ConversationRef(ConversationKind.Channel, request.Channel),
            ChainId = request.ChainId,
            Iteration = request.Iteration,
            RequestId = Guid.NewGuid(),
        });
        await Sessions.EnsureAsync(request.User, request.Device, cancellationToken).ConfigureAwait(false);
        var ciphertext = await Sessions.EncryptAsync(request.User, request.Device, payload, cancellationToken).ConfigureAwait(false);
        await Transport.SendToDeviceAsync(new SendToDeviceRequest(_state.Device.Value, [new ToDeviceEnvelope(request.User.Value, request.Device.Value, ciphertext)]), cancellationToken).ConfigureAwait(false);
    }
}
