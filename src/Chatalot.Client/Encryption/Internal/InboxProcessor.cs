using Chatalot.Client.Messages.Internal;
using Chatalot.Client.Rest;
using Chatalot.Crypto;
using Chatalot.Protocol;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.ToDevice;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// This device's to-device inbox (content.md §6): decrypts each payload over its pairwise session, checks its binding,
/// installs sender keys, routes key requests and refusals, and acknowledges it. Payloads arrive by gateway push; the
/// REST inbox is read only when a session starts (what waited while offline).
/// </summary>
internal sealed partial class InboxProcessor(
    DeviceState state,
    ChatalotRestClient rest,
    StateLocks locks,
    PairwiseSessions sessions,
    Devices.Internal.DeviceListBook lists,
    IClientTransport transport,
    InboxProcessor.IHandler handler,
    ILogger logger) : IDisposable
{
    private const int RememberedIds = 4_096;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<Guid> _processed = [];
    private readonly Queue<Guid> _processedOrder = new();

    /// <summary>What the payloads lead to.</summary>
    internal interface IHandler
    {
        /// <summary>A sender's chain for a channel was installed: release what waited for it.</summary>
        void ChainInstalled(Guid channel, UserId user, DeviceId device);

        /// <summary>A new chain was installed from this distribution (a copy the handler owns): back it up; must not block.</summary>
        void DistributionInstalled(Guid channel, UserId user, DeviceId device, uint chainId, byte[] distribution);

        /// <summary>A device asks for this device's chain.</summary>
        Task KeyRequestedAsync(UserId user, DeviceId device, DevicePayload request, CancellationToken cancellationToken);

        /// <summary>A bookmark change, from <paramref name="user"/> (only this user's own devices may send one).</summary>
        Task BookmarkChangedAsync(UserId user, DevicePayload payload, CancellationToken cancellationToken);

        /// <summary>A new device asks for the bookmarks (only this user's own devices may).</summary>
        Task BookmarkSyncRequestedAsync(UserId user, DeviceId device, CancellationToken cancellationToken);

        /// <summary>Call signalling (calls.md §3) from a listed device.</summary>
        Task CallSignalAsync(UserId user, DeviceId device, DevicePayload payload, CancellationToken cancellationToken);

        /// <summary>A device refused to share its chain.</summary>
        void KeyWithheld(Guid channel, UserId user, DeviceId device, uint chainId, string code);
    }

    /// <summary>Reads and processes every pending entry of the REST inbox (at session start).</summary>
    public async Task ProcessPendingAsync(CancellationToken cancellationToken)
    {
        // Processed entries are acknowledged (deleted), so each read returns the next page; a short page is the last.
        while (true)
        {
            var pending = await rest.GetToDeviceInboxAsync(state.Device, ChatalotLimits.ToDeviceBatchMaxMessages, cancellationToken).ConfigureAwait(false);
            foreach (var message in pending)
            {
                await ProcessAsync(message, cancellationToken).ConfigureAwait(false);
            }

            if (pending.Count < ChatalotLimits.ToDeviceBatchMaxMessages)
            {
                return;
            }
        }
    }

    /// <summary>Processes one entry, then acknowledges it.</summary>
    public async Task ProcessAsync(ToDeviceMessage message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // An entry seen before (its ack was lost) is only acknowledged again: its one-time keys are spent.
            if (Remember(message.Id))
            {
                try
                {
                    await ApplyAsync(message, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // Not a verdict on the message (store, network or cancellation): let the next read try it again.
                    Forget(message.Id);
                    throw;
                }
            }

            // An ephemeral message was never stored: there is nothing to acknowledge.
            if (!message.Ephemeral)
            {
                await transport.AckToDeviceAsync([message.Id], cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task ApplyAsync(ToDeviceMessage message, CancellationToken cancellationToken)
    {
        var user = new UserId(message.SenderUserId);
        var device = new DeviceId(message.SenderDeviceId);
        var sender = DeviceState.Address(user, device);
        if (!await lists.IsListedAsync(user, device, identityKey: null, cancellationToken).ConfigureAwait(false))
        {
            // Not a device of its account (crypto.md §15.2): a device the server added gets no say, not even a session.
            LogDropped(logger, message.Id, "unlisted_device");
            return;
        }

        DevicePayload payload;
        try
        {
            payload = ContentCodec.DecodeDevicePayload(await sessions.DecryptAsync(sender, message.Payload, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is ChatalotCryptoException or ContentFormatException or ChatalotClientException)
        {
            // An unreadable to-device message cannot become readable later (its keys are single-use): drop it.
            LogDropped(logger, message.Id, ex switch
            {
                ChatalotCryptoException crypto => crypto.Code.ToString(),
                ContentFormatException format => format.Code,
                ChatalotClientException client => client.Code,
                _ => "unknown",
            });
            return;
        }

        if (payload.Sender.UserId != user.Value || payload.Sender.DeviceId != device.Value)
        {
            LogDropped(logger, message.Id, "context_mismatch:sender");
            return;
        }

        var channel = payload.Conversation.Id;
        switch (payload.Kind)
        {
            case DevicePayloadKind.SenderKey:
                SenderKeyDistributionMessage distribution;
                try
                {
                    distribution = SenderKeyDistributionMessage.Parse(payload.Distribution);
                }
                catch (ChatalotCryptoException ex)
                {
                    LogDropped(logger, message.Id, ex.Code.ToString());
                    return;
                }

                var installed = await locks.RunAsync(StateLocks.SenderKeyKey(channel, sender), async () =>
                    await new GroupSessionBuilder(state.Store).ProcessAsync(new SenderKeyName(channel.ToString("D"), sender), distribution, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                if (installed)
                {
                    // A new chain: its distribution is what lets a restored device read it (crypto.md §15.5).
                    handler.DistributionInstalled(channel, user, device, distribution.ChainId, distribution.Serialize());
                }

                distribution.Wipe();
                handler.ChainInstalled(channel, user, device);
                break;
            case DevicePayloadKind.KeyRequest:
                await handler.KeyRequestedAsync(user, device, payload, cancellationToken).ConfigureAwait(false);
                break;
            case DevicePayloadKind.KeyWithheld:
                handler.KeyWithheld(channel, user, device, payload.ChainId!.Value, payload.Code!);
                break;
            case DevicePayloadKind.BookmarkAdd or DevicePayloadKind.BookmarkRemove:
                await handler.BookmarkChangedAsync(user, payload, cancellationToken).ConfigureAwait(false);
                break;
            case DevicePayloadKind.BookmarkSyncRequest:
                await handler.BookmarkSyncRequestedAsync(user, device, cancellationToken).ConfigureAwait(false);
                break;
            case DevicePayloadKind.CallSignal:
                await handler.CallSignalAsync(user, device, payload, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private bool Remember(Guid id)
    {
        if (!_processed.Add(id))
        {
            return false;
        }

        _processedOrder.Enqueue(id);
        if (_processedOrder.Count > RememberedIds)
        {
            _processed.Remove(_processedOrder.Dequeue());
        }

        return true;
    }

    private void Forget(Guid id) => _processed.Remove(id);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Dropped to-device message {MessageId}: {Code}")]
    private static partial void LogDropped(ILogger logger, Guid messageId, string code);
}
