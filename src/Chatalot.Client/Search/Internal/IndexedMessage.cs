namespace Chatalot.Client.Search.Internal;

/// <summary>
/// A message as the index keeps it: its ids, the searchable text (the body, a poll's question and options, attachment
/// names) and that text's term ids in order, for phrase checks. Never printed: <see cref="ToString"/> has no text.
/// </summary>
internal sealed class IndexedMessage(MessageId id, ChannelId channel, MessageSender sender, DateTimeOffset sentAt, DateTimeOffset? editedAt, string text, MessageFeatures features)
{
    public MessageId Id { get; } = id;

    public ChannelId Channel { get; } = channel;

    public MessageSender Sender { get; } = sender;

    public DateTimeOffset SentAt { get; } = sentAt;

    public DateTimeOffset? EditedAt { get; } = editedAt;

    public string Text { get; } = text;

    public MessageFeatures Features { get; } = features;

    /// <summary>The term id of each token of <see cref="Text"/>, in order; set when indexed.</summary>
    public int[] Terms { get; set; } = [];

    /// <summary>The ordering key: newest first by server time, then by id (UUIDv7, so also by time).</summary>
    public (long Ticks, Guid Id) Order => (SentAt.UtcTicks, Id.Value);

    public override string ToString() => $"IndexedMessage {{ Id = {Id}, Channel = {Channel} }}";
}
