using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chatalot.Protocol.Content;

/// <summary>
/// The plaintext of every end-to-end message, content format v1 (<c>docs/protocol/content.md</c>). Besides what the
/// sender says (<see cref="Kind"/> and its body), it binds the context the server also reports — conversation, sender,
/// client message id, time and target — inside the ciphertext, so a receiver can reject a message the server moved to
/// another conversation, attributed to another device or re-attached to another message.
/// </summary>
/// <remarks>
/// Build one with the factory methods (<see cref="CreateText"/>, <see cref="CreateReaction"/>…); the client SDK fills
/// the binding members (<see cref="Conversation"/>, <see cref="Sender"/>, <see cref="ClientMessageId"/>,
/// <see cref="SentAt"/>) when it sends. Encode and decode with <see cref="ContentCodec"/>.
/// </remarks>
public sealed record MessageContent
{
    /// <summary>Creates an empty content; set <see cref="Kind"/> and the members of that kind.</summary>
    [JsonConstructor]
    public MessageContent()
    {
    }

    /// <summary>The content format major version this message follows (<see cref="ContentCodec.FormatVersion"/>).</summary>
    [JsonPropertyName("v")]
    public int Version { get; init; } = ContentCodec.FormatVersion;

    /// <summary>What the message is: one of <see cref="ContentKind"/>, or a later kind this receiver does not know.</summary>
    public required string Kind { get; init; }

    /// <summary>The conversation the sender sent it to.</summary>
    public ConversationRef? Conversation { get; init; }

    /// <summary>The sending user and device.</summary>
    public ContentSender? Sender { get; init; }

    /// <summary>The sender's id for this message; the transport's idempotency key for a new message.</summary>
    public Guid ClientMessageId { get; init; }

    /// <summary>When the sender's clock says it sent the message.</summary>
    public DateTimeOffset SentAt { get; init; }

    /// <summary>The message this one relates to; required by every kind except <see cref="ContentKind.Text"/> and <see cref="ContentKind.PollCreate"/>.</summary>
    public MessageRef? Target { get; init; }

    /// <summary>The Markdown source of a text, reply, thread reply or edit.</summary>
    public string? Text { get; init; }

    /// <summary>The users mentioned in <see cref="Text"/>.</summary>
    public IReadOnlyList<Guid>? Mentions { get; init; }

    /// <summary>The reaction of a <see cref="ContentKind.ReactionAdd"/> or <see cref="ContentKind.ReactionRemove"/>: an emoji or a <c>:shortcode:</c>.</summary>
    public string? Emoji { get; init; }

    /// <summary>The poll of a <see cref="ContentKind.PollCreate"/>.</summary>
    public PollDefinition? Poll { get; init; }

    /// <summary>The chosen option indexes of a <see cref="ContentKind.PollVote"/>; empty withdraws the vote.</summary>
    public IReadOnlyList<int>? Votes { get; init; }

    /// <summary>The files of a text, reply, thread reply or edit.</summary>
    public IReadOnlyList<AttachmentRef>? Attachments { get; init; }

    // The members below were added within format v1 (content.md §1): omitted when absent, so content without them
    // encodes byte for byte as before.

    /// <summary>Whether <see cref="Text"/> mentions every member of the conversation (<c>@everyone</c>); absent means no.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? MentionsEveryone { get; init; }

    /// <summary>Whether <see cref="Text"/> mentions the members online when it is sent (<c>@here</c>); absent means no.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? MentionsHere { get; init; }

    /// <summary>Whether the text is an action (<c>/me waves</c>), shown in italics after the sender's name; absent means no.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Action { get; init; }

    /// <summary>For a forwarded <see cref="ContentKind.Text"/>: where the original came from (content.md §3.3).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ForwardedFrom? ForwardedFrom { get; init; }

    /// <summary>Previews of links in <see cref="Text"/>, made by the sender (content.md §3.6); at most <see cref="ChatalotLimits.LinkPreviewsMax"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<LinkPreview>? LinkPreviews { get; init; }

    /// <summary>
    /// The 32-byte franking key <c>fk</c> of this body (crypto.md §14, content.md §3.7): the key of the commitment that
    /// travels beside the ciphertext. Filled by the SDK on every send and edit; a receiver refuses a message whose
    /// commitment does not open with it. Secret until the receiver reports the message.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public byte[]? FrankingKey { get; init; }

    /// <summary>Members this version does not know, kept so that re-encoding loses nothing (settable: the serializer fills it).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }

    /// <summary>Whether this receiver understands <see cref="Kind"/>; an unknown kind is shown as "unsupported message".</summary>
    [JsonIgnore]
    public bool IsKnownKind => ContentKind.IsKnown(Kind);

    /// <summary>A text message.</summary>
    /// <param name="text">Markdown source.</param>
    /// <param name="mentions">Mentioned users, if any.</param>
    /// <returns>The content.</returns>
    public static MessageContent CreateText(string text, IReadOnlyList<Guid>? mentions = null) =>
        new() { Kind = ContentKind.Text, Text = text, Mentions = NullIfEmpty(mentions) };

    /// <summary>A reply to <paramref name="target"/>.</summary>
    /// <param name="target">The message replied to.</param>
    /// <param name="text">Markdown source.</param>
    /// <param name="mentions">Mentioned users, if any.</param>
    /// <returns>The content.</returns>
    public static MessageContent CreateReply(MessageRef target, string text, IReadOnlyList<Guid>? mentions = null) =>
        new() { Kind = ContentKind.Reply, Target = target, Text = text, Mentions = NullIfEmpty(mentions) };

    /// <summary>A message in the thread rooted at <paramref name="root"/>.</summary>
    /// <param name="root">The thread's root message.</param>
    /// <param name="text">Markdown source.</param>
    /// <param name="mentions">Mentioned users, if any.</param>
    /// <returns>The content.</returns>
    public static MessageContent CreateThreadReply(MessageRef root, string text, IReadOnlyList<Guid>? mentions = null) =>
        new() { Kind = ContentKind.ThreadReply, Target = root, Text = text, Mentions = NullIfEmpty(mentions) };

    /// <summary>The new body of the sender's own message <paramref name="target"/>.</summary>
    /// <param name="target">The message edited.</param>
    /// <param name="text">The new Markdown source.</param>
    /// <param name="mentions">Mentioned users, if any.</param>
    /// <returns>The content.</returns>
    public static MessageContent CreateEdit(MessageRef target, string text, IReadOnlyList<Guid>? mentions = null) =>
        new() { Kind = ContentKind.Edit, Target = target, Text = text, Mentions = NullIfEmpty(mentions) };

    /// <summary>Retracts the sender's own message <paramref name="target"/>.</summary>
    /// <param name="target">The message deleted.</param>
    /// <returns>The content.</returns>
    public static MessageContent CreateDelete(MessageRef target) => new() { Kind = ContentKind.Delete, Target = target };

    /// <summary>Adds or removes a reaction.</summary>
    /// <param name="target">The message reacted to.</param>
    /// <param name="emoji">An emoji or <c>:shortcode:</c>.</param>
    /// <param name="remove">Whether this removes the sender's reaction.</param>
    /// <returns>The content.</returns>
    public static MessageContent CreateReaction(MessageRef target, string emoji, bool remove = false) =>
        new() { Kind = remove ? ContentKind.ReactionRemove : ContentKind.ReactionAdd, Target = target, Emoji = emoji };

    /// <summary>Opens a poll.</summary>
    /// <param name="poll">The question and answers.</param>
    /// <returns>The content.</returns>
    public static MessageContent CreatePoll(PollDefinition poll) => new() { Kind = ContentKind.PollCreate, Poll = poll };

    /// <summary>Votes on a poll, replacing the sender's earlier votes; no option withdraws them.</summary>
    /// <param name="poll">The poll message.</param>
    /// <param name="options">The chosen option indexes.</param>
    /// <returns>The content.</returns>
    public static MessageContent CreatePollVote(MessageRef poll, IReadOnlyList<int> options) =>
        new() { Kind = ContentKind.PollVote, Target = poll, Votes = options };

    /// <summary>Closes the sender's own poll.</summary>
    /// <param name="poll">The poll message.</param>
    /// <returns>The content.</returns>
    public static MessageContent CreatePollClose(MessageRef poll) => new() { Kind = ContentKind.PollClose, Target = poll };

    /// <summary>Pins or unpins a message.</summary>
    /// <param name="target">The message.</param>
    /// <param name="unpin">Whether this unpins it.</param>
    /// <returns>The content.</returns>
    public static MessageContent CreatePin(MessageRef target, bool unpin = false) =>
        new() { Kind = unpin ? ContentKind.Unpin : ContentKind.Pin, Target = target };

    /// <summary>Describes the content without what it says, so logging it never leaks text, keys or votes.</summary>
    /// <returns>The kind, ids and time.</returns>
    public override string ToString() =>
        $"MessageContent {{ Kind = {Kind}, Conversation = {Conversation?.Id}, Sender = {Sender?.UserId}/{Sender?.DeviceId}, ClientMessageId = {ClientMessageId}, Target = {Target?.MessageId} }}";

    private static IReadOnlyList<Guid>? NullIfEmpty(IReadOnlyList<Guid>? list) => list is { Count: > 0 } ? list : null;
}
