namespace Chatalot.Protocol.Gateway;

/// <summary>Stops channel events.</summary>
/// <param name="ChannelIds">The channels; an empty list means all.</param>
public sealed record UnsubscribeFrame(IReadOnlyList<Guid> ChannelIds) : ClientFrame;
