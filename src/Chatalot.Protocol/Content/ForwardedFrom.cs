namespace Chatalot.Protocol.Content;

/// <summary>
/// Where a forwarded message came from (content.md §3.3): as the forwarding client read it, not checked by anyone
/// else (a receiver of the forward cannot see the original).
/// </summary>
/// <param name="SenderId">The user who wrote the original.</param>
/// <param name="SentAt">When the original was stored.</param>
/// <param name="ChannelId">The original's channel; omitted when it was a DM, whose id means nothing to the new readers.</param>
public sealed record ForwardedFrom(Guid SenderId, DateTimeOffset SentAt, Guid? ChannelId = null);
