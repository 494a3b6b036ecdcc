using Chatalot.Client.Encryption.Internal;
using Chatalot.Crypto;
using Chatalot.Protocol.Content;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client.Messages.Internal;

/// <summary>
/// Turns a stored message into authenticated content: pairwise decryption for a DM, the sender's chain for a channel,
/// then content decoding (content.md §5) and the binding checks (§2). Never returns unauthenticated text.
/// </summary>
internal sealed class MessageDecryptor(DeviceState state, UserId self, StateLocks locks, PairwiseSessions sessions, IdentityTrust trust, DeviceDirectory directory, Devices.Internal.DeviceListBook lists,
    Func<Guid, UserId, DeviceId, uint, CancellationToken, ValueTask<bool>>? restoredChain = null, Func<Guid, byte[]?>? restoredDirect = null)
{
    public async Task<DecryptOutcome> DecryptAsync(WireMessage message, bool isEdit, CancellationToken cancellationToken)
    {
        if (message.Envelope is not { } envelope)
        {
            return new DecryptOutcome.Ignored();
        }

        var sender = new UserId(message.SenderId);
        var device = new DeviceId(message.SenderDeviceId);
        if (sender == self && device == state.Device)
        {
            return new DecryptOutcome.Ignored();
        }

        var address = DeviceState.Address(sender, device);
        directory.NoteSenderDevice(sender, device);

        // Checked before any decryption, so a device outside its account's signed list (crypto.md §15.2) cannot even
        // start a session: a device the server added is never shown.
        if (lists.IsPending(sender))
        {
            return new DecryptOutcome.Failed(UndecryptableReason.IdentityNotAccepted, ClientErrorCodes.IdentityNotAccepted);
        }

        // A direct message whose copy is not this device's, but whose content this account's backup holds (crypto.md
        // §15.5): written by one of this account's devices after it decrypted and checked it, and bound again below.
        var restored = envelope.Devices is { } copies && !copies.Any(d => d.UserId == self.Value && d.DeviceId == state.Device.Value)
            ? restoredDirect?.Invoke(message.Id)
            : null;
        if (restored is null && !await lists.IsListedAsync(sender, device, identityKey: null, cancellationToken).ConfigureAwait(false)
            && !await IsRestoredChainAsync(message, sender, device, cancellationToken).ConfigureAwait(false))
        {
            return new DecryptOutcome.Failed(UndecryptableReason.UnlistedDevice, "unlisted_device");
        }

        byte[] plaintext;
        try
        {
            if (restored is not null)
            {
                plaintext = restored;
            }
            else if (envelope.Devices is { } devices)
            {
                var mine = devices.FirstOrDefault(d => d.UserId == self.Value && d.DeviceId == state.Device.Value);
                if (mine is null)
                {
                    return new DecryptOutcome.Failed(UndecryptableReason.NotForThisDevice, null);
                }

                plaintext = await sessions.DecryptAsync(address, mine.Ciphertext, cancellationToken).ConfigureAwait(false);
            }
            else if (envelope.Ciphertext is { } ciphertext)
            {
                plaintext = await locks.RunAsync(StateLocks.SenderKeyKey(message.ChannelId, address), async () =>
                {
                    using var cipher = new GroupCipher(state.Store, new SenderKeyName(message.ChannelId.ToString("D"), address));
                    return await cipher.DecryptAsync(ciphertext, cancellationToken).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                return new DecryptOutcome.Failed(UndecryptableReason.Malformed, null);
            }
        }
        catch (ChatalotClientException ex) when (ex.Code == ClientErrorCodes.IdentityNotAccepted)
        {
            return new DecryptOutcome.Failed(UndecryptableReason.IdentityNotAccepted, ex.Code);
        }
        catch (ChatalotCryptoException ex) when (ex.Code == CryptoErrorCode.NoSenderKey && envelope.Ciphertext is { } held
            && SenderKeyLedger.ReadHeader(held) is { } header)
        {
            return new DecryptOutcome.MissingKey(header.ChainId, header.Iteration);
        }
        catch (ChatalotCryptoException ex)
        {
            return new DecryptOutcome.Failed(ex switch
            {
                DuplicateMessageException => UndecryptableReason.Duplicate,
                NoSessionException => UndecryptableReason.NoSession,
                _ when ex.Code is CryptoErrorCode.UnsupportedVersion => UndecryptableReason.Malformed,
                _ => UndecryptableReason.AuthenticationFailed,
            }, ex.Code.ToString());
        }

        MessageContent content;
        try
        {
            content = ContentCodec.Decode(plaintext);
        }
        catch (ContentFormatException ex)
        {
            return new DecryptOutcome.Failed(UndecryptableReason.Malformed, ex.Code);
        }

        if (ContentBinding.Check(content, message, isEdit) is { } mismatch)
        {
            return new DecryptOutcome.Failed(UndecryptableReason.ContextMismatch, "context_mismatch:" + mismatch.Replace(' ', '_'));
        }

        if (!FrankingHolds(message, content, plaintext))
        {
            return new DecryptOutcome.Failed(UndecryptableReason.FrankingFailed, "franking_mismatch");
        }

        return new DecryptOutcome.Decrypted(content, await trust.TrustOfAsync(address, cancellationToken).ConfigureAwait(false), plaintext);
    }

    /// <summary>
    /// A channel message of a chain this device imported from its own key backup (crypto.md §15.5): the chain was vetted
    /// when one of this account's devices installed it, so its messages stay readable after the sender device left the list
    /// (the old device of a user who signed out). The chain's signing key still authenticates every message.
    /// </summary>
    private async ValueTask<bool> IsRestoredChainAsync(WireMessage message, UserId sender, DeviceId device, CancellationToken cancellationToken) =>
        restoredChain is not null && message.Envelope?.Ciphertext is { } ciphertext && SenderKeyLedger.ReadHeader(ciphertext) is { } header
        && await restoredChain(message.ChannelId, sender, device, header.ChainId, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Franking (crypto.md §14.4): a body whose commitment does not open could not be reported, so it is refused. A body
    /// with neither commitment nor key was stored before franking existed: it is read, and cannot be reported. A key
    /// without a commitment means the commitment was stripped in transit, and is refused like a mismatch.
    /// </summary>
    private static bool FrankingHolds(WireMessage message, MessageContent content, byte[] plaintext) =>
        (message.FrankCommitment, content.FrankingKey) switch
        {
            (null, null) => true,
            ({ } commitment, { } frankingKey) => Franking.Verify(commitment, frankingKey, plaintext,
                new FrankingContext(message.SenderId, message.SenderDeviceId, message.ChannelId, message.IdempotencyKey)),
            _ => false,
        };
}
