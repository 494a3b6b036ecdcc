namespace Chatalot.Client;

/// <summary>
/// A message was deleted. Either the server erased its ciphertext (<c>message_deleted</c>, which a moderator can cause),
/// or its author retracted it end to end (a <c>delete</c> content, <see cref="IsAuthenticated"/>), which also reaches
/// devices that were offline, on catch-up. Applications drop their copy either way; the event can come once for each.
/// </summary>
public sealed record MessageDeleted : ChatalotEvent
{
    /// <summary>The channel the message was in.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The deleted message.</summary>
    public required MessageId MessageId { get; init; }

    /// <summary>Whether the author's retraction was authenticated end to end (otherwise only the server says so).</summary>
    public bool IsAuthenticated { get; init; }

    /// <summary>The user who retracted it, when authenticated.</summary>
    public UserId? DeletedBy { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
