using Chatalot.Client;
using Chatalot.Crypto;

namespace Chatalot.Samples.Web.Chat;

/// <summary>Decrypted messages of this session, sending, identity warnings and safety numbers.</summary>
public sealed partial class ChatSession
{
    private const int MaxMessagesPerChannel = 500;
    private readonly Dictionary<Guid, List<ChatMessage>> _messages = [];
    private readonly Dictionary<Guid, int> _unread = [];
    private DateTimeOffset _lastTyping;

    /// <summary>The channel on screen (its messages are not counted as unread).</summary>
    public Guid? ActiveChannel { get; set; }

    /// <summary>Contacts whose identity key changed and who were not accepted again yet.</summary>
    public List<IdentityChanged> IdentityWarnings { get; } = [];

    /// <summary>Raised when a message arrives for a channel (for scrolling), after <see cref="Changed"/>.</summary>
    public event Action<Guid>? MessageArrived;

    public IReadOnlyList<ChatMessage> MessagesOf(Guid channelId) =>
        _messages.TryGetValue(channelId, out var list) ? list : [];

    public int UnreadOf(Guid channelId) => _unread.GetValueOrDefault(channelId);

    public void MarkRead(Guid channelId)
    {
        ActiveChannel = channelId;
        if (_unread.Remove(channelId))
        {
            Notify();
        }
    }

    public async Task SendAsync(ChannelEntry channel, string text)
    {
        var client = RequireClient();
        var sent = channel.DmPartner is { } partner
            ? await client.SendAsync(new UserId(partner), text)
            : await client.SendAsync(new ChannelId(channel.Id), text);
        Add(new ChatMessage
        {
            Id = sent.MessageId.Value,
            ChannelId = channel.Id,
            SenderId = Me!.Id,
            SenderName = Me.DisplayName,
            SentAt = sent.SentAt,
            Text = text,
            IsOwn = true,
        });
    }

    /// <summary>Accepts a contact's new identity key (after the user compared safety numbers).</summary>
    public async Task AcceptIdentityAsync(IdentityChanged warning)
    {
        if (warning.DeviceId is { } device)
        {
            await RequireClient().AcceptIdentityAsync(warning.UserId, device);
        }

        IdentityWarnings.RemoveAll(w => w.UserId == warning.UserId);
        Notify();
    }

    /// <summary>The safety numbers between this device and each of <paramref name="userId"/>'s devices.</summary>
    public async Task<IReadOnlyList<(int DeviceId, string? DeviceName, SafetyNumber Number)>> SafetyNumbersAsync(Guid userId)
    {
        var client = RequireClient();
        var result = new List<(int, string?, SafetyNumber)>();
        foreach (var device in await client.Rest.GetDevicesAsync(new UserId(userId)))
        {
            result.Add((device.DeviceId, device.DeviceName, await client.GetSafetyNumberAsync(new UserId(userId), new DeviceId(device.DeviceId))));
        }

        return result;
    }

    /// <summary>Records that the user compared the safety number of one device: its messages then show as verified.</summary>
    public async Task MarkVerifiedAsync(Guid userId, int deviceId)
    {
        await RequireClient().MarkVerifiedAsync(new UserId(userId), new DeviceId(deviceId));
        IdentityWarnings.RemoveAll(w => w.UserId.Value == userId && w.DeviceId?.Value == deviceId);
        Notify();
    }

    /// <summary>Tells the channel this user is typing (the server relays at most one per 3 s).</summary>
    public async Task SendTypingAsync(Guid channelId)
    {
        if (Client is { } client && (time.GetUtcNow() - _lastTyping) > TimeSpan.FromSeconds(3))
        {
            _lastTyping = time.GetUtcNow();
            await client.SendTypingAsync(new ChannelId(channelId));
        }
    }

    private ValueTask OnMessageAsync(MessageReceived message, CancellationToken cancellationToken)
    {
        if (message.Sender.Username is { } username && !_names.ContainsKey(message.Sender.UserId.Value))
        {
            _names[message.Sender.UserId.Value] = username;
        }

        Add(new ChatMessage
        {
            Id = message.MessageId.Value,
            ChannelId = message.ChannelId.Value,
            SenderId = message.Sender.UserId.Value,
            SenderName = NameOf(message.Sender.UserId.Value),
            SentAt = message.SentAt,
            Text = message.Text,
            IsOwn = message.Sender.UserId.Value == Me?.Id,
            // A changed identity is announced by an IdentityChanged event (the banner); its messages are held until
            // the new key is accepted, so whatever arrives here is from a trusted or verified key.
            Lock = message.Trust == TrustState.Verified ? MessageLock.Verified : MessageLock.Encrypted,
        });
        if (message.IsDirect && FindChannel(message.ChannelId.Value) is null)
        {
            // A first DM from someone: its channel is new to the sidebar.
            return new ValueTask(RefreshDirectoryAsync());
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnUndecryptableAsync(MessageUndecryptable message, CancellationToken cancellationToken)
    {
        Add(new ChatMessage
        {
            Id = message.MessageId.Value,
            ChannelId = message.ChannelId.Value,
            SenderId = message.ClaimedSenderUserId.Value,
            SenderName = NameOf(message.ClaimedSenderUserId.Value),
            SentAt = message.ReceivedAt,
            UndecryptableReason = message.Reason.ToString(),
            Lock = MessageLock.Undecryptable,
        });
        return ValueTask.CompletedTask;
    }

    private ValueTask OnIdentityChangedAsync(IdentityChanged changed, CancellationToken cancellationToken)
    {
        IdentityWarnings.RemoveAll(w => w.UserId == changed.UserId && w.DeviceId == changed.DeviceId);
        IdentityWarnings.Add(changed);
        Notify();
        return ValueTask.CompletedTask;
    }

    private ValueTask OnMemberJoinedAsync(MemberJoined joined, CancellationToken cancellationToken) => new(RefreshDirectoryAsync());

    private ValueTask OnMemberRemovedAsync(MemberRemoved removed, CancellationToken cancellationToken) => new(RefreshDirectoryAsync());

    private void Add(ChatMessage message)
    {
        if (!_messages.TryGetValue(message.ChannelId, out var list))
        {
            _messages[message.ChannelId] = list = [];
        }

        if (list.Any(m => m.Id == message.Id))
        {
            return;
        }

        // Keep time order even when catch-up and live delivery interleave.
        var index = list.FindLastIndex(m => m.SentAt <= message.SentAt) + 1;
        list.Insert(index, message);
        if (list.Count > MaxMessagesPerChannel)
        {
            list.RemoveAt(0);
        }

        if (message.ChannelId != ActiveChannel && !message.IsOwn)
        {
            _unread[message.ChannelId] = _unread.GetValueOrDefault(message.ChannelId) + 1;
        }

        Notify();
        MessageArrived?.Invoke(message.ChannelId);
    }
}
