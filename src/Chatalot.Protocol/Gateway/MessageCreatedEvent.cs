namespace Chatalot.Protocol.Gateway;

/// <summary>A message was posted in a subscribed channel (DM messages reach both participants without subscribing).</summary>
/// <param name="Message">The message.</param>
public sealed record MessageCreatedEvent(Messages.Message Message) : ServerEvent;
