namespace Chatalot.Crypto;

/// <summary>
/// The transport facts a franking commitment binds (crypto.md §14.2): who sent the body, from which device, into which
/// channel, under which idempotency key (for an edit, the edited message's).
/// </summary>
/// <param name="SenderId">The sending user.</param>
/// <param name="SenderDeviceId">The sending device.</param>
/// <param name="ChannelId">The channel (a DM is a channel).</param>
/// <param name="IdempotencyKey">The message's idempotency key.</param>
public readonly record struct FrankingContext(Guid SenderId, int SenderDeviceId, Guid ChannelId, string IdempotencyKey);
