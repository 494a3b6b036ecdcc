namespace Chatalot.Protocol.Messages;

/// <summary>
/// A page of messages, always in ascending id order. <see cref="HasOlder"/> and <see cref="HasNewer"/> say whether
/// the page was cut short at each end, so clients page with <c>before</c> = first id or <c>after</c> = last id.
/// </summary>
/// <param name="Messages">The messages, oldest first.</param>
/// <param name="HasOlder">Whether older messages exist before the first one.</param>
/// <param name="HasNewer">Whether newer messages exist after the last one.</param>
public sealed record MessageList(IReadOnlyList<Message> Messages, bool HasOlder, bool HasNewer);
