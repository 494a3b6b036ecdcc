namespace Chatalot.Protocol.Gateway;

/// <summary>Signals typing in a channel; the server relays at most one per user and channel every 3 seconds.</summary>
/// <param name="ChannelId">The channel.</param>
public sealed record TypingFrame(Guid ChannelId) : ClientFrame;
