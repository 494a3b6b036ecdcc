namespace Chatalot.Protocol.Content;

/// <summary>The sending user and device, bound inside the ciphertext (content.md §2).</summary>
/// <param name="UserId">The sending user.</param>
/// <param name="DeviceId">The sending device.</param>
public sealed record ContentSender(Guid UserId, int DeviceId);
