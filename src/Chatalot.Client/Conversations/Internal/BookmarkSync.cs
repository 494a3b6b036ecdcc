using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Messages.Internal;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.ToDevice;

namespace Chatalot.Client.Conversations.Internal;

/// <summary>
/// This user's bookmarks (content.md §6.3): kept sealed in the device store, and every change sent as a
/// <c>bookmark_add</c>/<c>bookmark_remove</c> to-device payload to the user's other devices only, so no one else — the
/// server included — learns what was saved. Per message the change with the latest <c>sent_at</c> wins on every device
/// (ties: a removal wins), and removals are kept as tombstones so a late, older add cannot bring a bookmark back.
/// A new device asks the others once for everything they hold (<c>bookmark_sync_request</c>).
/// </summary>
internal sealed class BookmarkSync(DeviceState state, UserId self, DeviceDirectory directory, PairwiseSessions sessions, ClientTransport transport, TimeProvider time) : IDisposable
{
    private const string Record = "bookmarks";
    private const string SyncRequested = "bookmarks.sync-requested";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<Guid, DevicePayload>? _entries;

    public async Task ChangeAsync(ChannelId channel, MessageRef message, string? note, bool remove, CancellationToken cancellationToken)
    {
        var conversation = await directory.GetChannelAsync(channel, cancellationToken).ConfigureAwait(false);
        var payload = new DevicePayload
        {
            Kind = remove ? DevicePayloadKind.BookmarkRemove : DevicePayloadKind.BookmarkAdd,
            Sender = new ContentSender(self.Value, state.Device.Value),
            Conversation = new ConversationRef(conversation.Type == ChannelType.Dm ? ConversationKind.Dm : ConversationKind.Channel, channel.Value),
            Target = message,
            Note = remove ? null : note,
            SentAt = time.GetUtcNow(),
        };
        byte[] plaintext;
        try
        {
            plaintext = ContentCodec.Encode(payload);
        }
        catch (ContentFormatException ex)
        {
            throw new ChatalotClientException(ClientErrorCodes.InvalidContent, ex.Message, ex);
        }

        await MergeAsync(payload, cancellationToken).ConfigureAwait(false);
        await SendAsync(await directory.DevicesOfAsync([self], cancellationToken).ConfigureAwait(false), [plaintext], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Once per device: asks the user's other devices for their bookmarks, so a device added later starts with them.
    /// The answers arrive as ordinary changes and merge by the usual rule. Runs after the session's inbox was read.
    /// </summary>
    public async Task RequestSyncOnceAsync(CancellationToken cancellationToken)
    {
        if (await state.GetAsync(SyncRequested, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var request = ContentCodec.Encode(new DevicePayload
        {
            Kind = DevicePayloadKind.BookmarkSyncRequest,
            Sender = new ContentSender(self.Value, state.Device.Value),
            Conversation = ConversationRef.None,
        });
        await SendAsync(await directory.DevicesOfAsync([self], cancellationToken).ConfigureAwait(false), [request], cancellationToken).ConfigureAwait(false);
        // Read at start-up, the list would otherwise stay cached for a minute and hide a device this user adds next
        // from the first messages this device sends.
        directory.ForgetDevices(self);
        await state.PutAsync(SyncRequested, [1], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers another device of this user (the caller checked the sender is this user) with every change held here,
    /// removals included so that the new device cannot resurrect a removed bookmark from an older copy elsewhere.
    /// </summary>
    public async Task AnswerSyncAsync(DeviceId device, CancellationToken cancellationToken)
    {
        List<byte[]> changes;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            changes = [.. (await LoadAsync(cancellationToken).ConfigureAwait(false)).Values
                .Select(p => ContentCodec.Encode(p with { Sender = new ContentSender(self.Value, state.Device.Value) }))];
        }
        finally
        {
            _gate.Release();
        }

        await SendAsync([(self, device)], changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A change from another device of this user (the caller checked the sender is this user).</summary>
    public Task ApplyRemoteAsync(DevicePayload payload, CancellationToken cancellationToken) => MergeAsync(payload, cancellationToken);

    public async Task<IReadOnlyList<Bookmark>> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entries = await LoadAsync(cancellationToken).ConfigureAwait(false);
            return [.. entries.Values
                .Where(p => p.Kind == DevicePayloadKind.BookmarkAdd)
                .OrderByDescending(p => p.SentAt)
                .Select(p => new Bookmark(new ChannelId(p.Conversation.Id), p.Target!, p.Note, p.SentAt!.Value))];
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task MergeAsync(DevicePayload payload, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entries = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var key = payload.Target!.MessageId;
            if (entries.TryGetValue(key, out var current) && !Supersedes(payload, current))
            {
                return;
            }

            entries[key] = payload;
            await state.PutAsync(Record, Serialize(entries.Values), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Encrypts each plaintext to each device over its pairwise session and sends them in batches.</summary>
    private async Task SendAsync(IReadOnlyList<(UserId User, DeviceId Device)> devices, IReadOnlyList<byte[]> plaintexts, CancellationToken cancellationToken)
    {
        if (devices.Count == 0 || plaintexts.Count == 0)
        {
            return;
        }

        await sessions.EnsureAsync(devices, cancellationToken).ConfigureAwait(false);
        var envelopes = new List<ToDeviceEnvelope>(devices.Count * plaintexts.Count);
        foreach (var (user, device) in devices)
        {
            foreach (var plaintext in plaintexts)
            {
                envelopes.Add(new ToDeviceEnvelope(user.Value, device.Value, await sessions.EncryptAsync(user, device, plaintext, cancellationToken).ConfigureAwait(false)));
            }
        }

        foreach (var batch in envelopes.Chunk(Protocol.ChatalotLimits.ToDeviceBatchMaxMessages))
        {
            await transport.SendToDeviceAsync(new SendToDeviceRequest(state.Device.Value, [.. batch]), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Supersedes(DevicePayload next, DevicePayload current) =>
        next.SentAt > current.SentAt || (next.SentAt == current.SentAt && next.Kind == DevicePayloadKind.BookmarkRemove && current.Kind != next.Kind);

    private async Task<Dictionary<Guid, DevicePayload>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_entries is not null)
        {
            return _entries;
        }

        var entries = new Dictionary<Guid, DevicePayload>();
        if (await state.GetAsync(Record, cancellationToken).ConfigureAwait(false) is { } saved)
        {
            foreach (var payload in Deserialize(saved))
            {
                entries[payload.Target!.MessageId] = payload;
            }
        }

        return _entries = entries;
    }

    /// <summary>Each entry as its encoded payload (the codec already validates and pads it), length-prefixed.</summary>
    private static byte[] Serialize(IEnumerable<DevicePayload> entries)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        foreach (var entry in entries)
        {
            var encoded = ContentCodec.Encode(entry);
            writer.Write(encoded.Length);
            writer.Write(encoded);
        }

        writer.Flush();
        return buffer.ToArray();
    }

    private static List<DevicePayload> Deserialize(byte[] saved)
    {
        var entries = new List<DevicePayload>();
        using var reader = new BinaryReader(new MemoryStream(saved));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            entries.Add(ContentCodec.DecodeDevicePayload(reader.ReadBytes(reader.ReadInt32())));
        }

        return entries;
    }
}
