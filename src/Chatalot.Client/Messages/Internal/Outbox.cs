using Chatalot.Client.Encryption.Internal;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Messages;
using Microsoft.Extensions.Caching.Memory;

namespace Chatalot.Client.Messages.Internal;

/// <summary>
/// The send path: fills a content's binding (content.md §2), encrypts it — with this device's chain for a channel
/// (distributed first), pairwise for every device of a DM — and hands it to the transport. A channel's sends hold the
/// channel's gate only until their frame is written, so they reach the server in chain order and still pipeline.
/// </summary>
internal sealed class Outbox(
    DeviceState state,
    UserId self,
    DeviceDirectory directory,
    PairwiseSessions sessions,
    ChannelKeyDistributor distributor,
    StateLocks locks,
    ClientTransport transport,
    Devices.Internal.AccountKeyring keyring,
    TimeProvider time) : IDisposable
{
    private readonly ChannelGates _gates = new();
    private readonly MemoryCache _own = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public async Task<SentMessage> SendAsync(ChannelId id, MessageContent content, CancellationToken cancellationToken)
    {
        var channel = await directory.GetChannelAsync(id, cancellationToken).ConfigureAwait(false);
        var bound = Bind(content, channel);
        // The two relations the server sees (content.md §7): reply_to_id, and thread_root_id so it can page a thread.
        var request = new SendMessageRequest(bound.ClientMessageId.ToString("N"), state.Device.Value, null!, content.Kind == ContentKind.Reply ? content.Target!.MessageId : null)
        {
            ThreadRootId = ThreadRootOf(content),
            AttachmentIds = AttachmentIdsOf(content),
        };
        var stored = await (await EncryptAndBeginAsync(channel, bound, request.IdempotencyKey,
            (envelope, commitment) => transport.BeginSendMessageAsync(id, request with { Envelope = envelope, FrankCommitment = commitment }, cancellationToken), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        NoteOwn(new MessageId(stored.Id), bound.ClientMessageId);
        return new SentMessage(new MessageId(stored.Id), id, stored.CreatedAt, bound.ClientMessageId);
    }

    public async Task<SentMessage> SendToUserAsync(UserId user, MessageContent content, CancellationToken cancellationToken)
    {
        var channel = await directory.OpenDirectChannelAsync(user, cancellationToken).ConfigureAwait(false);
        return await SendAsync(new ChannelId(channel.Id), content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the body of this user's message with an <c>edit</c> content bound to it.</summary>
    public async Task EditAsync(ChannelId id, MessageId message, MessageContent content, CancellationToken cancellationToken)
    {
        var channel = await directory.GetChannelAsync(id, cancellationToken).ConfigureAwait(false);
        var edit = Bind(content with { Kind = ContentKind.Edit, Target = new MessageRef(message.Value, self.Value, OwnClientId(message)) }, channel);

        // An edit's commitment binds the edited message's idempotency key (crypto.md §14.2): known for messages noted here,
        // else read from the server (a wrong one only makes the edit unreadable, never misattributed).
        var key = OwnClientId(message)?.ToString("N") ?? (await transport.GetMessageAsync(id, message, cancellationToken).ConfigureAwait(false)).IdempotencyKey;
        await (await EncryptAndBeginAsync(channel, edit, key, async (envelope, commitment) => Task.FromResult(await transport.EditMessageAsync(id, message,
            new EditMessageRequest(envelope, AttachmentIdsOf(edit)) { FrankCommitment = commitment }, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes a message: the server erases its ciphertext, and for this user's own messages an authenticated
    /// <c>delete</c> content follows, so devices that were offline learn of it on catch-up.
    /// </summary>
    public async Task DeleteAsync(ChannelId id, MessageId message, CancellationToken cancellationToken)
    {
        var own = _own.TryGetValue(message.Value, out Guid clientId);
        await transport.DeleteMessageAsync(id, message, cancellationToken).ConfigureAwait(false);
        if (own)
        {
            await SendAsync(id, MessageContent.CreateDelete(new MessageRef(message.Value, self.Value, clientId)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Answers a key request under the channel's gate, which also guards the chain's ledger.</summary>
    public async Task AnswerKeyRequestAsync(UserId user, DeviceId device, DevicePayload request, Guid group, CancellationToken cancellationToken)
    {
        using var held = await _gates.EnterAsync(request.Conversation.Id, cancellationToken).ConfigureAwait(false);
        await distributor.AnswerAsync(user, device, request, group, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Remembers a message of this user (sent here or on another of its devices), so it can be edited and retracted by reference.</summary>
    /// <summary>This device's chain in a channel was used (perhaps a new one): the key backup picks it up.</summary>
    public Action<Guid>? ChainUsed { get; set; }

    public void NoteOwn(MessageId message, Guid clientMessageId) =>
        _own.Set(message.Value, clientMessageId, new MemoryCacheEntryOptions { Size = 1 });

    public void Dispose()
    {
        _own.Dispose();
        _gates.Dispose();
    }

    /// <summary>The thread a content belongs to, for the transport's thread metadata: its root for a thread reply, else none.</summary>
    internal static Guid? ThreadRootOf(MessageContent content) => content.Kind == ContentKind.ThreadReply ? content.Target!.MessageId : null;

    /// <summary>
    /// The uploads a content references, as the transport's plaintext metadata (content.md §2): the server keeps them
    /// while referenced and lets this conversation's readers download them. Forwards and any content built by hand get
    /// them too.
    /// </summary>
    internal static IReadOnlyList<Guid>? AttachmentIdsOf(MessageContent content) =>
        content.Attachments is { Count: > 0 } attachments ? attachments.Select(a => a.Id).Distinct().ToList() : null;

    private Guid? OwnClientId(MessageId message) => _own.TryGetValue(message.Value, out Guid id) ? id : null;

    private MessageContent Bind(MessageContent content, Channel channel)
    {
        var direct = channel.Type == ChannelType.Dm;
        if (!direct && channel.GroupId is null)
        {
            throw new ChatalotClientException(Protocol.Errors.ErrorCodes.ValidationFailed, "Messages can only be sent to text channels and DMs.");
        }

        return content with
        {
            Conversation = new ConversationRef(direct ? ConversationKind.Dm : ConversationKind.Channel, channel.Id),
            Sender = new ContentSender(self.Value, state.Device.Value),
            ClientMessageId = Guid.CreateVersion7(time.GetUtcNow()),
            SentAt = time.GetUtcNow(),
        };
    }

    /// <summary>
    /// Franks the content (crypto.md §14.2: a fresh key inside the plaintext, the commitment beside it), encrypts it for
    /// the channel and starts the write, under the channel's gate for a group channel.
    /// </summary>
    private async Task<Task<T>> EncryptAndBeginAsync<T>(Channel channel, MessageContent content, string idempotencyKey, Func<MessageEnvelope, byte[], Task<Task<T>>> begin, CancellationToken cancellationToken)
    {
        // A device outside the account's signed list would write what nobody accepts (crypto.md §15.2): say so instead.
        keyring.RequireLinked();
        byte[] plaintext;
        byte[] commitment;
        var frankingKey = Crypto.Franking.NewKey();
        try
        {
            plaintext = ContentCodec.Encode(content with { FrankingKey = frankingKey });
            commitment = Crypto.Franking.Commit(frankingKey, plaintext, new Crypto.FrankingContext(self.Value, state.Device.Value, channel.Id, idempotencyKey));
        }
        catch (ContentFormatException ex)
        {
            throw new ChatalotClientException(ClientErrorCodes.InvalidContent, ex.Message, ex);
        }
        finally
        {
            // The key lives on only inside the plaintext (and so inside the ciphertext).
            Crypto.Franking.Clear(frankingKey);
        }

        if (channel.Type == ChannelType.Dm)
        {
            return await begin(await EncryptDirectAsync(channel, plaintext, cancellationToken).ConfigureAwait(false), commitment).ConfigureAwait(false);
        }

        var id = new ChannelId(channel.Id);
        using var held = await _gates.EnterAsync(channel.Id, cancellationToken).ConfigureAwait(false);
        await distributor.DistributeAsync(id, channel.GroupId!.Value, cancellationToken).ConfigureAwait(false);
        ChainUsed?.Invoke(channel.Id);
        var name = distributor.NameOf(id);
        var ciphertext = await locks.RunAsync(StateLocks.SenderKeyKey(channel.Id, name.Sender), async () =>
        {
            using var cipher = new Crypto.GroupCipher(state.Store, name);
            return await cipher.EncryptAsync(plaintext, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return await begin(new MessageEnvelope(Ciphertext: ciphertext), commitment).ConfigureAwait(false);
    }

    /// <summary>A DM is encrypted separately for every device of the other participant and every other device of ours.</summary>
    private async Task<MessageEnvelope> EncryptDirectAsync(Channel channel, byte[] plaintext, CancellationToken cancellationToken)
    {
        var participants = channel.DmUserIds?.Select(u => new UserId(u)) ?? [self];
        var targets = await directory.DevicesOfAsync(participants.Append(self), cancellationToken).ConfigureAwait(false);
        if (!targets.Any(t => t.User != self))
        {
            throw new ChatalotClientException(Protocol.Errors.ErrorCodes.NoDevices, "The recipient has no device with published keys yet.");
        }

        await sessions.EnsureAsync(targets.ToList(), cancellationToken).ConfigureAwait(false);
        var ciphertexts = new List<DeviceCiphertext>(targets.Count);
        foreach (var (user, device) in targets)
        {
            ciphertexts.Add(new DeviceCiphertext(user.Value, device.Value, await sessions.EncryptAsync(user, device, plaintext, cancellationToken).ConfigureAwait(false)));
        }

        return new MessageEnvelope(Devices: ciphertexts);
    }
}
