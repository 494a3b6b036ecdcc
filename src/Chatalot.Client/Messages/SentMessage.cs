namespace Chatalot.Client;

/// <summary>A message this client sent, as acknowledged by the server after its durable write.</summary>
/// <param name="MessageId">The id the server assigned.</param>
/// <param name="ChannelId">The channel it was posted in (for a DM, the direct-message channel).</param>
/// <param name="SentAt">When the server stored it.</param>
public sealed record SentMessage(MessageId MessageId, ChannelId ChannelId, DateTimeOffset SentAt);
