using System.Text;
using Chatalot.Crypto;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.ToDevice;
using Chatalot.Protocol;
using Microsoft.Extensions.Logging;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client.Encryption.Internal;

internal sealed partial class Messenger
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly SemaphoreSlim _inboxGate = new(1, 1);
    private readonly HashSet<Guid> _processedToDevice = [];

    /// <summary>
    /// Decrypts a stored message into <see cref="MessageReceived"/>, or explains why it cannot be read with
    /// <see cref="MessageUndecryptable"/>; never returns garbage or unauthenticated text. Null for our own messages
    /// from this device and for deleted messages.
    /// </summary>
    public async Task<ChatalotEvent?> DecryptAsync(WireMessage message, bool catchUp, CancellationToken cancellationToken)
    {
        if (message.Envelope is not { } envelope)
        {
            return null;
        }

        var sender = new UserId(message.SenderId);
        var device = new DeviceId(message.SenderDeviceId);
        if (sender == _self && device == _state.Device)
        {
            return null;
        }

        var channel = new ChannelId(message.ChannelId);
        var address = DeviceState.Address(sender, device);
        NoteSenderDevice(sender, device);
        try
        {
            byte[] plaintext;
            if (envelope.Devices is { } devices)
            {
                var mine = devices.FirstOrDefault(d => d.UserId == _self.Value && d.DeviceId == _state.Device.Value);
                if (mine is null)
                {
                    return Undecryptable(message, UndecryptableReason.NotForThisDevice, null);
                }

                plaintext = await LockedAsync(SessionKey(address), async () =>
                {
                    using var cipher = new SessionCipher(_state.Store, address);
                    return await cipher.DecryptAsync(mine.Ciphertext, cancellationToken).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }
            else if (envelope.Ciphertext is { } ciphertext)
            {
                plaintext = await DecryptChannelAsync(channel, address, ciphertext, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                return Undecryptable(message, UndecryptableReason.Malformed, null);
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(plaintext);
            }
            catch (DecoderFallbackException)
            {
                return Undecryptable(message, UndecryptableReason.Malformed, null);
            }

            return new MessageReceived
            {
                MessageId = new MessageId(message.Id),
                ChannelId = channel,
                Sender = new MessageSender(sender, device),
                Text = text,
                SentAt = message.CreatedAt,
                Trust = await TrustOfAsync(address, cancellationToken).ConfigureAwait(false),
                IsDirect = envelope.Devices is not null,
                IsCatchUp = catchUp,
                ReceivedAt = _time.GetUtcNow(),
            };
        }
        catch (UntrustedIdentityException ex)
        {
            try
            {
                await OnUntrustedAsync(ex, sender, device, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotClientException)
            {
                return Undecryptable(message, UndecryptableReason.IdentityNotAccepted, ex.Code.ToString());
            }

            return await DecryptAsync(message, catchUp, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotCryptoException ex)
        {
            return Undecryptable(message, ex switch
            {
                _ when ex.Code == CryptoErrorCode.NoSenderKey => UndecryptableReason.MissingSenderKey,
                DuplicateMessageException => UndecryptableReason.Duplicate,
                NoSessionException => UndecryptableReason.NoSession,
                _ when ex.Code is CryptoErrorCode.UnsupportedVersion => UndecryptableReason.Malformed,
                _ => UndecryptableReason.AuthenticationFailed,
            }, ex.Code.ToString());
        }
    }

    private async Task<byte[]> DecryptChannelAsync(ChannelId channel, ProtocolAddress sender, byte[] ciphertext, CancellationToken cancellationToken)
    {
        var key = SenderKeyKey(channel.ToString(), sender);
        Task<byte[]> DecryptOnceAsync() => LockedAsync(key, async () =>
        {
            using var cipher = new GroupCipher(_state.Store, new SenderKeyName(channel.ToString(), sender));
            return await cipher.DecryptAsync(ciphertext, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

        try
        {
            return await DecryptOnceAsync().ConfigureAwait(false);
        }
        catch (ChatalotCryptoException ex) when (ex.Code == CryptoErrorCode.NoSenderKey)
        {
            // The distribution travels as a to-device message and may still be in our inbox: read it (outside the
            // lock, since processing it takes the same lock), then retry once.
            await ProcessInboxAsync(cancellationToken).ConfigureAwait(false);
            return await DecryptOnceAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads and processes every pending to-device message (used on NoSenderKey and at session start).</summary>
    public async Task ProcessInboxAsync(CancellationToken cancellationToken)
    {
        // Processed entries are acknowledged (deleted), so each read returns the next page; a short page is the last.
        while (true)
        {
            var pending = await _rest.GetToDeviceInboxAsync(_state.Device, ChatalotLimits.ToDeviceBatchMaxMessages, cancellationToken).ConfigureAwait(false);
            foreach (var message in pending)
            {
                await ProcessToDeviceAsync(message, cancellationToken).ConfigureAwait(false);
            }

            if (pending.Count < ChatalotLimits.ToDeviceBatchMaxMessages)
            {
                return;
            }
        }
    }

    /// <summary>Decrypts a to-device payload over its pairwise session and applies it (a sender key distribution), then acks it.</summary>
    public async Task ProcessToDeviceAsync(ToDeviceMessage message, CancellationToken cancellationToken)
    {
        await _inboxGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // An entry seen before (its ack was lost) is only acknowledged again: its one-time keys are spent.
            if (_processedToDevice.Add(message.Id))
            {
                await ApplyToDeviceAsync(message, cancellationToken).ConfigureAwait(false);
            }

            await _rest.AckToDeviceAsync(_state.Device, [message.Id], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inboxGate.Release();
        }
    }

    private async Task ApplyToDeviceAsync(ToDeviceMessage message, CancellationToken cancellationToken)
    {
        var sender = DeviceState.Address(new UserId(message.SenderUserId), new DeviceId(message.SenderDeviceId));
        try
        {
            var payload = await LockedAsync(SessionKey(sender), async () =>
            {
                using var cipher = new SessionCipher(_state.Store, sender);
                return await cipher.DecryptAsync(message.Payload, cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            if (payload.Length > 17 && payload[0] == SenderKeyPayload)
            {
                var channel = new Guid(payload.AsSpan(1, 16)).ToString("D");
                var distribution = SenderKeyDistributionMessage.Parse(payload.AsSpan(17));
                await LockedAsync(SenderKeyKey(channel, sender), async () =>
                    await new GroupSessionBuilder(_state.Store).ProcessAsync(new SenderKeyName(channel, sender), distribution, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ChatalotCryptoException ex)
        {
            // An unreadable to-device message cannot become readable later (its keys are single-use): drop it.
            LogToDeviceDropped(_logger, message.Id, ex.Code.ToString());
        }
        catch
        {
            // Not a verdict on the message (store or cancellation): let the next inbox read try it again.
            _processedToDevice.Remove(message.Id);
            throw;
        }
    }

    private MessageUndecryptable Undecryptable(WireMessage message, UndecryptableReason reason, string? code) => new()
    {
        MessageId = new MessageId(message.Id),
        ChannelId = new ChannelId(message.ChannelId),
        ClaimedSenderUserId = new UserId(message.SenderId),
        ClaimedSenderDeviceId = new DeviceId(message.SenderDeviceId),
        Reason = reason,
        ErrorCode = code,
        SentAt = message.CreatedAt,
        ReceivedAt = _time.GetUtcNow(),
    };

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Dropped to-device message {MessageId}: {Code}")]
    private static partial void LogToDeviceDropped(ILogger logger, Guid messageId, string code);

    internal static bool IsGroupChannel(Channel channel) => channel.Type != ChannelType.Dm && channel.GroupId is not null;
}
