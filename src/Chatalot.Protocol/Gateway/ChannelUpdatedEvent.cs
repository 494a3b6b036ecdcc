namespace Chatalot.Protocol.Gateway;

/// <summary>A channel's settings changed.</summary>
/// <param name="Channel">The channel.</param>
public sealed record ChannelUpdatedEvent(Channels.Channel Channel) : ServerEvent;
