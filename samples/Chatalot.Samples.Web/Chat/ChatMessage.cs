namespace Chatalot.Samples.Web.Chat;

/// <summary>A message as the UI shows it: decrypted text (or why it could not be decrypted) with its trust state.</summary>
public sealed partial record ChatMessage
{
    public required Guid Id { get; init; }

    public required Guid ChannelId { get; init; }

    public required Guid SenderId { get; init; }

    public required string SenderName { get; init; }

    public required DateTimeOffset SentAt { get; init; }

    public string? Text { get; init; }

    /// <summary>Set when the message could not be decrypted (yet): the SDK's reason (the text is then null).</summary>
    public string? UndecryptableReason { get; init; }

    /// <summary>A kind of message this version of the app does not know: shown as "unsupported" rather than dropped.</summary>
    public bool IsUnsupported { get; init; }

    public DateTimeOffset? EditedAt { get; init; }

    public MessageLock Lock { get; init; } = MessageLock.Encrypted;

    public bool IsOwn { get; init; }

    /// <summary>Whether the message mentions this user (by name, <c>@everyone</c> or <c>@here</c>; the SDK's <c>MentionsMe</c>): highlighted.</summary>
    public bool MentionsMe { get; init; }

    /// <summary>The users the content mentions (kept so that the search index finds <c>has:mention</c> after a reload).</summary>
    public IReadOnlyList<Guid>? Mentions { get; init; }

    /// <summary>Whether the content mentions <c>@everyone</c> or <c>@here</c>.</summary>
    public bool MentionsEveryone { get; init; }

    /// <summary>A <c>/me</c> action: shown in italics after the sender's name.</summary>
    public bool IsAction { get; init; }

    /// <summary>The sending device, when known (archives written before it was recorded have none).</summary>
    public int? SenderDevice { get; init; }

    /// <summary>The encrypted files the message carries (their keys are in the sealed archive only).</summary>
    public IReadOnlyList<Chatalot.Protocol.Content.AttachmentRef>? Attachments { get; init; }

    /// <summary>Previews of links in the text, made by the sender's client.</summary>
    public IReadOnlyList<Chatalot.Protocol.Content.LinkPreview>? LinkPreviews { get; init; }
}

/// <summary>The lock indicator beside a message.</summary>
public enum MessageLock
{
    /// <summary>End-to-end encrypted from a device whose identity was accepted on first use.</summary>
    Encrypted,

    /// <summary>End-to-end encrypted and the sender's safety number was verified.</summary>
    Verified,

    /// <summary>Could not be decrypted.</summary>
    Undecryptable,
}
