namespace Chatalot.Protocol.Gateway;

/// <summary>A message was edited.</summary>
/// <param name="Message">The message with its new body.</param>
public sealed record MessageUpdatedEvent(Messages.Message Message) : ServerEvent;
