namespace Chatalot.Protocol.Gateway;

/// <summary>Answers <c>subscribe</c> with the channels now subscribed; refused ones come as <c>error</c> frames.</summary>
/// <param name="ChannelIds">The channels subscribed.</param>
public sealed record SubscribedFrame(IReadOnlyList<Guid> ChannelIds) : ServerFrame;
