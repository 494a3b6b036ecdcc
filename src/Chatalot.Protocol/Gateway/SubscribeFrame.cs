namespace Chatalot.Protocol.Gateway;

/// <summary>Subscribes to channel events; each channel is authorised separately.</summary>
/// <param name="ChannelIds">The channels, at most 100 per frame.</param>
public sealed record SubscribeFrame(IReadOnlyList<Guid> ChannelIds) : ClientFrame;
