using System.Text;
using Chatalot.Crypto;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.ToDevice;
using Chatalot.Protocol;

namespace Chatalot.Client.Encryption.Internal;

internal sealed partial class Messenger
{
    private static readonly TimeSpan MemberCacheLifetime = TimeSpan.FromSeconds(30);

    public async Task<SentMessage> SendToUserAsync(UserId user, string text, CancellationToken cancellationToken)
    {
        var channel = await _rest.OpenDirectChannelAsync(user, cancellationToken).ConfigureAwait(false);
        _channels[channel.Id] = channel;
        return await SendDirectAsync(channel, text, cancellationToken).ConfigureAwait(false);
    }

    public Task<SentMessage> SendToChannelAsync(ChannelId id, string text, CancellationToken cancellationToken) =>
        EncryptForChannelAsync(id, text, (envelope, ct) => PostAsync(id, envelope, ct), cancellationToken);

    /// <summary>
    /// Replaces a message's body with a new ciphertext, encrypted exactly like a send (sender key for a group channel,
    /// pairwise for a DM), so that receivers decrypt an edit on the same path as a new message.
    /// </summary>
    public Task EditAsync(ChannelId id, MessageId message, string text, CancellationToken cancellationToken) =>
        EncryptForChannelAsync(id, text, (envelope, ct) => _rest.EditMessageAsync(id, message, new EditMessageRequest(envelope), ct), cancellationToken);

    /// <summary>
    /// Encrypts <paramref name="text"/> for the channel and hands the envelope to <paramref name="post"/>. For a group
    /// channel the post runs under the channel's gate, so ciphertexts reach the server in sender-key chain order.
    /// </summary>
    private async Task<T> EncryptForChannelAsync<T>(ChannelId id, string text, Func<MessageEnvelope, CancellationToken, Task<T>> post, CancellationToken cancellationToken)
    {
        var channel = await GetChannelAsync(id, cancellationToken).ConfigureAwait(false);
        if (channel.Type == ChannelType.Dm)
        {
            return await post(await EncryptDirectAsync(channel, text, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        if (channel.GroupId is not { } group)
        {
            throw new ChatalotClientException(Protocol.Errors.ErrorCodes.ValidationFailed, "Messages can only be sent to text channels and DMs.");
        }

        var gate = _channelGates.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var name = new SenderKeyName(id.ToString(), SelfAddress);
            await DistributeSenderKeyAsync(id, group, name, cancellationToken).ConfigureAwait(false);
            using var cipher = new GroupCipher(_state.Store, name);
            var ciphertext = await cipher.EncryptAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
            return await post(new MessageEnvelope(Ciphertext: ciphertext), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A DM is encrypted separately for every device of the other participant and every other device of ours.</summary>
    private async Task<SentMessage> SendDirectAsync(Channel channel, string text, CancellationToken cancellationToken) =>
        await PostAsync(new ChannelId(channel.Id), await EncryptDirectAsync(channel, text, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private async Task<MessageEnvelope> EncryptDirectAsync(Channel channel, string text, CancellationToken cancellationToken)
    {
        var participants = channel.DmUserIds?.Select(u => new UserId(u)) ?? [_self];
        var targets = await DevicesOfAsync(participants.Append(_self), cancellationToken).ConfigureAwait(false);
        if (!targets.Any(t => t.User != _self))
        {
            throw new ChatalotClientException(Protocol.Errors.ErrorCodes.NoDevices, "The recipient has no device with published keys yet.");
        }

        var plaintext = Encoding.UTF8.GetBytes(text);
        var ciphertexts = new List<DeviceCiphertext>(targets.Count);
        foreach (var (user, device) in targets)
        {
            await EnsureSessionAsync(user, device, cancellationToken).ConfigureAwait(false);
            ciphertexts.Add(new DeviceCiphertext(user.Value, device.Value, await EncryptAsync(user, device, plaintext, cancellationToken).ConfigureAwait(false)));
        }

        return new MessageEnvelope(Devices: ciphertexts);
    }

    private async Task<byte[]> EncryptAsync(UserId user, DeviceId device, byte[] plaintext, CancellationToken cancellationToken)
    {
        var address = DeviceState.Address(user, device);
        Task<byte[]> EncryptOnceAsync() => LockedAsync(SessionKey(address), async () =>
        {
            using var cipher = new SessionCipher(_state.Store, address);
            return await cipher.EncryptAsync(plaintext, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

        try
        {
            return await EncryptOnceAsync().ConfigureAwait(false);
        }
        catch (UntrustedIdentityException ex)
        {
            await OnUntrustedAsync(ex, user, device, cancellationToken).ConfigureAwait(false);
            return await EncryptOnceAsync().ConfigureAwait(false);
        }
    }

    private async Task<SentMessage> PostAsync(ChannelId channel, MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        // A fresh idempotency key per logical send: the REST client may retry after a 429 without double-posting.
        var request = new SendMessageRequest(Guid.NewGuid().ToString("N"), _state.Device.Value, envelope);
        var stored = await _rest.PostMessageAsync(channel, request, cancellationToken).ConfigureAwait(false);
        return new SentMessage(new MessageId(stored.Id), channel, stored.CreatedAt);
    }

    /// <summary>
    /// Sends this device's channel sender key to every member device that does not have it yet, over pairwise sessions
    /// as to-device messages. After a departure the chain is rotated first and sent to the remaining members only.
    /// </summary>
    private async Task DistributeSenderKeyAsync(ChannelId channel, Guid group, SenderKeyName name, CancellationToken cancellationToken)
    {
        var builder = new GroupSessionBuilder(_state.Store);
        var known = _distributedTo.GetOrAdd(channel, _ => []);
        var members = await GroupMembersAsync(group, cancellationToken).ConfigureAwait(false);
        var current = (await DevicesOfAsync(members, cancellationToken).ConfigureAwait(false)).ToHashSet();

        // Rotate when told a member left, and also whenever a device we gave the chain to is no longer a member
        // (in case the departure event was missed while disconnected).
        SenderKeyDistributionMessage distribution;
        if (_rotationDue.TryRemove(channel, out _) || known.Any(k => !current.Contains(k)))
        {
            distribution = await builder.RotateAsync(name, cancellationToken).ConfigureAwait(false);
            known.Clear();
        }
        else
        {
            distribution = await builder.CreateDistributionMessageAsync(name, cancellationToken).ConfigureAwait(false);
        }

        var targets = current.Where(t => !known.Contains(t)).ToList();
        if (targets.Count == 0)
        {
            return;
        }

        byte[] payload = [SenderKeyPayload, .. channel.Value.ToByteArray(), .. distribution.Serialize()];
        var envelopes = new List<ToDeviceEnvelope>(targets.Count);
        foreach (var (user, device) in targets)
        {
            await EnsureSessionAsync(user, device, cancellationToken).ConfigureAwait(false);
            envelopes.Add(new ToDeviceEnvelope(user.Value, device.Value, await EncryptAsync(user, device, payload, cancellationToken).ConfigureAwait(false)));
        }

        // The server takes at most ToDeviceBatchMaxMessages per request; a chunk's devices count as known once it is sent.
        for (var start = 0; start < envelopes.Count; start += ChatalotLimits.ToDeviceBatchMaxMessages)
        {
            var count = Math.Min(ChatalotLimits.ToDeviceBatchMaxMessages, envelopes.Count - start);
            await _rest.SendToDeviceAsync(new SendToDeviceRequest(_state.Device.Value, envelopes.GetRange(start, count)), cancellationToken).ConfigureAwait(false);
            foreach (var target in targets.GetRange(start, count))
            {
                known.Add(target);
            }
        }
    }

    private async Task<IReadOnlyList<UserId>> GroupMembersAsync(Guid group, CancellationToken cancellationToken)
    {
        if (_groupMembers.TryGetValue(group, out var cached) && _time.GetUtcNow() - cached.At < MemberCacheLifetime)
        {
            return cached.Users;
        }

        var members = new List<UserId>();
        await foreach (var member in _rest.GetAllGroupMembersAsync(new GroupId(group), cancellationToken).ConfigureAwait(false))
        {
            members.Add(new UserId(member.UserId));
        }

        _groupMembers[group] = (_time.GetUtcNow(), members);
        return members;
    }
}
