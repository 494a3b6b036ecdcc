using System.Collections.Concurrent;
using Chatalot.Client.Connection.Internal;
using Chatalot.Client.Diagnostics;
using Chatalot.Protocol.Content;

namespace Chatalot.Client.Tests.Infrastructure;

/// <summary>An in-memory IChatalotClient: records what is sent, lets tests inject received events.</summary>
internal sealed class FakeChatalotClient : IChatalotClient, IAsyncDisposable
{
    private readonly ConnectionStateTracker _state;

    public FakeChatalotClient(UserId? self = null)
    {
        Events = new EventHub(new EventHubOptions(), null, TimeProvider.System, new ClientMetrics(), ownsMetrics: true);
        _state = new ConnectionStateTracker(Events, TimeProvider.System);
        CurrentUserId = self ?? new UserId(Guid.NewGuid());
        CurrentDeviceId = new DeviceId(Random.Shared.Next(1, int.MaxValue));
        Conversations = new ConversationClient(this, new Chatalot.Client.Conversations.Internal.ConversationModel(), TimeProvider.System, bookmarks: null);
    }

    public ConversationClient Conversations { get; }

    public Chatalot.Client.Voice.VoiceClient Voice { get; } = new(() => throw new ChatalotClientException(ClientErrorCodes.NotConnected, "The fake client has no calls."), () => null);

    /// <summary>Every content sent, with its channel and the id it was given.</summary>
    public ConcurrentQueue<(ChannelId? Channel, UserId? User, MessageContent Content, SentMessage Sent)> SentContents { get; } = new();

    private DateTimeOffset _clock = DateTimeOffset.UtcNow;

    /// <summary>A stored message as the server would acknowledge it: times a millisecond apart, UUIDv7 ids.</summary>
    private SentMessage Ack(ChannelId channel)
    {
        _clock = _clock.AddMilliseconds(1);
        return new SentMessage(new MessageId(Guid.CreateVersion7(_clock)), channel, _clock, Guid.CreateVersion7(_clock));
    }

    public ConnectionState State => _state.State;

    public UserId? CurrentUserId { get; }

    public DeviceId? CurrentDeviceId { get; }

    public EventHub Events { get; }

    public Chatalot.Client.Rest.ChatalotRestClient Rest { get; } = Chatalot.Client.Rest.ChatalotRestClient.Create(new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:9/") });

    public Chatalot.Client.Search.MessageSearchIndex Search { get; } = new();

    public EntityDirectory Directory => new(new Chatalot.Client.Entities.Internal.RestDirectorySource(Rest), null, TimeProvider.System);

    public Chatalot.Client.Previews.LinkPreviewClient LinkPreviews => new(Rest);

    public Chatalot.Client.Previews.GifClient Gifs => new(Rest);

    public ConcurrentQueue<(ChannelId Channel, Protocol.Gateway.PresenceStatus? Presence)> Signals { get; } = new();

    public Task SendTypingAsync(ChannelId channel, CancellationToken cancellationToken = default)
    {
        Signals.Enqueue((channel, null));
        return Task.CompletedTask;
    }

    public Task SetPresenceAsync(Protocol.Gateway.PresenceStatus status, CancellationToken cancellationToken = default)
    {
        Signals.Enqueue((default, status));
        return Task.CompletedTask;
    }

    public ConcurrentQueue<(ChannelId? Channel, UserId? User, string Text)> Sent { get; } = new();

    public int DisconnectCalls { get; private set; }

    /// <summary>Failures the next connect attempts throw, in order; a connect with none left succeeds.</summary>
    public ConcurrentQueue<Exception> ConnectFailures { get; } = new();

    public int ConnectCalls { get; private set; }

    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ConnectCalls++;
        if (ConnectFailures.TryDequeue(out var failure))
        {
            return Task.FromException(failure);
        }

        _state.TransitionTo(ConnectionState.Connecting);
        _state.TransitionTo(ConnectionState.Connected);
        return Task.CompletedTask;
    }

    public Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        DisconnectCalls++;
        _state.TransitionTo(ConnectionState.Disconnected);
        return Task.CompletedTask;
    }

    public ValueTask<SentMessage> SendAsync(ChannelId channel, string text, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((channel, null, text));
        return ValueTask.FromResult(new SentMessage(new MessageId(Guid.NewGuid()), channel, DateTimeOffset.UtcNow, Guid.NewGuid()));
    }

    public ValueTask<SentMessage> SendAsync(ChannelId channel, MessageContent content, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((channel, null, content.Text ?? content.Kind));
        var sent = Ack(channel);
        SentContents.Enqueue((channel, null, content, sent));
        return ValueTask.FromResult(sent);
    }

    public ValueTask<SentMessage> SendAsync(UserId user, MessageContent content, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((null, user, content.Text ?? content.Kind));
        var sent = Ack(new ChannelId(Guid.NewGuid()));
        SentContents.Enqueue((null, user, content, sent));
        return ValueTask.FromResult(sent);
    }

    public ConcurrentQueue<(ChannelId Channel, MessageId Message, string? Text)> Edited { get; } = new();

    public Task EditAsync(ChannelId channel, MessageId messageId, string text, CancellationToken cancellationToken = default)
    {
        Edited.Enqueue((channel, messageId, text));
        return Task.CompletedTask;
    }

    public Task DeleteAsync(ChannelId channel, MessageId messageId, CancellationToken cancellationToken = default)
    {
        Edited.Enqueue((channel, messageId, null));
        return Task.CompletedTask;
    }

    public ValueTask<SentMessage> SendAsync(UserId user, string text, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((null, user, text));
        return ValueTask.FromResult(new SentMessage(new MessageId(Guid.NewGuid()), new ChannelId(Guid.NewGuid()), DateTimeOffset.UtcNow, Guid.NewGuid()));
    }

    public Chatalot.Client.Attachments.AttachmentClient Attachments => new(Rest);

    /// <summary>Every file sent (not uploaded anywhere: the bytes are read and kept), with its channel or user.</summary>
    public ConcurrentQueue<(ChannelId? Channel, UserId? User, Chatalot.Client.Attachments.AttachmentUpload Upload, byte[] Bytes, string? Caption)> Files { get; } = new();

    public ValueTask<SentMessage> SendFileAsync(ChannelId channel, Stream content, string name, string mediaType, string? caption = null, IProgress<Chatalot.Client.Attachments.TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SendFileAsync(channel, content, new Chatalot.Client.Attachments.AttachmentUpload(name, mediaType) { Progress = progress }, caption, cancellationToken);

    public ValueTask<SentMessage> SendFileAsync(UserId user, Stream content, string name, string mediaType, string? caption = null, IProgress<Chatalot.Client.Attachments.TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SendFileAsync(user, content, new Chatalot.Client.Attachments.AttachmentUpload(name, mediaType) { Progress = progress }, caption, cancellationToken);

    public ValueTask<SentMessage> SendFileAsync(ChannelId channel, Stream content, Chatalot.Client.Attachments.AttachmentUpload upload, string? caption = null, CancellationToken cancellationToken = default)
    {
        Files.Enqueue((channel, null, upload, ReadAll(content), caption));
        return ValueTask.FromResult(Ack(channel));
    }

    public ValueTask<SentMessage> SendFileAsync(UserId user, Stream content, Chatalot.Client.Attachments.AttachmentUpload upload, string? caption = null, CancellationToken cancellationToken = default)
    {
        Files.Enqueue((null, user, upload, ReadAll(content), caption));
        return ValueTask.FromResult(Ack(new ChannelId(Guid.NewGuid())));
    }

    private static byte[] ReadAll(Stream content)
    {
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        await Events.DisposeAsync();
    }

    public static MessageReceived Message(string text, ChannelId? channel = null, UserId? from = null) => new()
    {
        MessageId = new MessageId(Guid.NewGuid()),
        ChannelId = channel ?? new ChannelId(Guid.NewGuid()),
        Sender = new MessageSender(from ?? new UserId(Guid.NewGuid()), new DeviceId(Random.Shared.Next(1, int.MaxValue))),
        Text = text,
        Content = MessageContent.CreateText(text),
        SentAt = DateTimeOffset.UtcNow,
    };
}
