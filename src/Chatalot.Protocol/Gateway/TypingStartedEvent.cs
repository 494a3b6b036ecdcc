namespace Chatalot.Protocol.Gateway;

/// <summary>A user is typing; show it until <paramref name="ExpiresAt"/> unless renewed.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="UserId">The user.</param>
/// <param name="ExpiresAt">When the indicator lapses.</param>
public sealed record TypingStartedEvent(Guid ChannelId, Guid UserId, DateTimeOffset ExpiresAt) : ServerEvent;
