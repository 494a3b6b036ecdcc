namespace Chatalot.Samples.Web.Chat;

// What a message says about the conversation around it: a reply's quote, a thread reply's root, a poll, a forward.
// Counts (reactions, votes, thread replies) are not here: the SDK's conversation model holds them (ChatSession.Conversations.cs).
public sealed partial record ChatMessage
{
    /// <summary>The sender's client message id: with <see cref="Id"/> and <see cref="SenderId"/>, the reference a reaction, vote or reply binds to.</summary>
    public Guid? ClientMessageId { get; init; }

    /// <summary>Whether the message was posted in a DM.</summary>
    public bool IsDirect { get; init; }

    /// <summary>For a reply: the message it answers.</summary>
    public Guid? ReplyToId { get; init; }

    /// <summary>For a reply: who wrote the message it answers.</summary>
    public Guid? ReplyToAuthor { get; init; }

    /// <summary>For a reply: the first line of the answered message, when this browser read it.</summary>
    public string? ReplyPreview { get; init; }

    /// <summary>For a thread reply: the thread's root (thread replies are shown in the thread panel, not the channel).</summary>
    public Guid? ThreadRootId { get; init; }

    /// <summary>Whether this is a poll (its question, options and tally come from the SDK's model).</summary>
    public bool IsPoll { get; init; }

    /// <summary>For a forwarded message: who wrote the original.</summary>
    public Guid? ForwardedFromSender { get; init; }
}
