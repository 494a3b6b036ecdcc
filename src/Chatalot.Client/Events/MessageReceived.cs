using Chatalot.Protocol.Content;

namespace Chatalot.Client;

/// <summary>
/// A message was received and decrypted. Its <see cref="Text"/> is authenticated end to end as coming from
/// <see cref="Sender"/>; <see cref="Trust"/> says how far that device's identity is trusted.
/// </summary>
public sealed record MessageReceived : ChatalotEvent
{
    /// <summary>The channel's name, from the client's <see cref="EntityDirectory"/>; null for a direct-message channel or when it could not be read.</summary>
    public string? ChannelName { get; init; }

    /// <summary>The channel's community; null for a direct-message channel or when it could not be read.</summary>
    public CommunityId? CommunityId { get; init; }

    /// <summary>The community's name, from the client's <see cref="EntityDirectory"/>; null for a direct-message channel or when it could not be read.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The server-assigned message id.</summary>
    public required MessageId MessageId { get; init; }

    /// <summary>The channel (group text channel or direct-message channel) the message was posted in.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The authenticated sender.</summary>
    public required MessageSender Sender { get; init; }

    /// <summary>The decrypted Markdown text (empty for kinds without text, such as a reaction).</summary>
    public required string Text { get; init; }

    /// <summary>
    /// The whole authenticated content (content.md): its kind (reply, reaction, poll…), target, mentions and attachments.
    /// A kind this version does not know has <see cref="MessageContent.IsKnownKind"/> false: show "unsupported message".
    /// </summary>
    public required MessageContent Content { get; init; }

    /// <summary>When the server stored the message.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>How far the sender's identity key is trusted.</summary>
    public TrustState Trust { get; init; } = TrustState.Trusted;

    /// <summary>Whether the message was posted in a direct-message channel.</summary>
    public bool IsDirect { get; init; }

    /// <summary>Whether this message was fetched by a REST catch-up after a refused resume rather than pushed live.</summary>
    public bool IsCatchUp { get; init; }

    /// <summary>For a reply or thread reply: what it answers, with a preview when this client holds the quoted message.</summary>
    public QuotedMessage? ReplyTo { get; init; }

    /// <summary>
    /// Whether the message mentions this user: by id, by <c>@everyone</c>, or by <c>@here</c> when it arrived live (this
    /// client was online). A user's own messages never do.
    /// </summary>
    public bool MentionsMe { get; init; }

    /// <summary>The padded plaintext exactly as decrypted: the franking opening a report reveals (crypto.md §14.4).</summary>
    internal byte[]? FrankingPlaintext { get; init; }

    /// <summary>
    /// Whether <c>client.Reports</c> can report this message: false only for a message stored before franking existed
    /// (it carries no commitment to open), so a client hides "Report" for it.
    /// </summary>
    public bool CanReport => FrankingPlaintext is not null && Content.FrankingKey is not null;

    /// <summary>What reporting this message reveals; keep it with the message to report it after a restart (null when <see cref="CanReport"/> is false).</summary>
    public FrankingOpening? Opening => CanReport ? new FrankingOpening(FrankingPlaintext!) : null;

    /// <summary>A reference to this message, for a reply, reaction, vote, pin, bookmark or forward.</summary>
    /// <returns>The target reference, bound to its author and client message id.</returns>
    public MessageRef ToRef() => new(MessageId.Value, Sender.UserId.Value, Content.ClientMessageId == Guid.Empty ? null : Content.ClientMessageId);

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();

    /// <summary>Describes the message without its text, so that logging an event never leaks content.</summary>
    public override string ToString() =>
        $"MessageReceived {{ MessageId = {MessageId}, ChannelId = {ChannelId}, Sender = {Sender.UserId}/{Sender.DeviceId}, Trust = {Trust} }}";
}
