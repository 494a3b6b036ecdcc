namespace Chatalot.Protocol.Gateway;

/// <summary>Answers <c>unsubscribe</c>.</summary>
/// <param name="ChannelIds">The channels no longer subscribed.</param>
public sealed record UnsubscribedFrame(IReadOnlyList<Guid> ChannelIds) : ServerFrame;
