namespace Chatalot.Protocol.Gateway;

/// <summary>A channel was created in a group the recipient can read.</summary>
/// <param name="Channel">The channel.</param>
public sealed record ChannelCreatedEvent(Channels.Channel Channel) : ServerEvent;
