using Chatalot.Protocol.Content;

namespace Chatalot.Client;

/// <summary>
/// A message was edited and its new body decrypted on the same end-to-end path as a new message, so
/// <see cref="Text"/> is authenticated as coming from <see cref="Sender"/>. An edit this device cannot read is raised
/// as <see cref="MessageUndecryptable"/> with <see cref="MessageUndecryptable.EditedAt"/> set instead.
/// </summary>
public sealed record MessageEdited : ChatalotEvent
{
    /// <summary>The channel's name, from the client's <see cref="EntityDirectory"/>; null for a direct-message channel or when it could not be read.</summary>
    public string? ChannelName { get; init; }

    /// <summary>The channel's community; null for a direct-message channel or when it could not be read.</summary>
    public CommunityId? CommunityId { get; init; }

    /// <summary>The community's name, from the client's <see cref="EntityDirectory"/>; null for a direct-message channel or when it could not be read.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The id of the edited message (unchanged by the edit).</summary>
    public required MessageId MessageId { get; init; }

    /// <summary>The channel the message is in.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The authenticated author of the new body.</summary>
    public required MessageSender Sender { get; init; }

    /// <summary>The decrypted new Markdown text.</summary>
    public required string Text { get; init; }

    /// <summary>The whole authenticated <c>edit</c> content (content.md): new text, mentions and attachments.</summary>
    public required MessageContent Content { get; init; }

    /// <summary>When the server stored the original message.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>When the server stored the edit.</summary>
    public required DateTimeOffset EditedAt { get; init; }

    /// <summary>How far the sender's identity key is trusted.</summary>
    public TrustState Trust { get; init; } = TrustState.Trusted;

    /// <summary>Whether the message is in a direct-message channel.</summary>
    public bool IsDirect { get; init; }

    /// <summary>The padded plaintext exactly as decrypted: the franking opening a report reveals (crypto.md §14.4).</summary>
    internal byte[]? FrankingPlaintext { get; init; }

    /// <summary>Whether <c>client.Reports</c> can report this body: false only for an edit stored before franking existed.</summary>
    public bool CanReport => FrankingPlaintext is not null && Content.FrankingKey is not null;

    /// <summary>What reporting this body reveals; keep it to report the edit after a restart (null when <see cref="CanReport"/> is false).</summary>
    public FrankingOpening? Opening => CanReport ? new FrankingOpening(FrankingPlaintext!) : null;

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();

    /// <summary>Describes the edit without its text, so that logging an event never leaks content.</summary>
    public override string ToString() =>
        $"MessageEdited {{ MessageId = {MessageId}, ChannelId = {ChannelId}, Sender = {Sender.UserId}/{Sender.DeviceId}, EditedAt = {EditedAt:O}, Trust = {Trust} }}";
}
