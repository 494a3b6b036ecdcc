namespace Chatalot.Protocol.Content;

/// <summary>
/// The kinds of end-to-end message content (content.md §3). Kinds are strings, not an enum, so that a receiver keeps a
/// kind it does not know and shows "unsupported message" instead of dropping it.
/// </summary>
public static class ContentKind
{
    /// <summary>A message: Markdown <see cref="MessageContent.Text"/>, mentions and attachments.</summary>
    public const string Text = "text";

    /// <summary>A message that replies to <see cref="MessageContent.Target"/> (same conversation).</summary>
    public const string Reply = "reply";

    /// <summary>A message in the thread whose root is <see cref="MessageContent.Target"/>.</summary>
    public const string ThreadReply = "thread_reply";

    /// <summary>The new body of the sender's own message <see cref="MessageContent.Target"/>.</summary>
    public const string Edit = "edit";

    /// <summary>The sender retracts its own message <see cref="MessageContent.Target"/>.</summary>
    public const string Delete = "delete";

    /// <summary>Adds the reaction <see cref="MessageContent.Emoji"/> to <see cref="MessageContent.Target"/>.</summary>
    public const string ReactionAdd = "reaction_add";

    /// <summary>Removes the sender's reaction <see cref="MessageContent.Emoji"/> from <see cref="MessageContent.Target"/>.</summary>
    public const string ReactionRemove = "reaction_remove";

    /// <summary>Opens the poll <see cref="MessageContent.Poll"/>.</summary>
    public const string PollCreate = "poll_create";

    /// <summary>The sender's votes (<see cref="MessageContent.Votes"/>) on the poll <see cref="MessageContent.Target"/>; replaces earlier ones.</summary>
    public const string PollVote = "poll_vote";

    /// <summary>The poll's author closes the poll <see cref="MessageContent.Target"/>.</summary>
    public const string PollClose = "poll_close";

    /// <summary>Pins <see cref="MessageContent.Target"/> in its conversation.</summary>
    public const string Pin = "pin";

    /// <summary>Unpins <see cref="MessageContent.Target"/>.</summary>
    public const string Unpin = "unpin";

    /// <summary>Whether a receiver of this format version understands <paramref name="kind"/>.</summary>
    /// <param name="kind">A kind string.</param>
    /// <returns><see langword="true"/> for the kinds listed in this class.</returns>
    public static bool IsKnown(string? kind) => kind is Text or Reply or ThreadReply or Edit or Delete or ReactionAdd or ReactionRemove
        or PollCreate or PollVote or PollClose or Pin or Unpin;

    /// <summary>Whether <paramref name="kind"/> relates to another message and so must carry a target.</summary>
    /// <param name="kind">A kind string.</param>
    /// <returns><see langword="true"/> for every known kind except <see cref="Text"/> and <see cref="PollCreate"/>.</returns>
    public static bool NeedsTarget(string? kind) => IsKnown(kind) && kind is not (Text or PollCreate);
}
