namespace Chatalot.Client;

/// <summary>
/// A message arrived that this device cannot decrypt. It is surfaced as this typed event, never as garbage text
/// and never as silent plaintext, so that an application can show "waiting for this message" or ask for keys.
/// </summary>
public sealed record MessageUndecryptable : ChatalotEvent
{
    /// <summary>The channel's name, from the client's <see cref="EntityDirectory"/>; null for a direct-message channel or when it could not be read.</summary>
    public string? ChannelName { get; init; }

    /// <summary>The channel's community; null for a direct-message channel or when it could not be read.</summary>
    public CommunityId? CommunityId { get; init; }

    /// <summary>The community's name, from the client's <see cref="EntityDirectory"/>; null for a direct-message channel or when it could not be read.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The server-assigned message id.</summary>
    public required MessageId MessageId { get; init; }

    /// <summary>The channel the message was posted in.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The user the server says sent it (not authenticated, since decryption failed).</summary>
    public required UserId ClaimedSenderUserId { get; init; }

    /// <summary>The device the server says sent it, when known.</summary>
    public DeviceId? ClaimedSenderDeviceId { get; init; }

    /// <summary>Why decryption failed.</summary>
    public required UndecryptableReason Reason { get; init; }

    /// <summary>The stable error code of the underlying failure, when there is one.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>When the server stored the message.</summary>
    public DateTimeOffset SentAt { get; init; }

    /// <summary>
    /// Set when what could not be decrypted is the new body of an edit (see <see cref="MessageEdited"/>): when the
    /// server stored that edit. Null for a new message.
    /// </summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
